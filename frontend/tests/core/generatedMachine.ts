// A synthetic state machine of a given size mixing every construct the layout must handle:
// Task chains with Catch, Choice fan-outs, Parallel (two branches) and Map containers.

type Json = Record<string, unknown>;

/** A machine with exactly `stateCount` states (counting nested ones), as a chain of 10-state blocks. */
export function generateMachine(stateCount: number): Json {
  const states: Json = {};
  let made = 0;
  const names: string[] = [];
  const add = (name: string, state: Json) => {
    states[name] = state;
    names.push(name);
  };
  let block = 0;
  while (made < stateCount) {
    const remaining = stateCount - made;
    const b = block++;
    if (remaining >= 10) {
      // 10 states: Task -> Choice -> (Pass | straight on) -> Parallel[2 branches x 1 Pass] -> Map[Task] -> Wait,
      // with a Fail caught from the Task.
      add(`Task ${b}`, { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Next: `Choose ${b}`,
        Catch: [{ ErrorEquals: ["States.ALL"], Next: `Failed ${b}` }] });
      add(`Failed ${b}`, { Type: "Fail", Error: "Boom" });
      add(`Choose ${b}`, { Type: "Choice", Choices: [{ Variable: "$.x", NumericEquals: b, Next: `Left ${b}` }], Default: `Fork ${b}` });
      add(`Left ${b}`, { Type: "Pass", Next: `Fork ${b}` });
      add(`Fork ${b}`, { Type: "Parallel", Next: `Each ${b}`, Branches: [
        { StartAt: `Branch A ${b}`, States: { [`Branch A ${b}`]: { Type: "Pass", End: true } } },
        { StartAt: `Branch B ${b}`, States: { [`Branch B ${b}`]: { Type: "Pass", End: true } } },
      ] });
      add(`Each ${b}`, { Type: "Map", Next: `Pause ${b}`, ItemProcessor: { StartAt: `Item ${b}`,
        States: { [`Item ${b}`]: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true } } } });
      add(`Pause ${b}`, { Type: "Wait", Seconds: 1, End: true });
      made += 10;
    } else {
      add(`Step ${b}`, { Type: "Pass", End: true });
      made += 1;
    }
  }
  // Chain the blocks: every block's last End becomes a Next to the following block's first state.
  const heads = names.filter((n) => n.startsWith("Task ") || n.startsWith("Step "));
  const tails = names.filter((n) => n.startsWith("Pause ") || n.startsWith("Step "));
  tails.forEach((tail, i) => {
    if (i + 1 < heads.length) {
      const state = states[tail] as Json;
      delete state.End;
      state.Next = heads[i + 1];
    }
  });
  return { Comment: `Generated, ${stateCount} states`, StartAt: heads[0], States: states };
}

/** Every state object in a definition, nested ones included. */
export function countStates(definition: unknown): number {
  let count = 0;
  const visitScope = (scope: unknown) => {
    if (typeof scope !== "object" || scope === null) return;
    const states = (scope as Json).States;
    if (typeof states !== "object" || states === null || Array.isArray(states)) return;
    for (const state of Object.values(states as Json)) {
      count += 1;
      if (typeof state !== "object" || state === null) continue;
      const s = state as Json;
      if (s.Type === "Parallel" && Array.isArray(s.Branches)) s.Branches.forEach(visitScope);
      const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
      if (s.Type === "Map") visitScope(isObject(s.ItemProcessor) ? s.ItemProcessor : s.Iterator);
    }
  };
  visitScope(definition);
  return count;
}
