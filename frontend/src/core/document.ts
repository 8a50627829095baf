// Pure operations on an ASL document. Every function returns a NEW document and never mutates its input;
// subtrees an operation did not change are shared with the input (so React memoisation keeps working).
// State names are unique across the whole machine (ASL requires it), transitions stay inside their scope.
import { endMarkerId, mapProcessorPointer, markerScope, type GraphEdge, type StatePointer, type StateType } from "./graph";
import { getAtPointer, isPointerPrefix, isRecord, joinPointer, parsePointer } from "./pointer";

export type DropTarget =
  | { kind: "edge"; edge: GraphEdge }
  | { kind: "container"; containerId: string }
  | { kind: "canvas" };

export type AslDocument = Record<string, unknown>;
export type StateJson = Record<string, unknown>;

export interface TemplateOptions {
  /** The document the state goes into: nested state names are made unique in it, and a JSONata machine
   *  (top-level QueryLanguage "JSONata") gets JSONata fields (Condition, Arguments). */
  doc?: unknown;
}

/** An operation that cannot be carried out (name taken, bad pointer); the message is meant for the user. */
export class DocumentError extends Error {}

type Scope = { StartAt?: unknown; States: Record<string, unknown> } & Record<string, unknown>;

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** `next` with every subtree that is deep-equal to the same place in `previous` replaced by the previous object. */
function shareUnchanged(previous: unknown, next: unknown): unknown {
  if (previous === next) return previous;
  if (Array.isArray(previous) && Array.isArray(next)) {
    const items = next.map((item, i) => (i < previous.length ? shareUnchanged(previous[i], item) : item));
    const same = items.length === previous.length && items.every((item, i) => item === previous[i]);
    return same ? previous : items;
  }
  if (isRecord(previous) && isRecord(next)) {
    const keys = Object.keys(next);
    const previousKeys = Object.keys(previous);
    const result: Record<string, unknown> = {};
    let same = keys.length === previousKeys.length;
    keys.forEach((key, i) => {
      const value = Object.prototype.hasOwnProperty.call(previous, key) ? shareUnchanged(previous[key], next[key]) : next[key];
      result[key] = value;
      if (value !== previous[key] || previousKeys[i] !== key) same = false;
    });
    return same ? previous : result;
  }
  return next;
}

/** Runs `edit` on a deep copy of `doc` and returns the copy, sharing unchanged subtrees with `doc`. */
function produce<R>(doc: unknown, edit: (draft: AslDocument) => R): { doc: AslDocument; result: R } {
  const draft = (isRecord(doc) ? clone(doc) : {}) as AslDocument;
  const result = edit(draft);
  return { doc: shareUnchanged(doc, draft) as AslDocument, result };
}

// ---------------------------------------------------------------------------------------------------------
// Addressing

interface StateAddress {
  scopePointer: string;
  name: string;
}

/** Splits ".../States/<name>" into its scope pointer and state name. */
function addressOf(pointer: StatePointer): StateAddress | undefined {
  const tokens = parsePointer(pointer);
  if (tokens.length < 2 || tokens[tokens.length - 2] !== "States") return undefined;
  const scopeTokens = tokens.slice(0, -2);
  return { scopePointer: scopeTokens.length ? joinPointer("", ...scopeTokens) : "", name: tokens[tokens.length - 1] };
}

function statePointer(scopePointer: string, name: string): StatePointer {
  return joinPointer(scopePointer, "States", name);
}

function scopeAt(doc: unknown, scopePointer: string): Scope | undefined {
  const scope = getAtPointer(doc, scopePointer);
  return isRecord(scope) && isRecord(scope.States) ? (scope as Scope) : undefined;
}

/** The scope's object, creating an empty States map when the scope object exists without one. */
function ensureScope(doc: unknown, scopePointer: string): Scope | undefined {
  const scope = getAtPointer(doc, scopePointer);
  if (!isRecord(scope)) return undefined;
  if (!isRecord(scope.States)) scope.States = {};
  return scope as Scope;
}

export function getState(doc: unknown, pointer: StatePointer): StateJson | undefined {
  const address = addressOf(pointer);
  if (!address) return undefined;
  const state = scopeAt(doc, address.scopePointer)?.States[address.name];
  return isRecord(state) ? state : undefined;
}

