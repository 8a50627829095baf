// Layout time for generated machines: `npx vitest bench --run bench/layout.bench.ts` (the "mean" column, in ms).
// The 300-state case must stay well under a second on the project's 2-core machines.
import { bench, describe } from "vitest";
import { aslToGraph } from "../src/core/graph";
import { layoutGraph } from "../src/core/layout";
import { generateMachine } from "../tests/core/generatedMachine";

for (const size of [100, 300]) {
  const definition = generateMachine(size);
  describe(`${size} states`, () => {
    for (const direction of ["DOWN", "RIGHT"] as const) {
      bench(`aslToGraph + layoutGraph ${direction}`, async () => {
        await layoutGraph(aslToGraph(definition), { direction });
      }, { iterations: 8, warmupIterations: 2, time: 0 });
    }
  });
}
