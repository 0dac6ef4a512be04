// Differential test of run_decompositions over every program the test suite can export
// (programs.ts): the eager model, ep.module() and ep.run_decompositions().module() agree on the
// example inputs and on 3 random inputs inside the range constraints (outputs, mutated buffers,
// mutated inputs), and the decomposed program passes the verifier. Programs other than the
// single-op OpInfo ones are also run after run_decompositions({}) (functionalization alone) and
// after the decomposed program's save/load round trip. Any difference fails the suite.
import { afterAll, describe, expect, it } from "vitest";
import { allPrograms, type DiffProgram } from "./programs.js";
import { exportOf, randomInputs, resultDiff, runAll } from "./differential.js";
import { verifyDecomposed } from "../../src/program/verifier.js";
import { defaultDecompositions } from "../../src/program/decompositions/index.js";
import { save, load } from "../../src/program/save_load.js";

const RANDOM_DRAWS = 3;

/** What one program gave: checked input sets, or why it is not a program pt2js exports. */
export interface DiffOutcome {
  name: string;
  status: "same" | "differ" | "not exported";
  detail: string;
  inputSets: number;
}

export function checkProgram(p: DiffProgram): DiffOutcome {
  let x;
  try {
    x = exportOf(p);
  } catch (e) {
    return { name: p.name, status: "not exported", detail: `${(e as Error).constructor.name}: ${(e as Error).message.split("\n")[0]}`, inputSets: 0 };
  }
  let dep;
  // Functionalization alone (the empty table) and the saved and loaded decomposed program too,
  // except for the single-op OpInfo programs.
  let functional = null;
  let reloaded = null;
  try {
    dep = x.ep.run_decompositions();
    verifyDecomposed(dep.graph_module, defaultDecompositions());
    if (!p.name.startsWith("opinfo/")) {
      functional = x.ep.run_decompositions({});
      reloaded = load(save(dep));
    }
  } catch (e) {
    return { name: p.name, status: "differ", detail: `run_decompositions: ${(e as Error).constructor.name}: ${(e as Error).message.split("\n")[0]}`, inputSets: 0 };
  }
  const sets: Array<[unknown[], Record<string, unknown>]> = [[p.args, p.kwargs]];
  for (let seed = 1; sets.length < 1 + RANDOM_DRAWS && seed < 20; seed++) {
    const r = randomInputs(p, x.ep, seed);
    if (r !== null) sets.push(r);
  }
  let checked = 0;
  for (const [i, [args, kwargs]] of sets.entries()) {
    const [eager, mod, decomposed] = runAll(x, dep, args, kwargs);
    if (i > 0 && eager.error !== undefined) continue; // a draw the model itself rejects
    const d1 = resultDiff(eager, mod);
    if (d1) return { name: p.name, status: "differ", detail: `inputs #${i}: ep.module() vs eager: ${d1}`, inputSets: checked };
    const d2 = resultDiff(eager, decomposed);
    if (d2) return { name: p.name, status: "differ", detail: `inputs #${i}: decomposed vs eager: ${d2}`, inputSets: checked };
    if (functional !== null) {
      const d3 = resultDiff(eager, runAll(x, functional, args, kwargs)[2]);
      if (d3) return { name: p.name, status: "differ", detail: `inputs #${i}: run_decompositions({}) vs eager: ${d3}`, inputSets: checked };
    }
    if (reloaded !== null) {
      const d4 = resultDiff(eager, runAll(x, reloaded, args, kwargs)[2]);
      if (d4) return { name: p.name, status: "differ", detail: `inputs #${i}: load(save(decomposed)) vs eager: ${d4}`, inputSets: checked };
    }
    checked++;
  }
  return { name: p.name, status: "same", detail: "", inputSets: checked };
}

const programs = allPrograms();
const outcomes: DiffOutcome[] = [];

describe("run_decompositions differential (eager, ep.module(), decomposed)", () => {
  for (const p of programs) {
    it(p.name, () => {
      const o = checkProgram(p);
      outcomes.push(o);
      if (o.status === "not exported") return;
      expect(o.detail).toBe("");
      expect(o.status).toBe("same");
    });
  }
  it("covers at least 150 exported programs, each on the example and random inputs", () => {
    const exported = outcomes.filter((o) => o.status !== "not exported");
    expect(exported.length).toBeGreaterThanOrEqual(150);
    expect(exported.filter((o) => o.inputSets >= 2).length).toBeGreaterThanOrEqual(150);
  });
  afterAll(() => {
    const by = (s: DiffOutcome["status"]) => outcomes.filter((o) => o.status === s);
    const lines = [
      `differential: ${by("same").length} programs the same, ${by("differ").length} different, ${by("not exported").length} not exported; ` +
        `${outcomes.reduce((n, o) => n + o.inputSets, 0)} input sets checked`,
      ...by("differ").map((o) => `  DIFFER ${o.name}: ${o.detail}`),
      ...by("not exported").map((o) => `  not exported ${o.name}: ${o.detail}`),
    ];
    console.log(lines.join("\n"));
  });
});
