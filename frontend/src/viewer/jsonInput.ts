// Checking JSON typed by hand, with a message that says where the mistake is.

export type JsonCheck = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

export function checkJson(text: string): JsonCheck {
  if (!text.trim()) return { ok: false, message: "Enter a JSON value, e.g. {}.", line: 1, column: 1 };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const position = positionOf(raw, text);
    const { line, column } = lineAndColumn(text, position);
    // Engines word these differently; keep their explanation, replace the position with a line and column.
    const reason = raw.replace(/^JSON\.parse: /, "").replace(/\s*(in JSON )?at position \d+.*$/, "")
      .replace(/ at line \d+ column \d+ of the JSON data$/, "");
    return { ok: false, message: `Line ${line}, column ${column}: ${reason}`, line, column };
  }
}

function positionOf(message: string, text: string): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) {
    const lines = text.split("\n");
    let offset = 0;
    for (let i = 0; i < Number(lineColumn[1]) - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    return offset + Number(lineColumn[2]) - 1;
  }
  return text.length; // "Unexpected end of JSON input"
}

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(position, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
