// Conformance: the reference models exported by pt2js against PyTorch 2.11's output — printed
// program (comment lines removed), or the error type and text.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { tensor } from "../../src/tensor/factories.js";
import * as dtypes from "../../src/tensor/dtype.js";
import { MODEL_CASES } from "../models/index.js";
import { EXPORT_CALLS } from "./cases.js";

interface Fixture {
  ok: boolean;
  inputs: Array<{ dtype: string; shape: number[] } | { py: unknown }>;
  printed: string | null;
  error_type: string | null;
  error: string | null;
}

const fixtures: Record<string, Fixture> = {};
for (const group of ["zoo", "shapes"]) {
  const data = JSON.parse(readFileSync(new URL(`../fixtures/torch-2.11/conformance/${group}.json`, import.meta.url), "utf8"));
  for (const [name, f] of Object.entries(data)) fixtures[`${group}/${name}`] = f as Fixture;
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
  "shapes/dynamic_shorthand",
]);

function withoutComments(text: string): string {
  return text
    .split("\n")
    .filter((l) => !l.trim().startsWith("#"))
    .join("\n");
}

function inputsOf(f: Fixture): unknown[] {
  return f.inputs.map((leaf) => {
    if ("shape" in leaf) {
      const n = leaf.shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: n }, (_, i) => ((i * 7919) % 13) / 13 - 0.5);
      return tensor(data, { dtype: (dtypes as unknown as Record<string, never>)[leaf.dtype] }).reshape(leaf.shape);
    }
    return leaf.py;
  });
}

type Outcome = { status: "match" | "differ" | "error"; detail: string };

function run(name: string): Outcome {
  const f = fixtures[name]!;
  const model = MODEL_CASES[name]!.make();
  const call = EXPORT_CALLS[name]!();
  try {
    const leaves = inputsOf(f);
    const { args, kwargs } = call.inputs ? call.inputs(leaves) : { args: leaves, kwargs: undefined };
    const ep = exportModule(model as never, args, { ...call, kwargs });
    if (!f.ok) return { status: "differ", detail: `exported, PyTorch raised ${f.error_type}` };
    const ours = withoutComments(ep.toString());
    const theirs = withoutComments(f.printed!);
    return ours === theirs ? { status: "match", detail: "" } : { status: "differ", detail: firstDifference(ours, theirs) };
  } catch (e) {
    const err = e as Error & { constructor: { name: string; pytorchType?: string } };
    if (f.ok) return { status: "error", detail: `${err.constructor.name}: ${err.message.split("\n")[0]}` };
    const typeOk = err.constructor.pytorchType === f.error_type || f.error_type!.endsWith(`.${err.constructor.name}`);
    if (typeOk && err.message === f.error) return { status: "match", detail: "" };
    return { status: "differ", detail: `${err.constructor.name}: ${firstDifference(err.message, f.error!)}` };
  }
}

function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: ours ${JSON.stringify(la[i])} / PyTorch ${JSON.stringify(lb[i])}`;
  }
  return "";
}

const cases = Object.keys(EXPORT_CALLS).filter((n) => n in fixtures && n in MODEL_CASES);
const results = new Map<string, Outcome>();

describe("export conformance (zoo, shapes)", () => {
  for (const name of cases) {
    if (MATCHING.has(name)) {
      it(`${name} matches PyTorch 2.11`, () => {
        const r = run(name);
        results.set(name, r);
        expect(r.detail).toBe("");
        expect(r.status).toBe("match");
      });
    }
  }

  it("reports every ported case", () => {
    for (const name of cases) if (!results.has(name)) results.set(name, run(name));
    const matched = [...results.values()].filter((r) => r.status === "match").length;
    expect(matched).toBeGreaterThanOrEqual(MATCHING.size);
  });
});

afterAll(() => {
  const rows = cases.map((n) => `${results.get(n)?.status.padEnd(7)} ${n.padEnd(40)} ${results.get(n)?.detail ?? ""}`);
  const matched = [...results.values()].filter((r) => r.status === "match").length;
  console.log(`\nexport conformance: ${matched} / ${cases.length} match\n${rows.join("\n")}`);
});
