// ep.run_decompositions() against PyTorch 2.11: the zoo models with a `decomposed` result are
// exported by pt2js, decomposed with the default table, and printed (comment lines removed); the
// decomposed program must compute what the exported one computes, and save/load must round-trip it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { save, load } from "../../src/program/save_load.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import { defaultDecompositions } from "../../src/program/decompositions/index.js";
import { tensor } from "../../src/tensor/factories.js";
import * as dtypes from "../../src/tensor/dtype.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { MODEL_CASES } from "../models/index.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { renumbered } from "./renumber.js";
import { conformanceTests, firstDifference, inputsOf, withoutComments, type Fixture, type Outcome } from "../conformance/runner.js";

interface DecomposedFixture {
  dynamic_shapes: string | null;
  inputs: Fixture["inputs"];
  exported: string | null;
  printed: string | null;
  op_counts: Record<string, number> | null;
  error: string | null;
}

const FIXTURES: Record<string, DecomposedFixture> = JSON.parse(
  readFileSync(new URL("../fixtures/torch-2.11/decomposed/zoo.json", import.meta.url), "utf8"),
);
const CASES = Object.keys(FIXTURES).filter((n) => `zoo/${n}` in MODEL_CASES && `zoo/${n}` in EXPORT_CALLS);

/** The cases whose decomposed program prints exactly as PyTorch's; each must keep matching. */
const MATCHING = new Set(["mlp_dynamic_batch", "cnn_eval_dynamic_batch", "cnn_train_buffer_mutation"]);

function exported(name: string): ExportedProgram {
  const f = FIXTURES[name]!;
  const call = EXPORT_CALLS[`zoo/${name}`]!();
  const leaves = inputsOf(f as unknown as Fixture);
  const built = call.inputs ? call.inputs(leaves) : { args: leaves };
  return exportModule(MODEL_CASES[`zoo/${name}`]!.make() as never, built.args, { ...call, ...built });
}

function compare(name: string, normalize: (t: string) => string = (t) => t): Outcome {
  try {
    const ours = normalize(withoutComments(exported(name).run_decompositions().toString()));
    const theirs = normalize(withoutComments(FIXTURES[name]!.printed!));
    return ours === theirs ? { status: "match", detail: "" } : { status: "differ", detail: firstDifference(ours, theirs) };
  } catch (e) {
    return { status: "error", detail: `${(e as Error).constructor.name}: ${(e as Error).message.split("\n")[0]}` };
  }
}

describe("run_decompositions conformance (zoo)", () => {
  conformanceTests("run_decompositions conformance (zoo)", CASES, (n) => compare(n), MATCHING);
});

describe("run_decompositions, up to a documented difference", () => {
  it("tinygpt_dynamic matches PyTorch 2.11 up to node numbering", () => {
    expect(MATCHING.has("tinygpt_dynamic")).toBe(false);
    const r = compare("tinygpt_dynamic", renumbered);
    expect(r.detail).toBe("");
    expect(r.status).toBe("match");
  });
});

// Random inputs of the fixture's dtypes; batch dims resized where the export made them dynamic.
function randomInputs(name: string, batch: number): Tensor[] {
  let seed = 12345 + batch;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return FIXTURES[name]!.inputs.map((leaf) => {
    if (!("shape" in leaf)) throw new Error("tensor inputs only");
    const dynamic = FIXTURES[name]!.dynamic_shapes !== null && !/^\{\}$|None/.test(FIXTURES[name]!.dynamic_shapes!);
    const shape = leaf.shape.map((d, i) => (i === 0 && dynamic ? batch : d));
    const n = shape.reduce((a, b) => a * b, 1);
    const isInt = leaf.dtype === "int64";
    const data = Array.from({ length: n }, () => (isInt ? Math.floor(next() * 64) : next() * 2 - 1));
    return tensor(data, { dtype: (dtypes as unknown as Record<string, never>)[leaf.dtype] }).reshape(shape);
  });
}

function maxAbsDiff(a: unknown, b: unknown): number {
  if (a instanceof Tensor && b instanceof Tensor) {
    expect(a.shape.map(Number)).toEqual(b.shape.map(Number));
    const x = [...a._values()].map(Number);
    const y = [...b._values()].map(Number);
    return Math.max(0, ...x.map((v, i) => Math.abs(v - y[i]!)));
  }
  if (Array.isArray(a) && Array.isArray(b)) return Math.max(0, ...a.map((v, i) => maxAbsDiff(v, b[i])));
  expect(a).toEqual(b);
  return 0;
}

describe("run_decompositions: the decomposed program computes the same outputs", () => {
  for (const name of CASES) {
    it(name, () => {
      const ep = exported(name);
      const dep = ep.run_decompositions();
      for (const batch of [1, 3]) {
        const inputs = randomInputs(name, batch);
        const want = ep.module()(...inputs);
        const got = dep.module()(...inputs);
        expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
      }
    });
  }
});

// PyTorch's deserializer gives every output of a multi-output op a getitem node (`<op>_unused_<i>`
// for the unused ones), so the op's last use moves: compared without those lines and `= None` tails.
function asLoaded(text: string): string {
  return withoutComments(text)
    .split("\n")
    .filter((l) => !/_unused_\d+/.test(l))
    .map((l) => l.replace(/;  [\w ]+ = None$/, ""))
    .join("\n");
}

describe("run_decompositions: save/load", () => {
  for (const name of CASES) {
    it(`${name} round-trips`, () => {
      const dep = exported(name).run_decompositions();
      const again = load(save(dep));
      expect(firstDifference(asLoaded(again.toString()), asLoaded(dep.toString()))).toBe("");
      expect(load(save(again)).toString()).toBe(again.toString());
      const inputs = randomInputs(name, 2);
      expect(maxAbsDiff(again.module()(...inputs), dep.module()(...inputs))).toBeLessThan(1e-6);
    });
  }
});

describe("run_decompositions: the table", () => {
  it("keeps an op left out of the table", () => {
    const table = defaultDecompositions();
    table.delete("linear.default");
    const text = exported("mlp_dynamic_batch").run_decompositions(table).toString();
    expect(text).toContain("torch.ops.aten.linear.default(x, p_fc1_weight, p_fc1_bias)");
  });

  it("never decomposes a core ATen op", () => {
    const table = defaultDecompositions();
    expect(table.has("addmm.default")).toBe(false);
    expect(table.has("convolution.default")).toBe(false);
    expect(table.has("linear.default")).toBe(true);
  });

  it("leaves the original program unchanged", () => {
    const ep = exported("cnn_train_buffer_mutation");
    const before = ep.toString();
    ep.run_decompositions();
    expect(ep.toString()).toBe(before);
  });
});
