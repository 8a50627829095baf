import { describe, expect, it } from "vitest";
import { leavesPage } from "../../src/designer/useUnsavedGuard";

const at = (pathname: string, search = "") => ({ pathname, search });

describe("leavesPage", () => {
  it("is true for another page or other query parameters", () => {
    expect(leavesPage(at("/machines/1/design"), at("/machines/"))).toBe(true);
    expect(leavesPage(at("/machines/1/design"), at("/machines/2/design"))).toBe(true);
    expect(leavesPage(at("/machines/1/design"), at("/machines/1/design", "?v=2"))).toBe(true);
  });

  it("is false for the same page (a hash change or the same link again)", () => {
    expect(leavesPage(at("/machines/1/design"), at("/machines/1/design"))).toBe(false);
    expect(leavesPage(at("/machines/1/design", "?v=2"), at("/machines/1/design", "?v=2"))).toBe(false);
  });
});
