// The validator's findings, each a button that selects the state (and in Code mode, the place in the text).
import { memo } from "react";
import type { Diagnostic } from "../core/diagnostics";

export const ProblemsList = memo(function ProblemsList({
  diagnostics, checking, onPick,
}: {
  diagnostics: Diagnostic[];
  checking: boolean;
  onPick(diagnostic: Diagnostic): void;
}) {
  const errors = diagnostics.filter((d) => d.severity === "ERROR").length;
  const warnings = diagnostics.length - errors;
  return (
    <section className="problems" aria-label="Problems" data-testid="problems">
      <header>
        <h3>Problems</h3>
        <span className="problem-counts">
          {errors} {errors === 1 ? "error" : "errors"}, {warnings} {warnings === 1 ? "warning" : "warnings"}
          {checking ? " · checking…" : ""}
        </span>
      </header>
      {diagnostics.length ? (
        <ul>
          {diagnostics.map((diagnostic, index) => (
            <li key={`${diagnostic.location}-${diagnostic.code}-${index}`}>
              <button type="button" className={`problem problem-${diagnostic.severity.toLowerCase()}`} onClick={() => onPick(diagnostic)}
                data-testid="problem">
                <span className="problem-severity">{diagnostic.severity === "ERROR" ? "Error" : "Warning"}</span>
                <span className="problem-message">{diagnostic.message}</span>
                <code className="problem-location">{diagnostic.location || "/"}</code>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-small">No problems: AWS would accept this definition.</p>
      )}
    </section>
  );
});
