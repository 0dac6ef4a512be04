// Loaded PyTorch archives run: `load(model.pt2).module()` on the reference inputs gives PyTorch's
// outputs (the weights come from the archive, so this checks graph, arguments and payloads).
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import "../../src/ops/index.js";
import "../../src/tensor/index.js";
import { load } from "../../src/program/save_load.js";
import { tensor } from "../../src/tensor/factories.js";
import * as dtypes from "../../src/tensor/dtype.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { tree_leaves } from "../../src/pytree/index.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { archiveBytes, corpusCases } from "./corpus.js";

interface Leaf { dtype: string; shape: number[]; data: number[] }
interface ModelFixture { ok: boolean; has_pt2: boolean; inputs: { leaves: Array<Leaf | { py: unknown }> }; outputs: { leaves: Array<Leaf | { py: unknown }> } | null }

const fixtures: Record<string, ModelFixture> = {};
for (const group of ["zoo", "shapes"]) {
  const data = JSON.parse(readFileSync(new URL(`../fixtures/torch-2.11/models/${group}.json`, import.meta.url), "utf8"));
  for (const [name, f] of Object.entries(data)) fixtures[`${group}/${name}`] = f as ModelFixture;
}

const toTensor = (l: Leaf | { py: unknown }) =>
  "data" in l ? tensor(l.data, { dtype: (dtypes as unknown as Record<string, never>)[l.dtype] }).reshape(l.shape) : l.py;

const cases = corpusCases().filter((n) => fixtures[n]?.ok && fixtures[n]!.outputs !== null && n in EXPORT_CALLS);
const results = new Map<string, string>();

describe("loaded PyTorch programs compute PyTorch's outputs", () => {
  for (const name of cases) {
    it(name, () => {
      const f = fixtures[name]!;
      const leaves = f.inputs.leaves.map(toTensor);
      const call = EXPORT_CALLS[name]!();
      const { args, kwargs } = call.inputs ? call.inputs(leaves) : { args: leaves, kwargs: undefined };
      let detail = "";
      try {
        const m = load(archiveBytes(name)).module() as unknown as (...a: unknown[]) => unknown;
        const out = tree_leaves(m(...args, ...(kwargs ? [kwargs] : []))); // a trailing object is the kwargs
        // PyTorch ran Counter once before saving, so its archive holds count = 1 and the loaded
        // module adds one more than the fixture's first eager call did.
        const shift = name === "zoo/counter_buffers_constants" ? 1 : 0;
        const want = f.outputs!.leaves;
        if (out.length !== want.length) detail = `${out.length} outputs, PyTorch ${want.length}`;
        want.forEach((w, i) => {
          if (detail || !("data" in w)) return;
          const got = out[i] as Tensor;
          const vals = Array.from(got.contiguous()._values());
          const bad = w.data.findIndex((x, j) => Math.abs(x + shift - vals[j]!) > 1e-4 * (1 + Math.abs(x)));
          if (bad >= 0 || vals.length !== w.data.length) detail = `output ${i} element ${bad}: ${vals[bad]} vs ${w.data[bad]}`;
        });
      } catch (e) {
        detail = `${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`;
      }
      results.set(name, detail);
      expect(detail).toBe("");
    });
  }
});

afterAll(() => {
  const ok = [...results.values()].filter((d) => d === "").length;
  console.log(`\nrun loaded: ${ok} / ${results.size}\n${[...results].filter(([, d]) => d).map(([n, d]) => `  ${n}: ${d}`).join("\n")}`);
});
