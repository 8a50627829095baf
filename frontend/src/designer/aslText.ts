// The definition as text: byte-stable JSON (what the backend stores for an object), YAML, and back.
import YAML from "yaml";

/** 2-space JSON with keys in the document's order and a final newline, as the server's canonical_json. */
export function aslJson(definition: unknown): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}

export function aslYaml(definition: unknown): string {
  return YAML.stringify(definition, { lineWidth: 0 });
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; message: string; offset?: number };

/** JSON text to a value, with a readable message and the offset of the problem when it is not JSON. */
export function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    return { ok: false, message, offset: position ? Number(position[1]) : undefined };
  }
}

/** JSON or YAML text (an import or a paste) to a value. */
export function parseJsonOrYaml(text: string): ParseResult {
  const json = parseJson(text);
  if (json.ok) return json;
  try {
    return { ok: true, value: YAML.parse(text) };
  } catch (error) {
    return { ok: false, message: `Neither JSON nor YAML: ${error instanceof Error ? error.message : error}` };
  }
}

export function isAslObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
