// Pretty JSON with collapsible objects and arrays and a copy button.
import { memo, useDeferredValue, useState } from "react";
import { CopyButton } from "./CopyButton";

const AUTO_OPEN_DEPTH = 2;
// A 10,000-item array opens its first entries (a button shows more; the copy button has all of it): the
// execution header shows the input and output of a big Map's execution as the page opens.
const FIRST_CHILDREN = 100;
const MORE_CHILDREN = 500;

const PENDING = Symbol("pending");

export const JsonView = memo(function JsonView({ value, label, testId }: { value: unknown; label?: string; testId?: string }) {
  // The tree is rendered as a deferred (interruptible) update: a big payload (a 10,000-item Map's input)
  // then costs several short tasks after the page shows, not one long one before.
  const shown = useDeferredValue<unknown>(value, PENDING);
  const text = value === undefined ? "" : JSON.stringify(value, null, 2);
  return (
    <div className="json-view" data-testid={testId}>
      <div className="json-view-bar">
        {label && <span className="json-view-label">{label}</span>}
        <span className="spacer" />
        <CopyButton text={text} title="Copy as JSON" />
      </div>
      <pre className="json-view-body">
        {shown === PENDING ? <span className="muted">…</span>
          : shown === undefined ? <span className="muted">—</span> : <JsonNode value={shown} depth={0} />}
      </pre>
    </div>
  );
});

function JsonNode({ value, depth }: { value: unknown; depth: number }) {
  const [open, setOpen] = useState(depth < AUTO_OPEN_DEPTH);
  const [limit, setLimit] = useState(FIRST_CHILDREN);
  if (value === null || typeof value !== "object") {
    return <span className={`json-${value === null ? "null" : typeof value}`}>{JSON.stringify(value)}</span>;
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const [start, end] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (!entries.length) return <span>{start + end}</span>;
  const pad = "  ".repeat(depth + 1);
  return (
    <span>
      <button type="button" className="json-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? "▾" : "▸"}
      </button>
      {start}
      {open ? (
        <>
          {"\n"}
          {entries.slice(0, limit).map(([key, child], i) => (
            <span key={key}>
              {pad}
              {!Array.isArray(value) && <span className="json-key">{JSON.stringify(key)}</span>}
              {!Array.isArray(value) && ": "}
              <JsonNode value={child} depth={depth + 1} />
              {i < entries.length - 1 ? ",\n" : "\n"}
            </span>
          ))}
          {entries.length > limit && (
            <>
              {pad}
              <button type="button" className="json-more" onClick={() => setLimit(limit + MORE_CHILDREN)}>
                … {entries.length - limit} more
              </button>
              {"\n"}
            </>
          )}
          {"  ".repeat(depth)}
        </>
      ) : (
        <span className="muted"> {entries.length} {Array.isArray(value) ? "items" : "keys"} </span>
      )}
      {end}
    </span>
  );
}
