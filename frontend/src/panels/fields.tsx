// The inspector's form controls: each has a <label htmlFor>, keeps the text being typed locally (so "1."
// or half-written JSON survive re-renders) and shows the validator's problems for its field.
import { useEffect, useId, useState, type ReactNode } from "react";
import type { Diagnostic } from "../core/diagnostics";
import { numberFromText } from "./stateFields";

export interface FieldProps {
  label: string;
  problems?: Diagnostic[];
  help?: ReactNode;
}

function Problems({ problems, id }: { problems?: Diagnostic[]; id: string }) {
  if (!problems?.length) return null;
  return (
    <ul className="field-problems" id={id} data-testid="field-problems">
      {problems.map((problem, index) => (
        <li key={index} className={problem.severity === "ERROR" ? "problem-error" : "problem-warning"}>
          {problem.message}
        </li>
      ))}
    </ul>
  );
}

function Field({ id, label, problems, help, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className={`field${problems?.some((p) => p.severity === "ERROR") ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help ? <div className="field-help">{help}</div> : null}
      <Problems problems={problems} id={`${id}-problems`} />
    </div>
  );
}

/**
 * Local text for a field whose stored value is `value`: it follows outside changes (undo, code view)
 * but not the re-render caused by its own edit, which would drop characters such as a trailing ".".
 */
function useFieldText<T>(value: T, format: (value: T) => string, parse: (text: string) => T) {
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    setText((current) => (sameValue(parse(current), value) ? current : format(value)));
  }, [value]);
  return [text, setText] as const;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export function TextField({
  label, value, onChange, problems, help, placeholder, list, multiline,
}: FieldProps & {
  value: unknown;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  list?: string;
  multiline?: boolean;
}) {
  const id = useId();
  const [text, setText] = useFieldText<unknown>(value, (v) => (v === undefined || v === null ? "" : String(v)), (t) => (t === "" ? undefined : t));
  const change = (next: string) => {
    setText(next);
    onChange(next === "" ? undefined : next);
  };
  const common = {
    id,
    value: text,
    placeholder,
    "aria-invalid": problems?.some((p) => p.severity === "ERROR") || undefined,
    "aria-describedby": problems?.length ? `${id}-problems` : undefined,
  };
  return (
    <Field id={id} label={label} problems={problems} help={help}>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(event) => change(event.target.value)} />
      ) : (
        <input {...common} type="text" list={list} onChange={(event) => change(event.target.value)} />
      )}
    </Field>
  );
}

export function NumberField({
  label, value, onChange, problems, help, placeholder,
}: FieldProps & { value: unknown; onChange: (value: number | string | undefined) => void; placeholder?: string }) {
  const id = useId();
  const [text, setText] = useFieldText<unknown>(value, (v) => (v === undefined ? "" : String(v)), numberFromText);
  return (
    <Field id={id} label={label} problems={problems} help={help}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        aria-invalid={problems?.some((p) => p.severity === "ERROR") || undefined}
        onChange={(event) => {
          setText(event.target.value);
          onChange(numberFromText(event.target.value));
        }}
      />
    </Field>
  );
}

/** A JSON value (payload templates, Result, Assign…): committed only while the text is JSON; "" removes it. */
export function JsonField({
  label, value, onChange, problems, help, rows = 5,
}: FieldProps & { value: unknown; onChange: (value: unknown) => void; rows?: number }) {
  const id = useId();
  const format = (v: unknown) => (v === undefined ? "" : JSON.stringify(v, null, 2));
  const [text, setText] = useFieldText<unknown>(value, format, (t) => {
    try {
      return t.trim() === "" ? undefined : JSON.parse(t);
    } catch {
      return Symbol("invalid"); // never equal to the stored value: the text stays while it is being fixed
    }
  });
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const change = (next: string) => {
    setText(next);
    if (next.trim() === "") {
      setSyntaxError(null);
      onChange(undefined);
      return;
    }
    try {
      const parsed = JSON.parse(next);
      setSyntaxError(null);
      onChange(parsed);
    } catch (error) {
      setSyntaxError(error instanceof Error ? error.message : String(error));
    }
  };
  const shown = syntaxError
    ? [{ severity: "ERROR" as const, code: "JSON", message: `Not JSON yet: ${syntaxError}`, location: "" }, ...(problems ?? [])]
    : problems;
  return (
    <Field id={id} label={label} problems={shown} help={help}>
      <textarea
        id={id}
        className="json-input"
        rows={rows}
        spellCheck={false}
        value={text}
        aria-invalid={Boolean(syntaxError) || undefined}
        onChange={(event) => change(event.target.value)}
      />
    </Field>
  );
}

export function SelectField({
  label, value, options, onChange, problems, help,
}: FieldProps & {
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <Field id={id} label={label} problems={problems} help={help}>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckboxField({
  label, checked, onChange, problems,
}: FieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
      <Problems problems={problems} id={`${id}-problems`} />
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="inspector-section">
      <header>
        <h3>{title}</h3>
        {actions}
      </header>
      {children}
    </section>
  );
}
