// Version history: published versions, publishing the saved definition, and a line diff between any two
// (or between a version and the definition being edited).
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../api/client";
import { aslJson, parseJson } from "./aslText";
import { diffLines, diffStats, type DiffLine } from "./lineDiff";

interface Version {
  id: string;
  number: number;
  description: string;
  revision_id: string;
  created_at: string;
}

const EDITING = "editing";

export function VersionsPanel({ machineId, document, revisionId, dirty, onClose, onPublished }: {
  machineId: string;
  document: Record<string, unknown>;
  revisionId: string;
  dirty: boolean;
  onClose(): void;
  onPublished(): void;
}) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [left, setLeft] = useState<string>("");
  const [right, setRight] = useState<string>(EDITING);
  const [diff, setDiff] = useState<DiffLine[] | null>(null);

  const reload = useCallback(() => {
    api.get<Version[]>(`/api/state-machines/${machineId}/versions/`)
      .then((list) => {
        setVersions(list);
        setLeft((current) => current || (list[0] ? String(list[0].number) : ""));
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [machineId]);
  useEffect(reload, [reload]);

  const textOf = useCallback(async (which: string): Promise<string> => {
    if (which === EDITING) return aslJson(document);
    const version = await api.get<{ definition: string }>(`/api/state-machines/${machineId}/versions/${which}/`);
    const parsed = parseJson(version.definition);
    return parsed.ok ? aslJson(parsed.value) : version.definition; // same formatting on both sides
  }, [document, machineId]);

  useEffect(() => {
    if (!left || !right) return setDiff(null);
    let current = true;
    Promise.all([textOf(left), textOf(right)])
      .then(([a, b]) => current && setDiff(diffLines(a, b)))
      .catch((e: unknown) => current && setError(errorMessage(e)));
    return () => {
      current = false;
    };
  }, [left, right, textOf]);

  const publish = async () => {
    setError(null);
    try {
      await api.post(`/api/state-machines/${machineId}/versions/`, { description, revision_id: revisionId });
      setDescription("");
      reload();
      onPublished();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const options = [
    { value: EDITING, label: dirty ? "Current (unsaved)" : "Current" },
    ...(versions ?? []).map((v) => ({ value: String(v.number), label: `Version ${v.number}${v.description ? ` – ${v.description}` : ""}` })),
  ];
  const stats = diff ? diffStats(diff) : null;
  return (
    <div className="drawer" role="dialog" aria-label="Versions">
      <header>
        <h2>Versions</h2>
        <button type="button" onClick={onClose} aria-label="Close versions">×</button>
      </header>
      {error ? <p className="error-text">{error}</p> : null}
      <div className="publish-row">
        <label htmlFor="version-description">Version description</label>
        <input id="version-description" value={description} maxLength={256} onChange={(e) => setDescription(e.target.value)} />
        <button type="button" className="primary" onClick={publish} disabled={dirty}
          title={dirty ? "Save first: a version publishes the saved definition" : undefined}>
          Publish version
        </button>
      </div>
      {versions === null ? <p className="loading">Loading…</p> : versions.length === 0 ? (
        <p className="empty-small">No versions yet. Publishing makes the saved definition an immutable, numbered version.</p>
      ) : (
        <ul className="version-list" data-testid="version-list">
          {versions.map((v) => (
            <li key={v.id}>
              <strong>Version {v.number}</strong> {v.description ? `– ${v.description}` : ""}
              <time dateTime={v.created_at}>{new Date(v.created_at).toLocaleString()}</time>
            </li>
          ))}
        </ul>
      )}
      <div className="diff-pickers">
        <label htmlFor="diff-left">Compare</label>
        <select id="diff-left" value={left} onChange={(e) => setLeft(e.target.value)}>
          <option value="">Choose…</option>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <label htmlFor="diff-right">with</label>
        <select id="diff-right" value={right} onChange={(e) => setRight(e.target.value)}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </div>
      {diff && stats ? (
        <>
          <p className="diff-stats">+{stats.added} −{stats.removed}</p>
          <pre className="diff" data-testid="version-diff">
            {diff.map((line, index) => (
              <div key={index} className={`diff-${line.kind}`}>
                {line.kind === "added" ? "+ " : line.kind === "removed" ? "- " : "  "}
                {line.text}
              </div>
            ))}
          </pre>
        </>
      ) : null}
    </div>
  );
}
