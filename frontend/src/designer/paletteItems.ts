// What the states palette offers: a Task per registered handler, the lambda:invoke form, and the flow states.
import type { StateType } from "../core/graph";

export interface HandlerInfo {
  name: string;
  description: string;
  arn: string;
}

export interface HandlerCatalog {
  region: string;
  account_id: string;
  handlers: HandlerInfo[];
}

export interface PaletteEntry {
  /** data-testid suffix: the state type, or the handler's function name. */
  id: string;
  label: string;
  description: string;
  group: "Actions" | "Flow";
  item: { type: StateType; name?: string; state?: Record<string, unknown> };
}

export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_ACCOUNT = "123456789012";

const FLOW_STATES: [StateType, string][] = [
  ["Pass", "Passes its input on, optionally reshaped or with a fixed Result."],
  ["Choice", "Branches on rules over the input (And/Or/Not, comparisons)."],
  ["Wait", "Pauses for some seconds or until a timestamp."],
  ["Parallel", "Runs branches at the same time and collects their outputs."],
  ["Map", "Runs the same steps for each item of an array."],
  ["Succeed", "Stops the execution (or branch) successfully."],
  ["Fail", "Stops the execution with an error and cause."],
];

export function functionArn(name: string, region = DEFAULT_REGION, account = DEFAULT_ACCOUNT): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

export function paletteEntries(catalog: HandlerCatalog | null): PaletteEntry[] {
  const region = catalog?.region ?? DEFAULT_REGION;
  const account = catalog?.account_id ?? DEFAULT_ACCOUNT;
  const handlers = (catalog?.handlers ?? []).map<PaletteEntry>((handler) => ({
    id: handler.name,
    label: handler.name,
    description: handler.description || "A registered task handler.",
    group: "Actions",
    item: {
      type: "Task",
      name: handler.name,
      state: { Type: "Task", Resource: handler.arn || functionArn(handler.name, region, account) },
    },
  }));
  const firstHandler = catalog?.handlers[0]?.name ?? "MyFunction";
  const invoke: PaletteEntry = {
    id: "Task",
    label: "Lambda Invoke",
    description: "Task with arn:aws:states:::lambda:invoke: the payload in Parameters, the result under Payload.",
    group: "Actions",
    item: {
      type: "Task",
      name: "Lambda Invoke",
      state: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: { FunctionName: functionArn(firstHandler, region, account), "Payload.$": "$" },
        OutputPath: "$.Payload",
      },
    },
  };
  const flow = FLOW_STATES.map<PaletteEntry>(([type, description]) => ({
    id: type,
    label: type,
    description,
    group: "Flow",
    item: { type },
  }));
  return [...handlers, invoke, ...flow];
}

/** Entries whose label or description contains every word of the search (case-insensitive). */
export function filterPalette(entries: PaletteEntry[], search: string): PaletteEntry[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter((entry) => {
    const haystack = `${entry.label} ${entry.description} ${entry.item.type}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
