// Pretty JSON with collapsible objects and arrays and a copy button.
import { memo, useState } from "react";

const AUTO_OPEN_DEPTH = 2;
const MAX_CHILDREN = 500; // a 10,000-item array opens its first entries; the copy button has all of it

export const JsonView = memo(function JsonView({ value, label, testId }: { value: unknown; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const text = value === undefined ? "" : JSON.stringify(value, null, 2);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <div className="json-view" data-testid={testId}>
      <div className="json-view-bar">
        {label && <span className="json-view-label">{label}</span>}
        <span className="spacer" />
        <button type="button" className="small" onClick={copy} title="Copy as JSON">
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre className="json-view-body">
        {value === undefined ? <span className="muted">—</span> : <JsonNode value={value} depth={0} />}
      </pre>
    </div>
  );
});

function JsonNode({ value, depth }: { value: unknown; depth: number }) {
  const [open, setOpen] = useState(depth < AUTO_OPEN_DEPTH);
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
          {entries.slice(0, MAX_CHILDREN).map(([key, child], i) => (
            <span key={key}>
              {pad}
              {!Array.isArray(value) && <span className="json-key">{JSON.stringify(key)}</span>}
              {!Array.isArray(value) && ": "}
              <JsonNode value={child} depth={depth + 1} />
              {i < entries.length - 1 ? ",\n" : "\n"}
            </span>
          ))}
          {entries.length > MAX_CHILDREN && `${pad}… ${entries.length - MAX_CHILDREN} more\n`}
          {"  ".repeat(depth)}
        </>
      ) : (
        <span className="muted"> {entries.length} {Array.isArray(value) ? "items" : "keys"} </span>
      )}
      {end}
    </span>
  );
}
