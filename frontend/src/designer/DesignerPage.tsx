// The visual designer (/machines/:machineId/design): palette | canvas or code | inspector, as in Workflow Studio.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, errorMessage } from "../api/client";
import { WorkflowCanvas, type CanvasEditing, type PaletteItem } from "../canvas/WorkflowCanvas";
import { diagnosticsByNode, nodeIdForLocation, type Diagnostic } from "../core/diagnostics";
import {
  connect, copyState, deleteStates, duplicateState, insertState, moveState, newStateTemplate, pasteState, renameState,
  updateState,
  type DropTarget,
} from "../core/document";
import { aslToGraph } from "../core/graph";
import { Inspector } from "../panels/Inspector";
import { splitStatePointer } from "../panels/scope";
import {
  designerStore, isDirty, selectCanRedo, selectCanUndo, selectDocument, useDesigner,
} from "../store/designerStore";
import { clearDraft, draftToOffer, readDraft, writeDraft, type Draft } from "../store/drafts";
import { StartExecutionDialog } from "../viewer/StartExecutionDialog";
import { aslJson, isAslObject, parseJson } from "./aslText";
import { CodeView } from "./CodeView";
import { ExportMenu } from "./ExportMenu";
import { canEdit, canRun, type Machine, type SavedMachine } from "./machineApi";
import { Palette } from "./Palette";
import { ProblemsList } from "./ProblemsList";
import { useHandlerCatalog } from "./useHandlerCatalog";
import { useShortcuts } from "./useShortcuts";
import { useUnsavedGuard } from "./useUnsavedGuard";
import { useValidation } from "./useValidation";
import { VersionsPanel } from "./VersionsPanel";
import "./designer.css";

const DRAFT_DELAY_MS = 800;

export default function DesignerPage() {
  const { machineId = "" } = useParams();
  const [machine, setMachine] = useState<Machine | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draftOffer, setDraftOffer] = useState<Draft | null>(null);

  useEffect(() => {
    let current = true;
    setMachine(null);
    api.get<Machine>(`/api/state-machines/${machineId}/`)
      .then((loaded) => {
        if (!current) return;
        const parsed = parseJson(loaded.definition);
        const doc = parsed.ok && isAslObject(parsed.value) ? parsed.value : { StartAt: "", States: {} };
        designerStore.getState().load(doc);
        setDraftOffer(draftToOffer(readDraft(localStorage, machineId), aslJson(doc)));
        setMachine(loaded);
      })
      .catch((error: unknown) => current && setLoadError(errorMessage(error)));
    return () => {
      current = false;
    };
  }, [machineId]);

  if (loadError) return <div className="empty error-text">Could not open the state machine: {loadError}</div>;
  if (!machine) return <div className="loading">Loading the state machine…</div>;
  return (
    <Designer
      key={machine.id}
      machine={machine}
      onSaved={setMachine}
      draftOffer={draftOffer}
      onDraftHandled={() => setDraftOffer(null)}
    />
  );
}