/** Every scope of a document (root, branches, Map processors) with its pointer, outermost first. */
function scopesOf(doc: unknown): { pointer: string; scope: Scope }[] {
  const found: { pointer: string; scope: Scope }[] = [];
  const visit = (scopePointer: string) => {
    const scope = scopeAt(doc, scopePointer);
    if (!scope) return;
    found.push({ pointer: scopePointer, scope });
    for (const [name, state] of Object.entries(scope.States)) {
      if (!isRecord(state)) continue;
      const pointer = statePointer(scopePointer, name);
      if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
        state.Branches.forEach((_, i) => visit(joinPointer(pointer, "Branches", i)));
      } else if (state.Type === "Map") {
        const processor = mapProcessorPointer(pointer, state);
        if (processor) visit(processor);
      }
    }
  };
  visit("");
  return found;
}

/** Every state name in the document, nested states included. */
export function stateNames(doc: unknown): Set<string> {
  const names = new Set<string>();
  for (const { scope } of scopesOf(doc)) for (const name of Object.keys(scope.States)) names.add(name);
  return names;
}

/** Whether `name` can be given to a state: non-empty and not used by another state. (Length and character
 *  rules are the validator's: it reports them like AWS does.) */
export function isNameAvailable(doc: unknown, name: string, exceptPointer?: StatePointer): boolean {
  if (name.trim() === "") return false;
  if (exceptPointer !== undefined && addressOf(exceptPointer)?.name === name) return true;
  return !stateNames(doc).has(name);
}

/** `base`, or "base (1)", "base (2)", ... : the first not in `taken`. A trailing " (n)" of `base` is replaced. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  const stem = base.replace(/ \(\d+\)$/, "");
  for (let i = 1; ; i++) {
    const candidate = `${stem} (${i})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Sets `newKey` to `value` where `oldKey` was (keeping the key order people wrote), or at the end. */
