import { describe, expect, it } from "vitest";
import { filterPalette, paletteEntries } from "../../src/designer/paletteItems";

const CATALOG = {
  region: "eu-west-1",
  account_id: "111122223333",
  handlers: [
    { name: "ChargeCard", description: "Charge the customer's card", arn: "arn:aws:lambda:eu-west-1:111122223333:function:ChargeCard" },
  ],
};

describe("palette", () => {
  it("offers a Task per handler, the lambda:invoke form and every flow state", () => {
    const entries = paletteEntries(CATALOG);
    expect(entries.map((entry) => entry.id)).toEqual([
      "ChargeCard", "Task", "Pass", "Choice", "Wait", "Parallel", "Map", "Succeed", "Fail",
    ]);
    expect(entries[0].item).toEqual({
      type: "Task",
      name: "ChargeCard",
      state: { Type: "Task", Resource: "arn:aws:lambda:eu-west-1:111122223333:function:ChargeCard" },
    });
    expect(entries[1].item.state).toMatchObject({
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: "arn:aws:lambda:eu-west-1:111122223333:function:ChargeCard" },
    });
    expect(entries[2].item).toEqual({ type: "Pass" });
  });

  it("works without a catalogue, with the default region and account", () => {
    const invoke = paletteEntries(null).find((entry) => entry.id === "Task")!;
    expect(JSON.stringify(invoke.item.state)).toContain("arn:aws:lambda:us-east-1:123456789012:function:");
  });

  it("searches names and descriptions with every word", () => {
    const entries = paletteEntries(CATALOG);
    expect(filterPalette(entries, "card").map((e) => e.id)).toEqual(["ChargeCard"]);
    expect(filterPalette(entries, "array each").map((e) => e.id)).toEqual(["Map"]);
    expect(filterPalette(entries, "  ")).toHaveLength(entries.length);
  });
});
