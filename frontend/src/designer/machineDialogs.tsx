// The state machine list's dialogs: create (blank or from an existing machine such as an example),
// import (paste or upload ASL JSON/YAML), and a name prompt for rename and duplicate.
import { useState, type FormEvent } from "react";
import { api, errorMessage } from "../api/client";
import { aslJson } from "./aslText";
import type { Machine, MachineSummary, SavedMachine } from "./machineApi";
import { Modal } from "./Modal";

/** A new machine's definition: one Pass, so it is valid (and savable) from the start. */
export const BLANK_DEFINITION = {
  Comment: "A new state machine",
  StartAt: "Hello",
  States: { Hello: { Type: "Pass", Result: "Hello, world", End: true } },
};

export function CreateMachineDialog({ machines, onClose, onCreated }: {
  machines: MachineSummary[];
  onClose(): void;
  onCreated(machine: SavedMachine): void;
}) {
  const [name, setName] = useState("");
  const [type, setType] = useState<"STANDARD" | "EXPRESS">("STANDARD");
  const [source, setSource] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const definition = source
        ? (await api.get<Machine>(`/api/state-machines/${source}/`)).definition
        : aslJson(BLANK_DEFINITION);
      const description = source ? `From ${machines.find((m) => m.id === source)?.name ?? "an example"}` : "";
      onCreated(await api.post<SavedMachine>("/api/state-machines/", { name, type, definition, description }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Modal title="Create state machine" onClose={onClose} testId="create-dialog">
      <form onSubmit={submit} className="form">
        <label htmlFor="create-name">Name</label>
        <input id="create-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoFocus
          placeholder="Letters, digits, - and _" />
        <label htmlFor="create-type">Type</label>
        <select id="create-type" value={type} onChange={(e) => setType(e.target.value as "STANDARD" | "EXPRESS")}>
          <option value="STANDARD">Standard</option>
          <option value="EXPRESS">Express</option>
        </select>
        <label htmlFor="create-source">Start from</label>
        <select id="create-source" value={source} onChange={(e) => setSource(e.target.value)}>
          <option value="">A blank workflow</option>
          {machines.map((m) => <option key={m.id} value={m.id}>A copy of {m.name}</option>)}
        </select>
        {error ? <p className="error-text" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !name}>Create</button>
        </div>
      </form>
    </Modal>
  );
}

export function ImportMachineDialog({ onClose, onCreated }: { onClose(): void; onCreated(machine: SavedMachine): void }) {
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [format, setFormat] = useState<"auto" | "json" | "yaml">("auto");
  const [type, setType] = useState<"STANDARD" | "EXPRESS">("STANDARD");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const readFile = (file: File | undefined) => {
    if (!file) return;
    file.text().then((content) => {
      setText(content);
      if (/\.ya?ml$/i.test(file.name)) setFormat("yaml");
      if (!name) setName(file.name.replace(/(\.asl)?\.(json|ya?ml)$/i, "").replace(/[^A-Za-z0-9_-]+/g, "-"));
    });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.post<SavedMachine>("/api/state-machines/import/", { name, definition: text, format, type }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Modal title="Import state machine" onClose={onClose} testId="import-dialog">
      <form onSubmit={submit} className="form">
        <label htmlFor="import-file">ASL file (JSON or YAML)</label>
        <input id="import-file" type="file" accept=".json,.yaml,.yml,application/json,application/yaml"
          onChange={(e) => readFile(e.target.files?.[0])} />
        <label htmlFor="import-text">Or paste the definition</label>
        <textarea id="import-text" className="json" rows={12} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false}
          placeholder='{"StartAt": "…", "States": {…}}' />
        <label htmlFor="import-format">Format</label>
        <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as "auto" | "json" | "yaml")}>
          <option value="auto">Detect (JSON, then YAML)</option>
          <option value="json">JSON</option>
          <option value="yaml">YAML</option>
        </select>
        <label htmlFor="import-name">Name</label>
        <input id="import-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        <label htmlFor="import-type">Type</label>
        <select id="import-type" value={type} onChange={(e) => setType(e.target.value as "STANDARD" | "EXPRESS")}>
          <option value="STANDARD">Standard</option>
          <option value="EXPRESS">Express</option>
        </select>
        {error ? <p className="error-text" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !name || !text.trim()}>Import</button>
        </div>
      </form>
    </Modal>
  );
}

export function NamePrompt({ title, initial, note, action, onClose, onSubmit }: {
  title: string;
  initial: string;
  note?: string;
  action: string;
  onClose(): void;
  onSubmit(name: string): Promise<void>;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <label htmlFor="machine-new-name">New name</label>
        <input id="machine-new-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoFocus />
        {note ? <p className="field-help">{note}</p> : null}
        {error ? <p className="error-text" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !name || name === initial}>{action}</button>
        </div>
      </form>
    </Modal>
  );
}
