// Short texts shown on state nodes: type labels, type glyphs and a Task's resource in a few characters.
import type { StateType } from "../core/graph";
import { isRecord } from "../core/pointer";

export const TYPE_GLYPHS: Record<StateType, string> = {
  Task: "⚙",
  Pass: "→",
  Choice: "◇",
  Wait: "◔",
  Parallel: "⇉",
  Map: "⟳",
  Succeed: "✓",
  Fail: "✕",
};

/** The Lambda function a Task calls, from Parameters/Arguments.FunctionName (name or ARN, qualifier dropped). */
function functionName(state: Record<string, unknown>): string | undefined {
  for (const field of ["Parameters", "Arguments"]) {
    const args = state[field];
    if (!isRecord(args)) continue;
    const name = args.FunctionName ?? args["FunctionName.$"];
    if (typeof name !== "string") continue;
    const match = /:function:([^:]+)/.exec(name);
    return match ? match[1] : name;
  }
  return undefined;
}

/** "my-function" for Lambda function ARNs, "lambda:invoke · my-function", "sqs:sendMessage", "dynamodb:getItem". */
export function resourceShortName(state: Record<string, unknown> | undefined): string | undefined {
  const resource = state?.Resource;
  if (typeof resource !== "string" || resource === "") return undefined;
  if (resource.startsWith("{%")) return "JSONata resource";
  const lambda = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(resource);
  if (lambda) return lambda[1];
  const integration = /^arn:[^:]+:states:::(.+)$/.exec(resource);
  if (integration) {
    const short = integration[1].replace(/^aws-sdk:/, "");
    const fn = short.startsWith("lambda:invoke") ? functionName(state!) : undefined;
    return fn ? `${short} · ${fn}` : short;
  }
  const activity = /:activity:(.+)$/.exec(resource);
  if (activity) return `activity:${activity[1]}`;
  return resource.length > 40 ? `…${resource.slice(-39)}` : resource;
}
