// Every definition of the shared conformance corpus (real AWS-run machines and validator fixtures) must become a
// graph with exactly one node per state, and no-op edits must give back the same document, key order included.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { aslToGraph } from "../../src/core/graph";
import { getState, renameState, stateNames, updateState } from "../../src/core/document";
import { countStates } from "./generatedMachine";

const frontendDir = fileURLToPath(new URL("../../", import.meta.url));
const corpus = join(frontendDir, "../../shared/conformance");

function definitionFiles(): string[] {
  const files: string[] = [];
  const casesDir = join(corpus, "cases");
  if (existsSync(casesDir)) {
    for (const entry of readdirSync(casesDir)) {
      const file = join(casesDir, entry, "definition.json");
      if (existsSync(file)) files.push(file);
    }
  }
  for (const kind of ["valid", "invalid"]) {
    const dir = join(corpus, "validation", kind);
    if (existsSync(dir)) for (const entry of readdirSync(dir)) if (entry.endsWith(".json")) files.push(join(dir, entry));
  }
  return files.sort();
}

function parse(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined; // some invalid fixtures are not JSON at all: nothing to round-trip
  }
}

const present = existsSync(corpus);
if (!present) console.warn(`roundtrip: ${corpus} is absent; skipping the conformance round-trip tests.`);

describe.skipIf(!present)("conformance corpus round trip", () => {
  const files = present ? definitionFiles() : [];

  it("finds the corpus definitions", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("turns every definition into a graph with one node per state", () => {
    let checked = 0;
    for (const file of files) {
      const definition = parse(file);
      if (definition === undefined) continue;
      let graph;
      try {
        graph = aslToGraph(definition);
      } catch (error) {
        throw new Error(`${file}: aslToGraph threw ${error}`);
      }
      const stateNodes = graph.nodes.filter((node) => node.kind === "state");
      expect(stateNodes.length, file).toBe(countStates(definition));
      expect(new Set(graph.nodes.map((node) => node.id)).size, file).toBe(graph.nodes.length);
      for (const node of stateNodes) expect(getState(definition, node.id), `${file} ${node.id}`).toBe(node.state);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("keeps documents deep-equal, key order included, through no-op updates and rename-and-back", () => {
    for (const file of files) {
      const definition = parse(file);
      if (definition === undefined || typeof definition !== "object" || definition === null) continue;
      const original = JSON.stringify(definition);
      const pointers = aslToGraph(definition).nodes.filter((n) => n.kind === "state").map((n) => n.id);
      let doc = definition as Record<string, unknown>;
      for (const pointer of pointers) {
        const state = getState(doc, pointer);
        if (state) doc = updateState(doc, pointer, structuredClone(state));
      }
      expect(doc, file).toEqual(definition);
      expect(JSON.stringify(doc), file).toBe(original);

      // Renaming every state away and back restores the exact text (references and key positions).
      if (stateNames(definition).size !== pointers.length) continue; // duplicate names: renaming back is refused
      let renamed = definition as Record<string, unknown>;
      const back: [string, string][] = [];
      for (const [index, pointer] of pointers.entries()) {
        const name = aslToGraph(renamed).nodes.find((n) => n.id === pointer);
        if (!name) continue; // an ancestor was renamed, so the pointer moved: handled through the ancestor
        const result = renameState(renamed, pointer, `renamed ${index}`);
        renamed = result.doc;
        back.push([result.pointer, name.name]);
      }
      for (const [pointer, name] of back.reverse()) renamed = renameState(renamed, pointer, name).doc;
      expect(JSON.stringify(renamed), file).toBe(original);
      expect(JSON.stringify(definition), `${file} input untouched`).toBe(original);
    }
  });
});
