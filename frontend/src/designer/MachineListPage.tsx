// State machines (/machines/): search, create, import, rename, duplicate, delete; links to design and runs.
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, errorMessage, query } from "../api/client";
import { canEdit, type Machine, type MachineSummary, type Page, type SavedMachine } from "./machineApi";
import { CreateMachineDialog, ImportMachineDialog, NamePrompt } from "./machineDialogs";
import "./designer.css";

type Dialog =
  | { kind: "create" }
  | { kind: "import" }
  | { kind: "rename"; machine: MachineSummary }
  | { kind: "duplicate"; machine: MachineSummary };

export default function MachineListPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [machines, setMachines] = useState<MachineSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback((term: string) => {
    api.get<Page<MachineSummary>>(`/api/state-machines/${query({ search: term, page_size: 100 })}`)
      .then((page) => {
        setMachines(page.results);
        setNext(page.next);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    const timer = window.setTimeout(() => load(search), 200); // search as you type, one request per pause
    return () => window.clearTimeout(timer);
  }, [search, load]);

  const loadMore = async () => {
    if (!next) return;
    const url = new URL(next, location.href);
    const page = await api.get<Page<MachineSummary>>(`${url.pathname}${url.search}`);
    setMachines((current) => [...(current ?? []), ...page.results]);
    setNext(page.next);
  };

  const opened = (machine: SavedMachine) => navigate(`/machines/${machine.id}/design`);

  const copyTo = async (machine: MachineSummary, name: string) => {
    const full = await api.get<Machine>(`/api/state-machines/${machine.id}/`);
    return api.post<SavedMachine>("/api/state-machines/", {
      name, type: full.type, definition: full.definition, description: full.description,
      logging_level: full.logging_level, include_execution_data: full.include_execution_data,
    });
  };

  const remove = async (machine: MachineSummary) => {
    if (!window.confirm(`Delete ${machine.name} with its versions and executions? This cannot be undone.`)) return;
    try {
      await api.delete(`/api/state-machines/${machine.id}/`);
      load(search);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="machine-list-page">
      <div className="page-header">
        <h1>State machines</h1>
        <span className="spacer" />
        <button type="button" onClick={() => setDialog({ kind: "import" })}>Import</button>
        <button type="button" className="primary" onClick={() => setDialog({ kind: "create" })}>Create state machine</button>
      </div>
      <label htmlFor="machine-search" className="visually-hidden">Search state machines</label>
      <input id="machine-search" type="search" className="list-search" placeholder="Search by name" value={search}
        onChange={(e) => setSearch(e.target.value)} />
      {error ? <p className="error-text" role="alert">{error}</p> : null}
      {machines === null ? <p className="loading">Loading…</p> : machines.length === 0 ? (
        <p className="empty">{search ? `No state machine matches “${search}”.` : "No state machines yet: create one or import an ASL file."}</p>
      ) : (
        <table className="machine-table">
          <thead>
            <tr><th>Name</th><th>Type</th><th>Description</th><th>Owner</th><th>Updated</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {machines.map((machine) => (
              <tr key={machine.id} data-testid="machine-row" data-machine-name={machine.name}>
                <td><Link to={`/machines/${machine.id}/design`}>{machine.name}</Link></td>
                <td>{machine.type}</td>
                <td className="muted">{machine.description}</td>
                <td>{machine.owner}</td>
                <td><time dateTime={machine.updated_at}>{new Date(machine.updated_at).toLocaleString()}</time></td>
                <td className="row-actions">
                  <Link to={`/machines/${machine.id}/design`}>Design</Link>
                  <Link to={`/machines/${machine.id}/executions`}>Executions</Link>
                  <button type="button" className="link-button" onClick={() => setDialog({ kind: "duplicate", machine })}>Duplicate</button>
                  {machine.access === "OWNER" ? (
                    <>
                      <button type="button" className="link-button" onClick={() => setDialog({ kind: "rename", machine })}>Rename</button>
                      <button type="button" className="link-button danger" onClick={() => void remove(machine)}>Delete</button>
                    </>
                  ) : canEdit(machine.access) ? null : <span className="muted">{machine.access?.toLowerCase()}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next ? <button type="button" onClick={() => void loadMore()}>Load more</button> : null}

      {dialog?.kind === "create" ? (
        <CreateMachineDialog machines={machines ?? []} onClose={() => setDialog(null)} onCreated={opened} />
      ) : null}
      {dialog?.kind === "import" ? <ImportMachineDialog onClose={() => setDialog(null)} onCreated={opened} /> : null}
      {dialog?.kind === "duplicate" ? (
        <NamePrompt title={`Duplicate ${dialog.machine.name}`} initial={`${dialog.machine.name}-copy`} action="Duplicate"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            await copyTo(dialog.machine, name);
            setDialog(null);
            load(search);
          }} />
      ) : null}
      {dialog?.kind === "rename" ? (
        <NamePrompt title={`Rename ${dialog.machine.name}`} initial={dialog.machine.name} action="Rename"
          note="Its ARN, and its executions' ARNs, follow the new name. (AWS cannot rename; export keeps the definition only.)"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            await api.patch(`/api/state-machines/${dialog.machine.id}/`, { name });
            setDialog(null);
            load(search);
          }} />
      ) : null}
    </div>
  );
}
