// Conformance: PyTorch's ExportDB examples (torch/_export/db/examples), ported to TypeScript in
// test/models/exportdb/, exported by pt2js (non-strict) against PyTorch 2.11's printed program or error.
import { describe, expect, it } from "vitest";
import { EXPORTDB_CASES } from "../models/exportdb/index.js";
import { conformanceTests, loadFixtures, runCase, type Outcome } from "./runner.js";

const fixtures = loadFixtures("exportdb");

/** The cases known to match PyTorch exactly; each is its own test and must keep matching. */
const MATCHING = new Set<string>([
  "assume_constant_result",
  "class_method",
  "cond_branch_class_method",
  "cond_branch_nested_function",
  "cond_branch_nonlocal_variables",
  "cond_closed_over_variable",
  "cond_operands",
  "cond_predicate",
  "constrain_as_size_example",
  "constrain_as_value_example",
  "decorator",
  "dictionary",
  "dynamic_shape_assert",
  "dynamic_shape_constructor",
  "dynamic_shape_if_guard",
  "dynamic_shape_map",
  "dynamic_shape_round",
  "dynamic_shape_slicing",
  "dynamic_shape_view",
  "fn_with_kwargs",
  "list_contains",
  "list_unpack",
  "model_attr_mutation",
  "nested_function",
  "null_context_manager",
  "optional_input",
  "pytree_flatten",
  "scalar_output",
  "specialized_attribute",
  "static_for_loop",
  "static_if",
  "tensor_setattr",
  "type_reflection_method",
  "unsupported_operator",
  "user_input_mutation",
]);

/** Examples not ported, and why: each needs what a TypeScript port or pt2js cannot express. */
export const SKIPPED: Record<string, string> = {
  autograd_function: "a torch.autograd.Function subclass (MyAutogradFunction.apply): Python-only, no pt2js counterpart",
};

const cases = Object.keys(EXPORTDB_CASES).filter((n) => n in fixtures);
const run = (name: string): Outcome => {
  const c = EXPORTDB_CASES[name]!;
  return runCase(fixtures[name]!, c.make(), c.call());
};
describe("export conformance (exportdb)", () => {
  it("accounts for every ExportDB example: ported or skipped with a reason", () => {
    for (const name of Object.keys(fixtures)) expect(name in EXPORTDB_CASES || name in SKIPPED, name).toBe(true);
    for (const name of Object.keys(SKIPPED)) expect(name in EXPORTDB_CASES, name).toBe(false);
  });
  conformanceTests("export conformance (exportdb)", cases, run, MATCHING);
});

// EXPORTDB_PRINT=case1,case2 prints pt2js's program for those cases (debugging a difference).
for (const name of (process.env.EXPORTDB_PRINT ?? "").split(",").filter((n) => n in EXPORTDB_CASES)) {
  it(`prints ${name}`, async () => {
    const { exportModule } = await import("../../src/export/export.js");
    const { inputsOf } = await import("./runner.js");
    const c = EXPORTDB_CASES[name]!;
    const call = c.call();
    const leaves = inputsOf(fixtures[name]!);
    const { args, kwargs } = call.inputs ? call.inputs(leaves) : { args: leaves, kwargs: undefined };
    console.log(exportModule(c.make() as never, args, { ...call, kwargs }).toString());
  });
}

