// The execution lists' filters and paging, shared by the execution list pages and the Map Run page's child
// executions: a name search (debounced) and a status filter applied on the server, pages read by cursor.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, query } from "../api/client";
import type { ExecutionSummary } from "../core/executionStream";
import { type Page, pathOf } from "./api";

/** The server's page size (stepcraft/api.py Cursor) and the most one page may hold. */
const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const SEARCH_DEBOUNCE_MS = 250;

interface ExecutionFiltersProps {
  statuses: readonly string[];
  status: string;
  onStatus: (status: string) => void;
  /** Called with the trimmed text once typing pauses (one request per pause, not per key). */
  onSearch: (search: string) => void;
}

export function ExecutionFilters({ statuses, status, onStatus, onSearch }: ExecutionFiltersProps) {
  const [text, setText] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => onSearch(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, onSearch]);
  return (
    <div className="toolbar">
      <input type="search" placeholder="Search by name" value={text} onChange={(e) => setText(e.target.value)}
        aria-label="Search by name" data-testid="execution-search" />
      <select value={status} onChange={(e) => onStatus(e.target.value)} aria-label="Status"
        data-testid="execution-status-filter">
        <option value="">Any status</option>
        {statuses.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
    </div>
  );
}

export interface PagedExecutions {
  rows: ExecutionSummary[];
  setRows: React.Dispatch<React.SetStateAction<ExecutionSummary[]>>;
  next: string | null;
  loading: boolean;
  error: string | null;
  loadMore: () => Promise<void>;
  /** Read the first page again (showing "Loading…"), e.g. after the list's websocket reconnected. */
  reload: () => void;
  /** Re-read what is shown, quietly: one request for as many rows as are loaded, which replaces them (the way a
   *  polled list stays current: new rows come in, rows that left the filter go). */
  refresh: () => Promise<void>;
}

/** The executions under `base` (an API list path) matching the status and search, a page at a time. */
export function usePagedExecutions(base: string, status: string, search: string): PagedExecutions {
  const [rows, setRows] = useState<ExecutionSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const shown = useRef(0);
  shown.current = rows.length;
  // Bumped whenever the filters change: an answer to an older request is dropped.
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    api.get<Page<ExecutionSummary>>(base + query({ status, search }))
      .then((page) => {
        if (mine !== generation.current) return;
        setRows(page.results);
        setNext(page.next);
        setError(null);
      })
      .catch((e: unknown) => mine === generation.current && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => mine === generation.current && setLoading(false));
  }, [base, status, search, reloads]);

  useEffect(() => () => {
    generation.current += 1; // unmounted: drop whatever is still in flight
  }, []);

  const loadMore = useCallback(async () => {
    if (!next) return;
    const mine = generation.current;
    const page = await api.get<Page<ExecutionSummary>>(pathOf(next));
    if (mine !== generation.current) return;
    setRows((current) => [...current, ...page.results.filter((r) => !current.some((c) => c.id === r.id))]);
    setNext(page.next);
  }, [next]);

  const refresh = useCallback(async () => {
    const mine = generation.current;
    const size = Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, shown.current));
    const page = await api.get<Page<ExecutionSummary>>(base + query({ status, search, page_size: size }));
    if (mine !== generation.current) return;
    setRows(page.results);
    setNext(page.next);
    setError(null);
  }, [base, status, search]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { rows, setRows, next, loading, error, loadMore, reload, refresh };
}
