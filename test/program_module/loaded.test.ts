// ep.module() on PyTorch 2.11's own exported programs: each reference case's .pt2 archive, loaded
// (deserializeProgram, guards_code included), run on the case's inputs and other inputs; outputs
// must match within 1e-5 and rejected inputs must fail with PyTorch's error text. These graphs
// have what pt2js's tracer does not emit yet: cond subgraphs, item() with _assert_scalar runtime
// asserts, unbacked sizes (nonzero).
import { readFileSync, existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { readPt2 } from "../../src/serde/index.js";
import { deserializeProgram } from "../../src/program/deserialize.js";
import { MODEL_CASES } from "../models/index.js";
import { CASES, report, runAgainstFixture, type Run } from "./fixtures.js";

const FIX = new URL("../fixtures/torch-2.11/serde/corpus/", import.meta.url);

/** The runs known to match PyTorch; each must keep matching. */
const MATCHING = new Set<string>([
  "zoo/cnn_dynamic_hw_fixed:inputs", "zoo/cnn_dynamic_hw_fixed:other_inputs_0", "zoo/cnn_dynamic_hw_fixed:other_inputs_1",
  "zoo/cnn_eval_dynamic_batch:inputs", "zoo/cnn_eval_dynamic_batch:other_inputs_0",
  "zoo/cnn_train_buffer_mutation:inputs",
  "zoo/concat_two_dims:inputs",
  "zoo/cond:inputs", "zoo/cond:other_inputs_0",
  "zoo/counter_buffers_constants:inputs",
  "zoo/divisible_reshape:inputs",
  "zoo/item_check:inputs", "zoo/item_check:other_inputs_0",
  "zoo/mlp_dynamic_batch:inputs", "zoo/mlp_dynamic_batch:other_inputs_0", "zoo/mlp_dynamic_batch:other_inputs_1",
  "zoo/mlp_dynamic_batch:other_inputs_2",
  "zoo/mlp_static:inputs",
  "zoo/nested_pytree_io:inputs",
  "zoo/nonzero_unbacked:inputs",
  "zoo/preserve_module_call_signature:inputs",
  "zoo/reshape_symbolic_product:inputs",
  "zoo/tinygpt_auto:inputs",
  "zoo/tinygpt_dynamic:inputs", "zoo/tinygpt_dynamic:other_inputs_0", "zoo/tinygpt_dynamic:other_inputs_1",
  "zoo/unflatten_plain:inputs",
  "zoo/user_input_mutation:inputs",
  "shapes/additional_inputs:inputs",
  "shapes/broadcast_unspecified:inputs",
  "shapes/derived_dim_2x:inputs",
  "shapes/derived_dim_ok:inputs",
  "shapes/dynamic_shorthand:inputs",
  "shapes/equal_dims_ok:inputs",
  "shapes/shape_guard_auto:inputs", "shapes/shape_guard_auto:other_inputs_0", "shapes/shape_guard_auto:other_inputs_1",
  "shapes/shapes_collection:inputs",
  "shapes/static_dim_mismatch_runtime:inputs", "shapes/static_dim_mismatch_runtime:other_inputs_0",
]);

function loaded(key: string) {
  const ep = deserializeProgram(readPt2(new Uint8Array(readFileSync(new URL(`${key}.pt2`, FIX)))).models.get("model")!);
  // The archive holds buffers as the recorded runs left them (Counter.count after PyTorch's call);
  // the recorded outputs saw them as constructed, so the model port's buffers are put back.
  for (const [fqn, b] of MODEL_CASES[key]?.make().named_buffers() ?? []) {
    if (ep.state_dict.has(fqn)) ep.state_dict.set(fqn, b);
  }
  return ep;
}

const keys = Object.keys(CASES).filter((k) => CASES[k]!.ok && CASES[k]!.outputs && existsSync(new URL(`${k}.pt2`, FIX)));
const all: Run[] = [];

describe("ep.module() on loaded PyTorch programs", () => {
  for (const key of keys) {
    const expected = [...MATCHING].filter((m) => m.startsWith(`${key}:`));
    if (expected.length === 0) continue;
    it(`${key} matches PyTorch 2.11`, () => {
      const runs = runAgainstFixture(key, () => loaded(key));
      all.push(...runs);
      for (const r of runs) if (MATCHING.has(`${key}:${r.what}`)) expect(r.detail, `${key} ${r.what}`).toBe("");
      expect(runs.filter((r) => MATCHING.has(`${key}:${r.what}`)).length).toBe(expected.length);
    });
  }

  it("reports every case (matched / attempted)", () => {
    for (const key of keys) if (!all.some((r) => r.key === key)) all.push(...runAgainstFixture(key, () => loaded(key)));
    expect(all.filter((r) => r.ok).length).toBeGreaterThanOrEqual(MATCHING.size);
  });
});

afterAll(() => {
  console.log(report("ep.module() on loaded archives", all));
});
