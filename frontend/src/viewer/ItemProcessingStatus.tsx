// A Map Run's items by status: a proportional bar and the numbers (the Map Run page's "Item processing status",
// and the Map Run box of a Distributed Map's step panel).
import { COUNT_ROWS, countSegments, type MapRunCounts } from "./mapRun";
import { formatCount } from "./format";

export function ItemCountsBar({ counts }: { counts: MapRunCounts }) {
  const segments = countSegments(counts);
  return (
    <div className="count-bar" role="img" data-testid="item-count-bar"
      aria-label={segments.map((s) => `${s.label} ${s.count}`).join(", ") || "No items"}>
      {segments.map((s) => (
        <span key={s.key} className={`count-bar-segment seg-status-${s.tone}`} style={{ width: `${s.percent}%` }}
          title={`${s.label}: ${formatCount(s.count)}`} data-count-key={s.key} />
      ))}
    </div>
  );
}

/** The bar and one number per status, then the total. `compact`: one line of numbers (the step panel). */
export function ItemProcessingStatus({ counts, compact = false }: { counts: MapRunCounts; compact?: boolean }) {
  return (
    <div className={`item-status${compact ? " compact" : ""}`} data-testid="item-counts">
      <ItemCountsBar counts={counts} />
      <dl className="item-counts">
        {COUNT_ROWS.map((row) => (
          <div key={row.key} data-count={row.key}>
            <dt><span className={`count-key seg-status-${row.tone}`} />{row.label}</dt>
            <dd data-testid={`count-${row.key}`}>{formatCount(counts[row.key])}</dd>
          </div>
        ))}
        <div data-count="total">
          <dt>Total</dt>
          <dd data-testid="count-total">{formatCount(counts.total)}</dd>
        </div>
      </dl>
    </div>
  );
}
