// Code mode: the whole ASL in CodeMirror 6. Valid JSON objects flow into the document as you type;
// invalid JSON stays in the editor (and blocks Design mode); the selected state is highlighted and the
// validator's problems are lint markers.
import { useEffect, useRef } from "react";
import { basicSetup } from "codemirror";
import { json } from "@codemirror/lang-json";
import { lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import { Annotation, EditorState, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";
import type { Diagnostic } from "../core/diagnostics";
import { aslJson, isAslObject, parseJson } from "./aslText";
import { jsonLocations, rangeOfPointer, stateAtOffset } from "./jsonLocations";

/** Marks the transactions that load the document from outside, which must not flow back as edits. */
const fromOutside = Annotation.define<boolean>();
const setHighlight = StateEffect.define<{ from: number; to: number } | null>();
const highlightMark = Decoration.mark({ class: "cm-selected-state" });
const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    decorations = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setHighlight)) {
        decorations = effect.value && effect.value.to > effect.value.from
          ? Decoration.set([highlightMark.range(effect.value.from, effect.value.to)])
          : Decoration.none;
      }
    }
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export interface CodeViewProps {
  document: Record<string, unknown>;
  selected: string | null;
  diagnostics: Diagnostic[];
  /** A pointer to scroll to and put the cursor at (a picked problem); `nonce` repeats the same jump. */
  jump: { pointer: string; nonce: number } | null;
  onDocument(doc: Record<string, unknown>): void;
  onInvalid(message: string | null): void;
  /** The cursor moved into a state's text: select it, as a click on its node would. */
  onSelect(pointer: string): void;
}

export function CodeView({ document, selected, diagnostics, jump, onDocument, onInvalid, onSelect }: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onDocument, onInvalid, onSelect });
  callbacks.current = { onDocument, onInvalid, onSelect };
  const shown = useRef(document);
  shown.current = document;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: aslJson(document),
        extensions: [
          basicSetup,
          json(),
          lintGutter(),
          highlightField,
          EditorView.updateListener.of((update) => {
            if (update.selectionSet && update.transactions.some((t) => t.isUserEvent("select"))) {
              const pointer = stateAtOffset(jsonLocations(update.state.doc.toString()), update.state.selection.main.head);
              if (pointer) callbacks.current.onSelect(pointer);
            }
            if (!update.docChanged || update.transactions.every((t) => t.annotation(fromOutside) === true)) return;
            const parsed = parseJson(update.state.doc.toString());
            if (!parsed.ok) {
              callbacks.current.onInvalid(`The definition is not valid JSON: ${parsed.message}`);
              const length = update.state.doc.length;
              const from = Math.min(parsed.offset ?? length, Math.max(0, length - 1));
              // Mark the syntax error where the parser stopped (after this update: no dispatch inside one).
              setTimeout(() => {
                const editor = view.current;
                if (!editor || editor.state.doc.length !== length) return;
                editor.dispatch(setDiagnostics(editor.state, [{ from, to: Math.min(length, from + 1), severity: "error", message: parsed.message }]));
              });
            } else if (!isAslObject(parsed.value)) {
              callbacks.current.onInvalid("The definition must be a JSON object.");
            } else {
              callbacks.current.onInvalid(null);
              // Whitespace or a typo undone: the same document, no undo step.
              if (JSON.stringify(parsed.value) !== JSON.stringify(shown.current)) callbacks.current.onDocument(parsed.value);
            }
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later documents arrive through the effect below.
  }, []);

  // The document changed elsewhere (undo, a canvas edit, the inspector): show it unless the text already says it.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = parseJson(editor.state.doc.toString());
    if (current.ok && JSON.stringify(current.value) === JSON.stringify(document)) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: aslJson(document) },
      annotations: fromOutside.of(true),
    });
    callbacks.current.onInvalid(null);
  }, [document]);

  // The selected state's range, and the lint markers, follow the text.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const text = editor.state.doc.toString();
    const ranges = jsonLocations(text);
    const range = selected ? ranges.get(selected) : undefined;
    const lint: LintDiagnostic[] = diagnostics.flatMap((d) => {
      const at = rangeOfPointer(ranges, d.location);
      if (!at) return [];
      const from = at.keyFrom ?? at.from;
      return [{ from, to: Math.min(at.to, from + Math.max(1, at.to - from)), severity: d.severity === "ERROR" ? "error" : "warning", message: d.message }];
    });
    editor.dispatch(setDiagnostics(editor.state, lint));
    editor.dispatch({
      effects: setHighlight.of(range ? { from: range.keyFrom ?? range.from, to: range.to } : null),
    });
  }, [selected, diagnostics, document]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || !jump) return;
    const range = rangeOfPointer(jsonLocations(editor.state.doc.toString()), jump.pointer);
    if (!range) return;
    const at = range.keyFrom ?? range.from;
    editor.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
    editor.focus();
  }, [jump]);

  return <div className="code-view" ref={host} data-testid="code-view" />;
}
