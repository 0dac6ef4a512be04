// Conformance: the zoo and shapes models exported by pt2js against PyTorch 2.11's output.
import { describe } from "vitest";
import { MODEL_CASES } from "../models/index.js";
import { EXPORT_CALLS } from "./cases.js";
import { conformanceTests, loadFixtures, runCase, type Fixture, type Outcome } from "./runner.js";

const fixtures: Record<string, Fixture> = {};
for (const group of ["zoo", "shapes"]) {
  for (const [name, f] of Object.entries(loadFixtures(group))) fixtures[`${group}/${name}`] = f;
}

/** The cases known to match PyTorch exactly; each is its own test and must keep matching. */
const MATCHING = new Set<string>([
  "zoo/mlp_dynamic_batch",
  "zoo/mlp_static",
  "zoo/cnn_eval_dynamic_batch",
  "zoo/cnn_train_buffer_mutation",
  "zoo/cnn_dynamic_hw",
  "zoo/counter_buffers_constants",
  "zoo/nested_pytree_io",
  "zoo/unflatten_plain",
  "zoo/preserve_module_call_signature",
  "zoo/user_input_mutation",
  "zoo/divisible_reshape",
  "zoo/concat_two_dims",
  "zoo/reshape_symbolic_product",
  "zoo/nonzero_unbacked",
  "zoo/item_check",
  "zoo/cond",
  "shapes/equal_dims_error",
  "shapes/equal_dims_ok",
  "shapes/broadcast_unspecified",
  "shapes/derived_dim_error",
  "shapes/derived_dim_ok",
  "shapes/derived_dim_2x",
  "shapes/view_specialization_error",
  "shapes/shape_guard_range_error",
  "shapes/shape_guard_auto",
  "shapes/min_max_bad_spec",
  "shapes/spec_wrong_key",
  "shapes/spec_wrong_structure",
  "shapes/spec_dim_out_of_range",
  "shapes/static_dim_mismatch_runtime",
  "shapes/dim_size_one_specialized",
  "shapes/shapes_collection",
  "shapes/additional_inputs",
  "shapes/dynamic_shorthand",
]);

const run = (name: string): Outcome => runCase(fixtures[name]!, MODEL_CASES[name]!.make(), EXPORT_CALLS[name]!());
const cases = Object.keys(EXPORT_CALLS).filter((n) => n in fixtures && n in MODEL_CASES);
describe("export conformance (zoo, shapes)", () => {
  conformanceTests("export conformance (zoo, shapes)", cases, run, MATCHING);
});