function replaceKey(object: Record<string, unknown>, oldKey: string, newKey: string, value: unknown): void {
  if (!Object.prototype.hasOwnProperty.call(object, oldKey)) {
    object[newKey] = value; // an existing key keeps its place, a new one goes last
    return;
  }
  const entries = Object.entries(object);
  for (const [key] of entries) delete object[key];
  for (const [key, current] of entries) {
    if (key === oldKey) object[newKey] = value;
    else if (key !== newKey) object[key] = current;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Transitions inside one scope

/** Calls `visit` for every field of `state` that names another state of its scope. */
function forEachTransition(
  state: Record<string, unknown>,
  visit: (target: string, set: (name: string) => void, remove: () => void, kind: "next" | "choice" | "default" | "catch") => void,
): void {
  if (typeof state.Next === "string") {
    visit(state.Next, (n) => { state.Next = n; }, () => replaceKey(state, "Next", "End", true), "next");
  }
  if (typeof state.Default === "string") visit(state.Default, (n) => { state.Default = n; }, () => { delete state.Default; }, "default");
  if (Array.isArray(state.Choices)) {
    for (const rule of state.Choices) {
      // A rule keeps its (now dangling) Next when there is nothing to redirect it to: the condition is the
      // user's work, and the validator points at the rule so it can be reconnected.
      if (isRecord(rule) && typeof rule.Next === "string") visit(rule.Next, (n) => { rule.Next = n; }, () => {}, "choice");
    }
  }
  if (Array.isArray(state.Catch)) {
    const catchers = state.Catch;
    for (const catcher of [...catchers]) {
      if (!isRecord(catcher) || typeof catcher.Next !== "string") continue;
      visit(catcher.Next, (n) => { catcher.Next = n; }, () => {
        catchers.splice(catchers.indexOf(catcher), 1);
        if (catchers.length === 0) delete state.Catch;
      }, "catch");
    }
  }
}

/** Points every transition of the scope (and its StartAt) that names `from` at `to` (or removes it when `to` is
 *  null: a Next becomes End, a Default or a Catcher is dropped, StartAt moves to the first remaining state). */
function redirect(scope: Scope, from: string, to: string | null): void {
  for (const state of Object.values(scope.States)) {
    if (!isRecord(state)) continue;
    forEachTransition(state, (target, set, remove) => {
      if (target !== from) return;
      if (to === null) remove();
      else set(to);
    });
  }
  if (scope.StartAt === from) {
    const first = Object.keys(scope.States).find((name) => name !== from);
    if (to !== null) scope.StartAt = to;
    else if (first !== undefined) scope.StartAt = first;
    else delete scope.StartAt;
  }
}

/** The one state `state` hands over to, "END" when it ends its scope, or null when it has no single successor. */
function successorOf(state: Record<string, unknown>): string | null {
  if (typeof state.Next === "string") return state.Next;
  if (state.End === true) return "END";
  if (state.Type === "Choice" && Array.isArray(state.Choices)) {
    const targets = new Set<unknown>(state.Choices.map((rule) => (isRecord(rule) ? rule.Next : undefined)));
    if (state.Default !== undefined) targets.add(state.Default);
    if (targets.size === 1) {
      const [only] = targets;
      if (typeof only === "string") return only;
    }
  }
  return null;
}

const CAN_HAVE_NEXT = new Set(["Task", "Pass", "Wait", "Parallel", "Map"]);

/** Replaces a state's Next/End with a transition to `next` (a state name, or null to end the scope). */
function setOutgoing(state: Record<string, unknown>, next: string | null): void {
  if (state.Type === "Choice") {
    // A Choice has no Next: the successor fills whatever the template left open.
    if (next === null) return;
    if (Array.isArray(state.Choices)) {
      for (const rule of state.Choices) if (isRecord(rule) && !rule.Next) rule.Next = next;
    }
    if (!state.Default) state.Default = next;
    return;
  }
  if (!CAN_HAVE_NEXT.has(String(state.Type))) return;
  delete state.Next;
  delete state.End;
  if (next === null) state.End = true;
  else state.Next = next;
}

/** Takes a state out of its scope; its predecessors are pointed at its successor (or end when it has none). */
function detach(scope: Scope, name: string): Record<string, unknown> | undefined {
  const state = scope.States[name];
  if (state === undefined) return undefined;
  const successor = isRecord(state) ? successorOf(state) : null;
  delete scope.States[name];
  redirect(scope, name, successor === null || successor === "END" || successor === name ? null : successor);
  return isRecord(state) ? state : {};
}

// ---------------------------------------------------------------------------------------------------------
// Nested names

/** Renames the states nested inside `state` (branches, processors) that collide with `taken`, updating the
 *  transitions of their scope; adds every nested name to `taken`. */
function uniquifyNested(state: Record<string, unknown>, taken: Set<string>): void {
  const scopes: Scope[] = [];
  if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
    for (const branch of state.Branches) if (isRecord(branch) && isRecord(branch.States)) scopes.push(branch as Scope);
  }
  if (state.Type === "Map") {
    const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : state.Iterator;
    if (isRecord(processor) && isRecord(processor.States)) scopes.push(processor as Scope);
  }
  for (const scope of scopes) {
    const renames = new Map<string, string>();
    for (const name of Object.keys(scope.States)) {
      const unique = uniqueName(name, taken);
      taken.add(unique);
      if (unique !== name) renames.set(name, unique);
    }
    if (renames.size > 0) {
      scope.States = Object.fromEntries(Object.entries(scope.States).map(([n, s]) => [renames.get(n) ?? n, s]));
      for (const nested of Object.values(scope.States)) {
        if (isRecord(nested)) forEachTransition(nested, (target, set) => { if (renames.has(target)) set(renames.get(target)!); });
      }
      if (typeof scope.StartAt === "string" && renames.has(scope.StartAt)) scope.StartAt = renames.get(scope.StartAt);
    }
    for (const nested of Object.values(scope.States)) if (isRecord(nested)) uniquifyNested(nested, taken);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Placing a state

/** The scope a container node id stands for; a Parallel gets a new branch, a Map without processor gets one. */
function scopeForContainer(doc: AslDocument, containerId: string): string | undefined {
  if (containerId === "") return "";
  if (scopeAt(doc, containerId) || (isRecord(getAtPointer(doc, containerId)) && /\/Branches\/\d+$/.test(containerId))) {
    return containerId;
  }
  const container = getState(doc, containerId);
  if (!container) return undefined;
  if (container.Type === "Map") {
    const processor = mapProcessorPointer(containerId, container);
    if (processor) return processor;
    container.ItemProcessor = { StartAt: "", States: {} };
    return joinPointer(containerId, "ItemProcessor");
  }
  if (container.Type === "Parallel") {
    if (!Array.isArray(container.Branches)) container.Branches = [];
    const branches = container.Branches as unknown[];
    branches.push({ StartAt: "", States: {} });
    return joinPointer(containerId, "Branches", branches.length - 1);
  }
  return undefined;
}

/** Where `place` put a state: its pointer, and the state it continues to there (null: it ends its scope). */
interface Placed {
  pointer: StatePointer;
  next: string | null;
}

/** Adds `state` named `name` at `target`, rewiring around it. Returns undefined when the target is unusable (then
 *  nothing was changed). */
function place(doc: AslDocument, target: DropTarget, name: string, state: Record<string, unknown>): Placed | undefined {
  if (target.kind === "edge") {
    const { edge } = target;
    const scopePointer = markerScope(edge.source) ?? addressOf(edge.source)?.scopePointer;
    if (scopePointer === undefined) return undefined;
    const scope = scopeAt(doc, scopePointer);
    if (!scope) return undefined;
    const targetName = edge.target === endMarkerId(scopePointer) ? null : addressOf(edge.target)?.name;
    if (targetName === undefined || (targetName !== null && scope.States[targetName] === undefined)) return undefined;
    const sourceName = markerScope(edge.source) === undefined ? addressOf(edge.source)!.name : null;
    const source = sourceName === null ? undefined : scope.States[sourceName];
    if (sourceName !== null && !isRecord(source)) return undefined;

    if (edge.kind === "start") {
      scope.StartAt = name;
    } else if (edge.kind === "end") {
      // Only an End: true transition can be extended; Succeed and Fail have no way out.
      if (!isRecord(source) || source.End !== true) return undefined;
      replaceKey(source, "End", "Next", name);
    } else if (edge.pointer) {
      const tokens = parsePointer(edge.pointer);
      const holder = getAtPointer(doc, joinPointer("", ...tokens.slice(0, -1)));
      const field = tokens[tokens.length - 1];
      if (!isRecord(holder) || holder[field] !== targetName) return undefined;
      holder[field] = name;
    } else {
      return undefined;
    }
    scope.States[name] = state;
    setOutgoing(state, targetName);
    return { pointer: statePointer(scopePointer, name), next: targetName };
  }

  const scopePointer = target.kind === "canvas" ? "" : scopeForContainer(doc, target.containerId);
  if (scopePointer === undefined) return undefined;
  const scope = ensureScope(doc, scopePointer);
  if (!scope) return undefined;
  const hasStart = typeof scope.StartAt === "string" && scope.States[scope.StartAt] !== undefined;
  if (target.kind === "container") {
    // Append: the last state that ends the scope (in document order) now continues to the new state.
    const lastEnd = Object.entries(scope.States).reverse().find(([, s]) => isRecord(s) && s.End === true && CAN_HAVE_NEXT.has(String(s.Type)));
    if (lastEnd && hasStart) replaceKey(lastEnd[1] as Record<string, unknown>, "End", "Next", name);
  }
  scope.States[name] = state;
  if (!hasStart) scope.StartAt = name;
  setOutgoing(state, null);
  return { pointer: statePointer(scopePointer, name), next: null };
}

/** Orders a state's keys the way people write them: Type first, Next/End last. */
function tidyKeys(state: Record<string, unknown>): Record<string, unknown> {
  const { Type, Next, End, ...rest } = state;
  return {
    ...(Type !== undefined ? { Type } : {}),
    ...rest,
    ...(Next !== undefined ? { Next } : {}),
    ...(End !== undefined ? { End } : {}),
  };
}

/** Inserts `state` at `target`: between an edge's ends, appended into a container, or unconnected at the root.
 *  The name (default: the state's Type) is made unique machine-wide, nested states too. */
export function insertState(doc: unknown, target: DropTarget, state: StateJson, name?: string): { doc: AslDocument; pointer: StatePointer } {
  const { doc: next, result } = produce(doc, (draft) => {
    const taken = stateNames(draft);
    const newName = uniqueName((name ?? String(state.Type ?? "State")).trim() || "State", taken);
    taken.add(newName);
    const copy = clone(state);
    uniquifyNested(copy, taken);
    const pointer = place(draft, target, newName, copy)?.pointer;
    if (pointer === undefined) throw new DocumentError("A state cannot be inserted there.");
    const scope = scopeAt(draft, addressOf(pointer)!.scopePointer)!;
    scope.States[newName] = tidyKeys(scope.States[newName] as Record<string, unknown>);
    return pointer;
  });
  return { doc: next, pointer: result };
}

/** Moves a state (with everything nested in it) to `target`; its old neighbours are joined up as when it is deleted.
 *  Where it lands it continues as a new state inserted there would (Next, or End: true); a Choice rule, Default or
 *  Catcher of it that names a state outside its new scope (it left a branch or a Map processor, or entered one) is
 *  pointed at that same successor, or, at the end of a scope, dropped like a transition to a deleted state (a rule
 *  keeps its target for the user to reconnect). A move onto one of the state's own edges or into the state itself
 *  changes nothing. */
export function moveState(doc: unknown, pointer: StatePointer, target: DropTarget): { doc: AslDocument; pointer: StatePointer } {
  const address = addressOf(pointer);
  if (!address || !getState(doc, pointer)) return { doc: doc as AslDocument, pointer };
  if (target.kind === "edge" && (target.edge.source === pointer || target.edge.target === pointer)) return { doc: doc as AslDocument, pointer };
  if (target.kind === "container" && isPointerPrefix(pointer, target.containerId)) return { doc: doc as AslDocument, pointer };
  if (target.kind === "edge" && (isPointerPrefix(pointer, target.edge.source) || isPointerPrefix(pointer, target.edge.target))) {
    return { doc: doc as AslDocument, pointer };
  }
  const { doc: next, result } = produce(doc, (draft) => {
    const scope = scopeAt(draft, address.scopePointer)!;
    const state = detach(scope, address.name)!;
    // Its own Next/End are re-set where it lands; a Choice keeps its targets (still valid in the same scope).
    if (state.Type !== "Choice") {
      delete state.Next;
      delete state.End;
    }
    const placed = place(draft, target, address.name, state);
    if (placed === undefined) throw new DocumentError("The state cannot be moved there.");
    const newScope = scopeAt(draft, addressOf(placed.pointer)!.scopePointer)!;
    // Transitions cannot leave a scope: what no longer exists here goes where the move made it continue.
    forEachTransition(state, (targetName, set, remove) => {
      if (newScope.States[targetName] !== undefined) return;
      if (placed.next === null) remove();
      else set(placed.next);
    });
    newScope.States[address.name] = tidyKeys(state);
    return placed.pointer;
  });
  return { doc: next, pointer: result };
}

/** Deletes states; each one's predecessors are pointed at its successor when it has exactly one, otherwise a
 *  Next becomes End, a Default or Catcher aimed at it is dropped. Unknown pointers are ignored. */
export function deleteStates(doc: unknown, pointers: StatePointer[]): AslDocument {
  return produce(doc, (draft) => {
    for (const pointer of pointers) {
      const address = addressOf(pointer);
      const scope = address && scopeAt(draft, address.scopePointer);
      if (scope && address.name in scope.States) detach(scope, address.name);
    }
  }).doc;
}

/** A copy of the state, named "<name> (1)" etc., inserted right after it when it has a Next/End (otherwise
 *  unconnected in the same scope). Nested states get unique names too. */
export function duplicateState(doc: unknown, pointer: StatePointer): { doc: AslDocument; pointer: StatePointer } {
  const address = addressOf(pointer);
  const original = getState(doc, pointer);
  if (!address || !original) throw new DocumentError("There is no state to duplicate.");
  const { doc: next, result } = produce(doc, (draft) => {
    const taken = stateNames(draft);
    const name = uniqueName(address.name, taken);
    taken.add(name);
    const copy = clone(original);
    uniquifyNested(copy, taken);
    const scope = scopeAt(draft, address.scopePointer)!;
    const source = scope.States[address.name] as Record<string, unknown>;
    if (CAN_HAVE_NEXT.has(String(source.Type)) && (typeof source.Next === "string" || source.End === true)) {
      const after = typeof source.Next === "string" ? source.Next : null;
      if (after === null) replaceKey(source, "End", "Next", name);
      else source.Next = name;
      setOutgoing(copy, after);
    }
    scope.States[name] = copy;
    return statePointer(address.scopePointer, name);
  });
  return { doc: next, pointer: result };
}

/** A state taken by Copy (Ctrl+C): its name and a deep copy of its JSON, nested states included. */
export interface CopiedState {
  name: string;
  state: StateJson;
}

export function copyState(doc: unknown, pointer: StatePointer): CopiedState | undefined {
  const address = addressOf(pointer);
  const state = getState(doc, pointer);
  return address && state ? { name: address.name, state: clone(state) } : undefined;
}

/** Pastes a copied state (Ctrl+V) under its name, or "<name> (1)" etc. when that is taken (nested states too).
 *  Where it goes follows Workflow Studio's "paste after the selected state" and our Ctrl+D:
 *  - `after` is a state that continues to one state (Next) or ends its scope (End): the copy goes right after it,
 *    in its scope, and carries on to its old successor. A copy that cannot carry on (Choice, Succeed, Fail) only
 *    goes after a state that ends its scope; it never cuts a state off from the flow.
 *  - otherwise (no selection, or a Choice/Succeed/Fail selected, or a copy that cannot carry on): unconnected
 *    (End: true) in the selected state's scope, or at the top level when nothing is selected, as a palette drop
 *    onto the empty canvas; it becomes the scope's StartAt when the scope has none.
 *  Choice rules and Catchers keep their targets (the validator reports any that do not exist where it lands). */
export function pasteState(doc: unknown, copied: CopiedState, after: StatePointer | null): { doc: AslDocument; pointer: StatePointer } {
  const afterAddress = after !== null && getState(doc, after) ? addressOf(after) : undefined;
  const scopePointer = afterAddress?.scopePointer ?? "";
  const { doc: next, result } = produce(doc, (draft) => {
    const taken = stateNames(draft);
    const name = uniqueName(copied.name.trim() || String(copied.state.Type ?? "State"), taken);
    taken.add(name);
    const copy = clone(copied.state);
    uniquifyNested(copy, taken);
    const scope = ensureScope(draft, scopePointer);
    if (!scope) throw new DocumentError("The state cannot be pasted there.");
    const source = afterAddress ? scope.States[afterAddress.name] : undefined;
    const carriesOn = CAN_HAVE_NEXT.has(String(copy.Type));
    if (isRecord(source) && CAN_HAVE_NEXT.has(String(source.Type))
        && (source.End === true || (typeof source.Next === "string" && carriesOn))) {
      const successor = typeof source.Next === "string" ? source.Next : null;
      if (successor === null) replaceKey(source, "End", "Next", name);
      else source.Next = name;
      setOutgoing(copy, successor);
    } else {
      setOutgoing(copy, null);
      const hasStart = typeof scope.StartAt === "string" && scope.States[scope.StartAt] !== undefined;
      if (!hasStart) scope.StartAt = name;
    }
    scope.States[name] = tidyKeys(copy);
    return statePointer(scopePointer, name);
  });
  return { doc: next, pointer: result };
}

/** Renames a state, keeping its place among its siblings, and updates every reference to it (StartAt, Next,
 *  Default, Choices[].Next, Catch[].Next). Throws DocumentError when the name is empty or already used. */
export function renameState(doc: unknown, pointer: StatePointer, newName: string): { doc: AslDocument; pointer: StatePointer } {
  const address = addressOf(pointer);
  if (!address || !getState(doc, pointer)) throw new DocumentError("There is no state to rename.");
  if (newName === address.name) return { doc: doc as AslDocument, pointer };
  if (newName.trim() === "") throw new DocumentError("A state name cannot be empty.");
  if (stateNames(doc).has(newName)) throw new DocumentError(`Another state is already named "${newName}".`);
  const { doc: next } = produce(doc, (draft) => {
    const scope = scopeAt(draft, address.scopePointer)!;
    scope.States = Object.fromEntries(Object.entries(scope.States).map(([n, s]) => [n === address.name ? newName : n, s]));
    for (const state of Object.values(scope.States)) {
      if (isRecord(state)) forEachTransition(state, (target, set) => { if (target === address.name) set(newName); });
    }
    if (scope.StartAt === address.name) scope.StartAt = newName;
  });
  return { doc: next, pointer: statePointer(address.scopePointer, newName) };
}

/** Points a source handle ("next", "choice-<i>", "default", "catch-<i>") of `source` at `target`, a state of the
 *  same scope (or, for "next", the scope's End marker id: the source then ends the scope). Transitions cannot
 *  leave their scope in ASL, so a target elsewhere leaves the document unchanged. */
export function connect(doc: unknown, source: StatePointer, sourceHandle: string, target: StatePointer): AslDocument {
  const from = addressOf(source);
  const state = getState(doc, source);
  if (!from || !state) return doc as AslDocument;
  const toEnd = markerScope(target) === from.scopePointer && target === endMarkerId(from.scopePointer);
  const to = addressOf(target);
  if (!toEnd && (!to || to.scopePointer !== from.scopePointer || !getState(doc, target))) return doc as AslDocument;
  const targetName = toEnd ? null : to!.name;
  const match = /^(next|default|choice|catch)(?:-(\d+))?$/.exec(sourceHandle);
  if (!match) return doc as AslDocument;
  const [, kind, indexText] = match;
  const index = Number(indexText);
  if (targetName === null && kind !== "next") return doc as AslDocument;
  return produce(doc, (draft) => {
    const draftState = getState(draft, source)!;
    if (kind === "next") {
      if (!CAN_HAVE_NEXT.has(String(draftState.Type))) return;
      if (targetName === null) replaceKey(draftState, "Next", "End", true);
      else replaceKey(draftState, "End", "Next", targetName);
      if (targetName === null) delete draftState.Next;
      else delete draftState.End;
    } else if (kind === "default") {
      if (draftState.Type === "Choice") draftState.Default = targetName;
    } else {
      const list = kind === "choice" ? draftState.Choices : draftState.Catch;
      if (Array.isArray(list) && isRecord(list[index])) (list[index] as Record<string, unknown>).Next = targetName;
    }
  }).doc;
}

function replaceState(doc: AslDocument, pointer: StatePointer, state: StateJson): void {
  const address = addressOf(pointer)!;
  const scope = scopeAt(doc, address.scopePointer)!;
  scope.States[address.name] = state;
}

/** Replaces the state at `pointer` with `state` (same name and place). Throws DocumentError for a missing state. */
export function updateState(doc: unknown, pointer: StatePointer, state: StateJson): AslDocument {
  const address = addressOf(pointer);
  if (!address || !scopeAt(doc, address.scopePointer) || !(address.name in scopeAt(doc, address.scopePointer)!.States)) {
    throw new DocumentError("There is no state to update.");
  }
  return produce(doc, (draft) => replaceState(draft, pointer, clone(state))).doc;
}

// ---------------------------------------------------------------------------------------------------------
// Templates

/** A valid minimal state of each type. Next/End are set where it is inserted; a Choice's rule and Default are
 *  left empty ("") for insertState to aim at the successor. */
export function newStateTemplate(type: StateType, options: TemplateOptions = {}): StateJson {
  const jsonata = isRecord(options.doc) && options.doc.QueryLanguage === "JSONata";
  const taken = stateNames(options.doc);
  const innerPass = (): Scope => {
    const name = uniqueName("Pass", taken);
    taken.add(name);
    return { StartAt: name, States: { [name]: { Type: "Pass", End: true } } };
  };
  switch (type) {
    case "Task":
      return jsonata
        ? { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "my-function", Payload: "{% $states.input %}" }, End: true }
        : { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "my-function", "Payload.$": "$" }, End: true };
    case "Pass":
      return { Type: "Pass", End: true };
    case "Wait":
      return { Type: "Wait", Seconds: 5, End: true };
    case "Choice":
      return jsonata
        ? { Type: "Choice", Choices: [{ Condition: "{% $states.input.value = 1 %}", Next: "" }], Default: "" }
        : { Type: "Choice", Choices: [{ Variable: "$.value", NumericEquals: 1, Next: "" }], Default: "" };
    case "Parallel":
      return { Type: "Parallel", Branches: [innerPass()], End: true };
    case "Map":
      return { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...innerPass() }, End: true };
    case "Succeed":
      return { Type: "Succeed" };
    case "Fail":
      return { Type: "Fail", Error: "Failed", Cause: "Something went wrong" };
  }
}
