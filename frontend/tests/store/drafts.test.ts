import { describe, expect, it } from "vitest";
import { clearDraft, draftKey, draftToOffer, readDraft, writeDraft } from "../../src/store/drafts";

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() { return this.items.size; }
  clear() { this.items.clear(); }
  getItem(key: string) { return this.items.get(key) ?? null; }
  key(index: number) { return [...this.items.keys()][index] ?? null; }
  removeItem(key: string) { this.items.delete(key); }
  setItem(key: string, value: string) { this.items.set(key, value); }
}

describe("drafts", () => {
  it("round-trips a draft per machine and clears it", () => {
    const storage = new MemoryStorage();
    const draft = { text: "{}\n", revisionId: "r1", savedAt: "2025-01-01T00:00:00Z" };
    writeDraft(storage, "m1", draft);
    expect(readDraft(storage, "m1")).toEqual(draft);
    expect(readDraft(storage, "m2")).toBeNull();
    clearDraft(storage, "m1");
    expect(readDraft(storage, "m1")).toBeNull();
  });

  it("treats a corrupt entry as no draft", () => {
    const storage = new MemoryStorage();
    storage.setItem(draftKey("m1"), "{not json");
    expect(readDraft(storage, "m1")).toBeNull();
    storage.setItem(draftKey("m1"), JSON.stringify({ text: 5 }));
    expect(readDraft(storage, "m1")).toBeNull();
  });

  it("offers only drafts that differ from the saved text", () => {
    const draft = { text: '{"a":1}\n', revisionId: "r", savedAt: "t" };
    expect(draftToOffer(draft, '{"a":1}')).toBeNull();
    expect(draftToOffer(draft, '{"a":2}\n')).toBe(draft);
    expect(draftToOffer(null, "")).toBeNull();
  });
});
