// "Start execution": a JSON input checked as you type, the last five inputs of this machine a click away,
// an optional name; POSTs to /api/state-machines/<id>/executions/ and opens the new execution.
import { useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import type { ExecutionDetail } from "./api";
import { checkJson } from "./jsonInput";
import { recentInputs, rememberInput } from "./recentInputs";

export interface StartExecutionDialogProps {
  machineId: string;
  machineName?: string;
  /** The input to start from (e.g. "New execution with this input"); else the last one used, else the
   *  machine's sample input, else {}. */
  initialInput?: string;
  /** The machine's sample_input (null or absent when it has none). */
  sampleInput?: unknown;
  onClose: () => void;
  /** Called with the new execution instead of navigating to it. */
  onStarted?: (execution: ExecutionDetail) => void;
}

export function StartExecutionDialog({ machineId, machineName, initialInput, sampleInput, onClose, onStarted }:
  StartExecutionDialogProps) {
  const navigate = useNavigate();
  const recent = useMemo(() => recentInputs(machineId), [machineId]);
  const sample = sampleInput === undefined || sampleInput === null ? undefined : JSON.stringify(sampleInput, null, 2);
  const [text, setText] = useState(initialInput ?? recent[0] ?? sample ?? "{\n  \n}");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const check = checkJson(text);

  const start = async () => {
    if (!check.ok || busy) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { input: text };
      if (name.trim()) body.name = name.trim();
      const execution = await api.post<ExecutionDetail>(`/api/state-machines/${machineId}/executions/`, body);
      rememberInput(machineId, text);
      if (onStarted) onStarted(execution);
      else navigate(`/executions/${execution.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="start-execution-title"
        data-testid="start-execution-dialog"
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void start();
        }}>
        <h2 id="start-execution-title">Start execution{machineName ? ` of ${machineName}` : ""}</h2>
        <label className="field">
          <span>Name (optional)</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="A unique name; a UUID when empty"
            maxLength={80} data-testid="execution-name" />
        </label>
        <label className="field">
          <span>Input (JSON)</span>
          <textarea className={`json ${check.ok ? "" : "invalid"}`} rows={12} value={text} spellCheck={false}
            onChange={(e) => setText(e.target.value)} data-testid="execution-input" aria-invalid={!check.ok} />
        </label>
        <div className={check.ok ? "hint" : "error-text"} data-testid="input-check" role="status">
          {check.ok ? "Valid JSON." : check.message}
        </div>
        {recent.length > 0 && (
          <div className="recent-inputs">
            <span>Recent inputs:</span>
            {recent.map((input, i) => (
              <button type="button" key={i} className="small" title={input} onClick={() => setText(input)}>
                {preview(input)}
              </button>
            ))}
          </div>
        )}
        {error && <div className="error-text" data-testid="start-error">{error}</div>}
        <div className="modal-actions">
          <button type="button" onClick={() => setText(check.ok ? JSON.stringify(check.value, null, 2) : text)}
            disabled={!check.ok}>
            Format
          </button>
          <span className="spacer" />
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary" onClick={() => void start()} disabled={!check.ok || busy}
            data-testid="start-execution-submit">
            {busy ? "Starting…" : "Start execution"}
          </button>
        </div>
      </div>
    </div>
  );
}

function preview(text: string): string {
  const compact = text.replace(/\s+/g, " ").trim();
  return compact.length > 32 ? `${compact.slice(0, 31)}…` : compact;
}
