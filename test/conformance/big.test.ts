// The big reference models — torchvision's ResNet-18 (dynamic batch) and ResNet-50 (static), ported
// in test/models/resnet.ts — exported by pt2js and compared with PyTorch 2.11's export of the same
// model (test/fixtures/torch-2.11/conformance/big.json, from tools/extract-big-fixtures.mjs): the
// printed program (comment lines removed), the module call graph, every call_function node's
// nn_module_stack and torch_fn, the serialized model.json (where the reference kept it), and the
// program after run_decompositions() (decomposed/big.json, where the reference decomposed it).
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { Dim } from "../../src/export/dim.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import { serializeProgram } from "../../src/program/serialize.js";
import { encodeSchema } from "../../src/serde/index.js";
import type { Module } from "../../src/nn/index.js";
import { randn } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { resnet18, resnet50 } from "../models/resnet.js";
import { firstDifference, inputsOf, withoutComments, type Fixture } from "./runner.js";
import { firstJsonDifference, normalizeModelJson, type JsonValue } from "../serde_program/json_diff.js";

type ModuleStack = Record<string, [string, string]> | null;
type NodeRow = [name: string, nn_module_stack: ModuleStack, torch_fn: [string, string] | null];

interface BigFixture extends Fixture {
  nodes: NodeRow[] | null;
  serialized: JsonValue | null;
}

interface DecomposedFixture {
  printed: string | null;
}

const fixtures = new URL("../fixtures/torch-2.11/", import.meta.url);
const FIXTURES: Record<string, BigFixture> = JSON.parse(readFileSync(new URL("conformance/big.json", fixtures), "utf8"));
const DECOMPOSED: Record<string, DecomposedFixture> = JSON.parse(readFileSync(new URL("decomposed/big.json", fixtures), "utf8"));

/** How gen_reference.py exports each case. */
const CASES: Record<string, { make: () => Module; dynamic_shapes?: unknown }> = {
  resnet18_dynamic_batch: { make: () => resnet18().eval(), dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 512 }) } } },
  resnet50_static: { make: () => resnet50().eval() },
};

const COMPARISONS = ["printed", "module_call_graph", "nn_module_stack", "torch_fn", "model.json", "decomposed"] as const;
type Comparison = (typeof COMPARISONS)[number];

/**
 * The comparisons that match PyTorch 2.11 (each must keep matching); the table names the others.
 * resnet18's decomposed program differs only in the numbering of its add nodes (tested below);
 * resnet50's reference has neither model.json nor a decomposed program.
 */
const MATCHING = new Set<string>([
  "resnet18_dynamic_batch/printed",
  "resnet18_dynamic_batch/module_call_graph",
  "resnet18_dynamic_batch/nn_module_stack",
  "resnet18_dynamic_batch/torch_fn",
  "resnet18_dynamic_batch/model.json",
  "resnet50_static/printed",
  "resnet50_static/module_call_graph",
  "resnet50_static/nn_module_stack",
  "resnet50_static/torch_fn",
]);

const exported = new Map<string, { model: Module; ep: ExportedProgram }>();
function exportedCase(name: string): { model: Module; ep: ExportedProgram } {
  let e = exported.get(name);
  if (e === undefined) {
    const c = CASES[name]!;
    const model = c.make();
    const ep = exportModule(model as never, inputsOf(FIXTURES[name]!), c.dynamic_shapes === undefined ? {} : { dynamic_shapes: c.dynamic_shapes });
    e = { model, ep };
    exported.set(name, e);
  }
  return e;
}
const exportOf = (name: string): ExportedProgram => exportedCase(name).ep;

/** "" when equal, the first difference otherwise; null when the reference has nothing to compare with. */
function compare(name: string, what: Comparison): string | null {
  const f = FIXTURES[name]!;
  switch (what) {
    case "printed":
      return firstDifference(withoutComments(exportOf(name).toString()), withoutComments(f.printed!));
    case "module_call_graph": {
      const ours = JSON.stringify(exportOf(name).module_call_graph.map((e) => ({
        fqn: e.fqn,
        has_signature: e.signature !== null,
        in_spec: e.signature?.in_spec ?? null,
        out_spec: e.signature?.out_spec ?? null,
        forward_arg_names: e.signature?.forward_arg_names ?? null,
      })));
      const theirs = JSON.stringify(f.module_call_graph);
      return firstDifference(ours.replace(/\},\{/g, "},\n{"), theirs.replace(/\},\{/g, "},\n{"));
    }
    case "nn_module_stack":
    case "torch_fn": {
      const key = what === "nn_module_stack" ? 1 : 2;
      const ours = exportOf(name).graph_module.graph.nodes.filter((n) => n.op === "call_function")
        .map((n): NodeRow => [n.name, (n.meta.nn_module_stack as ModuleStack | undefined) ?? null, (n.meta.torch_fn as [string, string] | undefined) ?? null]);
      const theirs = f.nodes!;
      for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
        const a = ours[i];
        const b = theirs[i];
        if (a === undefined || b === undefined || a[0] !== b[0] || JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
          const show = (r: NodeRow | undefined) => (r === undefined ? "none" : `${r[0]} ${JSON.stringify(r[key])}`);
          return `node ${i}: ours ${show(a)} / PyTorch ${show(b)}`;
        }
      }
      return "";
    }
    case "model.json": {
      if (f.serialized === null) return null;
      const ours = JSON.parse(encodeSchema("ExportedProgram", serializeProgram(exportOf(name)))) as JsonValue;
      return firstJsonDifference(normalizeModelJson(ours), normalizeModelJson(f.serialized));
    }
    case "decomposed": {
      const theirs = DECOMPOSED[name]?.printed;
      if (theirs == null) return null;
      return firstDifference(withoutComments(exportOf(name).run_decompositions().toString()), withoutComments(theirs));
    }
  }
}