function Designer({ machine, onSaved, draftOffer, onDraftHandled }: {
  machine: Machine;
  onSaved(machine: Machine): void;
  draftOffer: Draft | null;
  onDraftHandled(): void;
}) {
  const navigate = useNavigate();
  const document = useDesigner(selectDocument);
  const selected = useDesigner((s) => s.selected);
  const mode = useDesigner((s) => s.mode);
  const direction = useDesigner((s) => s.direction);
  const diagnostics = useDesigner((s) => s.diagnostics);
  const codeError = useDesigner((s) => s.codeError);
  const editError = useDesigner((s) => s.editError);
  const dirty = useDesigner(isDirty);
  const undoable = useDesigner(selectCanUndo);
  const redoable = useDesigner(selectCanRedo);
  const catalog = useHandlerCatalog();
  const canvasHost = useRef<HTMLDivElement>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ kind: "info" | "error"; text: string } | null>(null);
  const [showVersions, setShowVersions] = useState(false);
  const [starting, setStarting] = useState(false);
  const [jump, setJump] = useState<{ pointer: string; nonce: number } | null>(null);
  const editable = canEdit(machine.access);
  const store = designerStore.getState;

  const { checking } = useValidation(document, machine.type, useCallback((found: Diagnostic[]) => store().setDiagnostics(found), [store]));
  const graph = useMemo(() => aslToGraph(document), [document]);
  const problemsByNode = useMemo(() => diagnosticsByNode(graph, diagnostics).byNode, [graph, diagnostics]);

  useUnsavedGuard(useCallback(() => isDirty(store()), [store]));

  // Autosave a draft while there are unsaved changes; none once they are saved or undone.
  useEffect(() => {
    if (draftOffer) return; // do not overwrite a draft the user has not decided about yet
    const timer = window.setTimeout(() => {
      if (dirty) writeDraft(localStorage, machine.id, { text: aslJson(document), revisionId: machine.revision_id, savedAt: new Date().toISOString() });
      else clearDraft(localStorage, machine.id);
    }, DRAFT_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [document, dirty, machine.id, machine.revision_id, draftOffer]);

  const editing = useMemo<CanvasEditing>(() => ({
    onDropNew(item: PaletteItem, target: DropTarget) {
      store().editAndSelect((doc) => {
        const state = item.state ?? newStateTemplate(item.type, { doc });
        const inserted = insertState(doc, target, state, item.name);
        return { doc: inserted.doc, select: inserted.pointer };
      });
    },
    onMoveState(pointer, target) {
      store().editAndSelect((doc) => {
        const moved = moveState(doc, pointer, target);
        return { doc: moved.doc, select: moved.pointer };
      });
    },
    onConnect(source, handle, target) {
      store().edit((doc) => connect(doc, source, handle, target));
    },
    onDelete(pointers) {
      store().edit((doc) => deleteStates(doc, pointers));
      store().select(null);
    },
  }), [store]);

  const fitView = useCallback(() => {
    // The canvas has no imperative fit API in the contract: press its own fit-view control.
    canvasHost.current?.querySelector<HTMLButtonElement>(".react-flow__controls-fitview")?.click();
  }, []);

  useShortcuts({
    undo: () => store().undo(),
    redo: () => store().redo(),
    deleteSelected: () => {
      const pointer = store().selected;
      if (!pointer || !splitStatePointer(pointer) || !editable) return;
      store().edit((doc) => deleteStates(doc, [pointer]));
      store().select(null);
    },
    duplicateSelected: () => {
      const pointer = store().selected;
      if (!pointer || !splitStatePointer(pointer) || !editable) return;
      store().editAndSelect((doc) => {
        const copy = duplicateState(doc, pointer);
        return { doc: copy.doc, select: copy.pointer };
      });
    },
    copySelected: () => {
      const pointer = store().selected;
      const copied = pointer && splitStatePointer(pointer) ? copyState(store().history.present, pointer) : undefined;
      if (!copied) return;
      store().setClipboard(copied);
      // Also as JSON text ({"Name": {...}}), for pasting into an editor; a refused clipboard is no loss.
      void navigator.clipboard?.writeText(JSON.stringify({ [copied.name]: copied.state }, null, 2)).catch(() => {});
    },
    paste: () => {
      const copied = store().clipboard;
      if (!copied || !editable) return;
      const pointer = store().selected;
      store().editAndSelect((doc) => {
        const pasted = pasteState(doc, copied, pointer && splitStatePointer(pointer) ? pointer : null);
        return { doc: pasted.doc, select: pasted.pointer };
      });
    },
    fit: fitView,
  }, mode === "design");

  const onInspectorChange = useCallback((pointer: string, state: Record<string, unknown>, field: string) => {
    store().edit((doc) => updateState(doc, pointer, state), { coalesceKey: `${pointer}:${field}` });
  }, [store]);
  const onRename = useCallback((pointer: string, name: string) => {
    store().editAndSelect((doc) => {
      const renamed = renameState(doc, pointer, name);
      return { doc: renamed.doc, select: renamed.pointer };
    });
  }, [store]);

  const save = useCallback(async (): Promise<boolean> => {
    if (codeError) {
      setStatus({ kind: "error", text: codeError });
      return false;
    }
    setSaving(true);
    setStatus(null);
    const doc = store().history.present;
    try {
      // Every save is a version too (publishing an unchanged definition returns the latest version), so the
      // version history holds each saved state of the workflow, to diff or to run.
      const saved = await api.patch<SavedMachine>(`/api/state-machines/${machine.id}/`, { definition: doc, publish: true });
      store().markSaved(aslJson(doc));
      clearDraft(localStorage, machine.id);
      onSaved(saved);
      const warnings = saved.diagnostics.length;
      const version = saved.version ? ` as version ${saved.version.number}` : "";
      setStatus({ kind: "info", text: `Saved${version}${warnings ? ` with ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}.` });
      return true;
    } catch (error) {
      setStatus({ kind: "error", text: `Not saved: ${errorMessage(error)}` });
      return false;
    } finally {
      setSaving(false);
    }
  }, [codeError, machine.id, onSaved, store]);

  const startExecution = async () => {
    if (dirty && !(await save())) return;
    setStarting(true);
  };

  const pickProblem = useCallback((diagnostic: Diagnostic) => {
    const nodeId = nodeIdForLocation(graph, diagnostic.location);
    store().select(nodeId);
    if (store().mode === "code") setJump({ pointer: diagnostic.location, nonce: Date.now() });
  }, [graph, store]);

  const setMode = (next: "design" | "code") => {
    store().setMode(next);
    if (next === "design" && store().codeError) setStatus({ kind: "error", text: `Fix the JSON to switch to Design: ${store().codeError}` });
  };

  return (
    <div className="designer">
      <div className="designer-toolbar" role="toolbar" aria-label="Designer">
        <Link to="/machines/" className="crumb">State machines</Link>
        <span className="crumb-sep">/</span>
        <strong className="machine-name" title={machine.arn}>{machine.name}</strong>
        {dirty ? <span className="dirty-badge" data-testid="dirty">Unsaved changes</span> : null}
        <div className="mode-toggle" role="group" aria-label="Mode">
          <button type="button" aria-pressed={mode === "design"} className={mode === "design" ? "active" : ""} onClick={() => setMode("design")}
            disabled={mode === "code" && Boolean(codeError)} title={codeError ?? undefined}>
            Design
          </button>
          <button type="button" aria-pressed={mode === "code"} className={mode === "code" ? "active" : ""} onClick={() => setMode("code")}>
            Code
          </button>
        </div>
        <span className="spacer" />
        <button type="button" onClick={() => store().undo()} disabled={!undoable} title="Undo (Ctrl+Z)">Undo</button>
        <button type="button" onClick={() => store().redo()} disabled={!redoable} title="Redo (Ctrl+Shift+Z)">Redo</button>
        <button type="button" onClick={() => store().setDirection(direction === "DOWN" ? "RIGHT" : "DOWN")}
          title="Layout direction" aria-label={`Layout: ${direction === "DOWN" ? "vertical" : "horizontal"}`}>
          {direction === "DOWN" ? "↓ Vertical" : "→ Horizontal"}
        </button>
        <button type="button" onClick={fitView} disabled={mode !== "design"} title="Centre the workflow (Alt+C)">Fit</button>
        <ExportMenu document={document} name={machine.name} canvasElement={() => canvasHost.current?.querySelector<HTMLElement>(".react-flow") ?? canvasHost.current} />
        <button type="button" onClick={() => setShowVersions(!showVersions)} aria-pressed={showVersions}>Versions</button>
        <Link to={`/machines/${machine.id}/executions`}>Executions</Link>
        <button type="button" onClick={() => void save()} disabled={!editable || saving || (!dirty && !codeError)} data-testid="save">
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" className="primary" onClick={() => void startExecution()} disabled={!canRun(machine.access) || saving}>
          Start execution
        </button>
      </div>
      {status ? (
        <div className={`designer-status ${status.kind === "error" ? "error-text" : ""}`} role={status.kind === "error" ? "alert" : "status"}>
          {status.text}
          <button type="button" className="link-button" onClick={() => setStatus(null)} aria-label="Dismiss">×</button>
        </div>
      ) : null}
      {editError ? (
        <div className="designer-status error-text" role="alert" data-testid="edit-error">
          {editError}
          <button type="button" className="link-button" onClick={() => store().clearEditError()} aria-label="Dismiss">×</button>
        </div>
      ) : null}
      {draftOffer ? (
        <div className="designer-status draft-offer" role="alert" data-testid="draft-offer">
          Unsaved changes from {new Date(draftOffer.savedAt).toLocaleString()} were kept in this browser.
          <button type="button" onClick={() => {
            const parsed = parseJson(draftOffer.text);
            if (parsed.ok && isAslObject(parsed.value)) store().edit(() => parsed.value as Record<string, unknown>);
            onDraftHandled();
          }}>Restore draft</button>
          <button type="button" onClick={() => { clearDraft(localStorage, machine.id); onDraftHandled(); }}>Discard</button>
        </div>
      ) : null}
      {!editable ? <div className="designer-status">You can view this state machine but not change it.</div> : null}
      <div className={`designer-body mode-${mode}`}>
        {mode === "design" ? <Palette catalog={catalog} /> : null}
        <div className="designer-centre">
          {mode === "design" ? (
            <div className="designer-canvas" ref={canvasHost}>
              <WorkflowCanvas
                definition={document}
                direction={direction}
                diagnosticsByNode={problemsByNode}
                selected={selected}
                onSelect={(id) => store().select(id)}
                editing={editable ? editing : undefined}
              />
            </div>
          ) : (
            <>
              {codeError ? <div className="code-error" role="alert" data-testid="code-error">{codeError} — Design mode opens again once the JSON is valid.</div> : null}
              <CodeView
                document={document}
                selected={selected}
                diagnostics={diagnostics}
                jump={jump}
                onDocument={(doc) => store().edit(() => doc, { coalesceKey: "code" })}
                onInvalid={(message) => store().setCodeError(message)}
                onSelect={(pointer) => store().select(pointer)}
              />
            </>
          )}
          <ProblemsList diagnostics={diagnostics} checking={checking} onPick={pickProblem} />
        </div>
        <Inspector
          document={document}
          pointer={selected}
          diagnostics={diagnostics}
          handlers={catalog?.handlers ?? []}
          onChange={onInspectorChange}
          onRename={onRename}
        />
        {showVersions ? (
          <VersionsPanel
            machineId={machine.id}
            document={document}
            revisionId={machine.revision_id}
            dirty={dirty}
            onClose={() => setShowVersions(false)}
            onPublished={() => setStatus({ kind: "info", text: "Version published." })}
          />
        ) : null}
      </div>
      {starting ? (
        <StartExecutionDialog
          machineId={machine.id}
          machineName={machine.name}
          sampleInput={machine.sample_input}
          onClose={() => setStarting(false)}
          onStarted={(execution) => navigate(`/executions/${execution.id}`)}
        />
      ) : null}
    </div>
  );
}
