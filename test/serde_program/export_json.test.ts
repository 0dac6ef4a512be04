// pt2js exports of the ported zoo / shapes models, serialized: the model.json equals the one
// PyTorch 2.11 wrote for the same case after normalizeModelJson (fields listed there).
import { afterAll, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { encodeSchema, readPt2 } from "../../src/serde/index.js";
import { serializeProgram } from "../../src/program/serialize.js";
import { archiveBytes } from "./corpus.js";
import { EXPORT_CASES, exportCase } from "./exports.js";
import { firstJsonDifference, normalizeModelJson, type JsonValue } from "./json_diff.js";

/**
 * Cases whose model.json already equals PyTorch's (after normalization); each must keep matching.
 * The others differ by what the tracer records (the report printed after the run names the first
 * difference): strides and storage offsets of views (meta.val has no stride / storage_offset),
 * tinygpt's sym_size nodes, a preserved module's call signature inputs, dims PyTorch keeps
 * dynamic in shapes_collection / additional_inputs.
 */
const MATCHING = new Set([
  "zoo/mlp_dynamic_batch",
  "zoo/mlp_static",
  "zoo/cnn_eval_dynamic_batch",
  "zoo/cnn_train_buffer_mutation",
  "zoo/counter_buffers_constants",
  "zoo/nested_pytree_io",
  "zoo/unflatten_plain",
  "zoo/preserve_module_call_signature",
  "zoo/user_input_mutation",
  "zoo/divisible_reshape",
  "zoo/reshape_symbolic_product",
  "zoo/concat_two_dims",
  "zoo/nonzero_unbacked",
  "zoo/item_check",
  "zoo/cond",
  "shapes/equal_dims_ok",
  "shapes/broadcast_unspecified",
  "shapes/derived_dim_ok",
  "shapes/derived_dim_2x",
  "shapes/shape_guard_auto",
  "shapes/static_dim_mismatch_runtime",
  "shapes/shapes_collection",
  "shapes/additional_inputs",
  "shapes/dynamic_shorthand",
]);

/** Equal up to the differences docs/conformance.md explains (not reproducible PyTorch internals). */
const UP_TO: Record<string, (json: JsonValue) => JsonValue> = {
  // 2.11's numbering of hoisted sym_size nodes.
  "zoo/tinygpt_dynamic": (j) => JSON.parse(JSON.stringify(j).replace(/sym_size_int_\d+/g, "sym_size_int_N")) as JsonValue,
  "zoo/tinygpt_auto": (j) => JSON.parse(JSON.stringify(j).replace(/sym_size_int_\d+/g, "sym_size_int_N")) as JsonValue,
  // The order of the phantom roots s16 / s62 in range_constraints follows Python's set order.
  "zoo/cnn_dynamic_hw_fixed": (j) => {
    const o = j as Record<string, JsonValue>;
    const rc = o.range_constraints as Record<string, JsonValue>;
    return { ...o, range_constraints: Object.fromEntries(Object.entries(rc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  },
};

const cases = EXPORT_CASES;
const results = new Map<string, string>();

function compare(name: string, upTo: (json: JsonValue) => JsonValue = (j) => j): string {
  const ep = exportCase(name);
  const ours = JSON.parse(encodeSchema("ExportedProgram", serializeProgram(ep))) as JsonValue;
  const theirs = JSON.parse(new TextDecoder().decode(readPt2(archiveBytes(name)).records.get("models/model.json")!)) as JsonValue;
  return firstJsonDifference(upTo(normalizeModelJson(ours)), upTo(normalizeModelJson(theirs)));
}

describe("export → serialize matches PyTorch's model.json", () => {
  for (const name of cases) {
    it(name, () => {
      let d: string;
      try {
        d = compare(name);
      } catch (e) {
        d = `${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`;
      }
      results.set(name, d);
      if (MATCHING.has(name)) expect(d).toBe("");
    });
  }
  for (const [name, upTo] of Object.entries(UP_TO)) {
    it(`${name} is equal up to its documented difference`, () => {
      expect(MATCHING.has(name)).toBe(false);
      expect(compare(name, upTo)).toBe("");
    });
  }
  it("reports every case", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect([...MATCHING].every((n) => cases.includes(n))).toBe(true);
  });
});

afterAll(() => {
  const same = [...results.values()].filter((d) => d === "").length;
  console.log(`\nexport json: ${same} / ${results.size} equal\n${[...results].map(([n, d]) => `  ${d === "" ? "equal " : "differ"} ${n} ${d}`).join("\n")}`);
});