/**
 * The decomposed program with its `aten.add.Tensor` nodes renamed `add_#0`, `add_#1`, ... in order
 * of appearance. PyTorch 2.11's retrace numbers them after the SymInt `add` nodes it traced while
 * decomposing and functionalizing and later dropped (`add_70`, `add_126`, ...: about five per
 * tensor with the dynamic batch dim); pt2js's decompositions trace no such nodes and number them
 * `add`, `add_1`, ... (the same kind of difference as tinygpt_dynamic's in
 * test/program/run_decompositions.test.ts).
 */
function addsRenumbered(text: string): string {
  const names = [...text.matchAll(/^ {12}(\w+): "[^"]*" = torch\.ops\.aten\.add\.Tensor\(/gm)].map((m) => m[1]!);
  const renamed = new Map(names.map((n, i) => [n, `add_#${i}`]));
  return text.replace(/(?<![.\w])\w+\b/g, (w) => renamed.get(w) ?? w);
}

function outcome(name: string, what: Comparison): string | null {
  try {
    return compare(name, what);
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message.split("\n")[0]}`;
  }
}

const results = new Map<string, string | null>();

describe("big models (torchvision ResNet) against PyTorch 2.11", () => {
  for (const name of Object.keys(CASES)) {
    for (const what of COMPARISONS) {
      const key = `${name}/${what}`;
      if (!MATCHING.has(key)) continue;
      it(`${key} matches`, () => {
        const d = outcome(name, what);
        results.set(key, d);
        expect(d).toBe("");
      });
    }
  }
  it("reports every comparison", () => {
    for (const name of Object.keys(CASES)) {
      expect(FIXTURES[name]?.ok, name).toBe(true);
      for (const what of COMPARISONS) {
        const key = `${name}/${what}`;
        if (!results.has(key)) results.set(key, outcome(name, what));
      }
    }
    const matched = [...results.values()].filter((d) => d === "").length;
    expect(matched).toBeGreaterThanOrEqual(MATCHING.size);
  });
});

describe("big models, up to a documented difference", () => {
  it("resnet18_dynamic_batch/decomposed matches up to the numbering of its add nodes", () => {
    expect(MATCHING.has("resnet18_dynamic_batch/decomposed")).toBe(false);
    const ours = withoutComments(exportOf("resnet18_dynamic_batch").run_decompositions().toString());
    const theirs = withoutComments(DECOMPOSED.resnet18_dynamic_batch!.printed!);
    expect(firstDifference(ours, theirs)).not.toBe("");
    expect(firstDifference(addsRenumbered(ours), addsRenumbered(theirs))).toBe("");
  });
});

describe("big models compute what the eager model computes", () => {
  it("resnet18_dynamic_batch: the exported and the decomposed program at another batch size", () => {
    const { model, ep } = exportedCase("resnet18_dynamic_batch");
    const x = randn(3, 3, 64, 64);
    const values = (t: Tensor) => [...t._values()].map(Number);
    const want = values((model as unknown as (x: Tensor) => Tensor)(x.clone()));
    for (const program of [ep, ep.run_decompositions()]) {
      const got = (program.module() as unknown as (x: Tensor) => Tensor)(x.clone());
      expect(got.shape.map(Number)).toEqual([3, 1000]);
      expect(Math.max(...values(got).map((v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-4);
    }
  });
});

afterAll(() => {
  const rows = [...results].map(([k, d]) => `  ${(d === "" ? "match" : d === null ? "n/a" : "differ").padEnd(7)} ${k.padEnd(42)} ${d ?? "(not in the reference)"}`);
  const matched = [...results.values()].filter((d) => d === "").length;
  const compared = [...results.values()].filter((d) => d !== null).length;
  console.log(`\nbig models: ${matched} / ${compared} comparisons match\n${rows.join("\n")}`);
});
