// Where each JSON pointer of a JSON text sits: to highlight the selected state and place lint markers.

export interface TextRange {
  /** Offset of the value's first character. */
  from: number;
  /** Offset just after the value. */
  to: number;
  /** Offset of the member's key (its opening quote) when the value is an object member. */
  keyFrom?: number;
}

/**
 * Ranges of every value in `text` by JSON pointer ("" is the whole document). Reads valid JSON;
 * on invalid text it returns what it found before the problem (never throws).
 */
export function jsonLocations(text: string): Map<string, TextRange> {
  const ranges = new Map<string, TextRange>();
  let at = 0;

  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const readString = (): string => {
    const start = at;
    at++; // opening quote
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    at++; // closing quote
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (pointer: string, keyFrom?: number): void => {
    skipSpace();
    const from = at;
    const c = text[at];
    if (c === "{") {
      at++;
      skipSpace();
      while (at < text.length && text[at] !== "}") {
        skipSpace();
        const memberKey = at;
        const key = readString();
        skipSpace();
        at++; // colon
        value(`${pointer}/${escapeToken(key)}`, memberKey);
        skipSpace();
        if (text[at] === ",") at++;
        skipSpace();
      }
      at++;
    } else if (c === "[") {
      at++;
      skipSpace();
      let index = 0;
      while (at < text.length && text[at] !== "]") {
        value(`${pointer}/${index++}`);
        skipSpace();
        if (text[at] === ",") at++;
        skipSpace();
      }
      at++;
    } else if (c === '"') {
      readString();
    } else {
      while (at < text.length && /[^\s,\]}]/.test(text[at])) at++;
    }
    if (at === from) throw new Error("unexpected end");
    ranges.set(pointer, keyFrom === undefined ? { from, to: at } : { from, to: at, keyFrom });
  };

  try {
    value("");
  } catch {
    // Invalid JSON: keep the ranges read so far.
  }
  return ranges;
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The range of `pointer`, or of its nearest ancestor that exists (a missing field's problem marks its state). */
export function rangeOfPointer(ranges: Map<string, TextRange>, pointer: string): TextRange | undefined {
  let current = pointer;
  for (;;) {
    const range = ranges.get(current);
    if (range) return range;
    if (current === "") return undefined;
    current = current.slice(0, current.lastIndexOf("/"));
  }
}

/** The innermost state (a member of a "States" object) whose text contains `offset`, as its pointer. */
export function stateAtOffset(ranges: Map<string, TextRange>, offset: number): string | null {
  let best: string | null = null;
  for (const [pointer, range] of ranges) {
    const from = range.keyFrom ?? range.from;
    if (offset < from || offset > range.to) continue;
    const tokens = pointer.split("/");
    if (tokens.length < 3 || tokens[tokens.length - 2] !== "States") continue;
    if (best === null || pointer.length > best.length) best = pointer;
  }
  return best;
}
