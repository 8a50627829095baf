// RFC 6901 JSON pointer helpers used to address states and fields inside an ASL document.

/** One reference token: "~" -> "~0", "/" -> "~1". */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** `base` extended by `tokens` (field names or array indices). */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => "/" + escapeToken(t)).join("");
}

/** The unescaped tokens of a pointer; "" (the whole document) has none. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map(unescapeToken);
}

/** A JSON object (not null, not an array): the one test every module uses. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `pointer`, or undefined when any step is missing. */
export function getAtPointer(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isRecord(current)) {
      if (!Object.prototype.hasOwnProperty.call(current, token)) return undefined;
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Whether `prefix` is `pointer` itself or one of its ancestors (token-wise, so "/States/A" does not prefix "/States/AB"). */
export function isPointerPrefix(prefix: string, pointer: string): boolean {
  return pointer === prefix || pointer.startsWith(prefix + "/");
}
