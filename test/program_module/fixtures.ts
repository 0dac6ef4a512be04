// The reference cases' inputs, outputs and weights for running `ep.module()`: read from the model
// fixtures (test/fixtures/torch-2.11/models, extracted from PyTorch 2.11's result.json files by
// tools/extract-model-fixtures.mjs) and the cases' .pt2 archives (test/fixtures/torch-2.11/serde).
import { readFileSync, existsSync } from "node:fs";
import { expect } from "vitest";
import { Tensor, dtypeFromName } from "../../src/tensor/index.js";
import { readPt2 } from "../../src/serde/index.js";
import { tree_flatten, tree_unflatten, treespec_dumps, treespec_loads } from "../../src/pytree/index.js";
import { weightsFromPt2, type Module } from "../../src/nn/index.js";
import { MODEL_CASES } from "../models/index.js";

export interface Leaf {
  dtype?: string;
  shape?: number[];
  data?: (number | boolean)[];
  sum?: number;
  abs_sum?: number;
  py?: unknown;
}
export interface Tree {
  leaves: Leaf[];
  treespec: string;
}
export interface Case {
  ok: boolean;
  has_pt2: boolean;
  inputs: Tree | null;
  outputs: Tree | null;
  other_inputs: { inputs: Tree; outputs?: Tree; error?: string }[];
}

const FIX = new URL("../fixtures/torch-2.11/", import.meta.url);

/** "zoo/mlp_dynamic_batch" → its fixture case. */
export const CASES: Record<string, Case> = {};
for (const group of ["zoo", "shapes"]) {
  const data = JSON.parse(readFileSync(new URL(`models/${group}.json`, FIX), "utf8")) as Record<string, Case>;
  for (const [name, c] of Object.entries(data)) CASES[`${group}/${name}`] = c;
}

/**
 * A leaf tensor. Large inputs are stored as shape and sums only; they appear where PyTorch
 * rejected the inputs by shape, so their values do not matter: zeros stand in.
 */
function toTensor(l: Leaf): Tensor {
  const dt = dtypeFromName(l.dtype!);
  const n = l.shape!.reduce((a, b) => a * b, 1);
  const st = dt.alloc(n);
  l.data?.forEach((v, i) => (st[i] = dt.cast(typeof v === "boolean" ? (v ? 1 : 0) : v)));
  return Tensor.fromStorage(st, l.shape!, dt);
}

/** (args, kwargs) from the fixture's leaves and treespec. */
export function argsKwargs(tree: Tree): [unknown[], Record<string, unknown>] {
  const leaves = tree.leaves.map((l) => (l.dtype ? toTensor(l) : l.py));
  const [args, kwargs] = tree_unflatten(leaves, treespec_loads(tree.treespec)) as [unknown[], Record<string, unknown> | Map<string, unknown> | null];
  return [[...args], kwargs instanceof Map ? Object.fromEntries(kwargs) : (kwargs ?? {})];
}

/** The call arguments: positional ones, then the keyword arguments as a trailing options object. */
export function callArgs(tree: Tree): unknown[] {
  const [args, kw] = argsKwargs(tree);
  return Object.keys(kw).length > 0 ? [...args, kw] : args;
}

/** The case's model with PyTorch's parameters (buffers as constructed, as gen_reference.py exported them). */
export function loadModel(key: string): Module {
  const model = MODEL_CASES[key]!.make();
  const path = new URL(`serde/corpus/${key}.pt2`, FIX);
  if (existsSync(path)) {
    const weights = weightsFromPt2(readPt2(new Uint8Array(readFileSync(path))).models.get("model")!);
    const params = new Map([...model.named_parameters()].map(([k]) => [k, weights.get(k)!]));
    model.load_state_dict(params, { strict: false });
  }
  return model;
}

/** Whether an output leaf matches PyTorch's within 1e-5 relative (1e-6 absolute). Returns the first problem, or "". */
export function leafDifference(got: unknown, want: Leaf): string {
  if (!want.dtype) return JSON.stringify(got) === JSON.stringify(want.py) ? "" : `got ${String(got)}, PyTorch ${JSON.stringify(want.py)}`;
  if (!(got instanceof Tensor)) return `got ${typeof got}, PyTorch a tensor`;
  if (got.dtype.name !== want.dtype) return `dtype ${got.dtype.name}, PyTorch ${want.dtype}`;
  if (JSON.stringify([...got.shape]) !== JSON.stringify(want.shape)) return `shape [${got.shape}], PyTorch [${want.shape}]`;
  const vals = Array.from(got._values(), Number);
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 + 1e-5 * Math.abs(b);
  if (want.data) {
    const bad = vals.findIndex((v, i) => !close(v, Number(want.data![i])));
    return bad < 0 ? "" : `element ${bad} is ${vals[bad]}, PyTorch ${want.data[bad]}`;
  }
  const sum = vals.reduce((a, b) => a + b, 0);
  return Math.abs(sum - want.sum!) <= 1e-5 * Math.max(1, want.abs_sum!) ? "" : `sum ${sum}, PyTorch ${want.sum}`;
}

/** Compares an output tree with PyTorch's: structure, then each leaf. Returns the first problem, or "". */
export function treeDifference(out: unknown, want: Tree): string {
  const [leaves, spec] = tree_flatten(out);
  if (treespec_dumps(spec) !== want.treespec) return `output structure ${treespec_dumps(spec)}, PyTorch ${want.treespec}`;
  for (let i = 0; i < leaves.length; i++) {
    const d = leafDifference(leaves[i], want.leaves[i]!);
    if (d) return `output ${i}: ${d}`;
  }
  return "";
}

/** `TypeName: message` as gen_reference.py records an error (`f"{type(e).__name__}: {e}"`). */
export function pythonErrorText(e: unknown): string {
  const err = e as Error & { constructor: { pytorchType?: string; name: string } };
  // The ops layer names Python's exceptions TorchRuntimeError etc.; the rest carry pytorchType.
  const type = err.constructor.pytorchType?.split(".").pop() ?? err.constructor.name.replace(/^Torch/, "");
  return `${type}: ${err.message}`;
}

/** One run of `ep.module()`: on the case's own inputs or on one of its other inputs. */
export interface Run {
  key: string;
  what: string;
  ok: boolean;
  detail: string;
}

/**
 * Runs a fresh `ep.module()` of `makeProgram()` on the case's inputs and each of its other inputs,
 * comparing outputs (or the error text) with PyTorch's. A program that cannot be made is one failed run.
 */
export function runAgainstFixture(key: string, makeProgram: () => { module(): (...a: unknown[]) => unknown }): Run[] {
  const c = CASES[key]!;
  const runs: Run[] = [];
  const record = (what: string, detail: string) => runs.push({ key, what, ok: detail === "", detail });
  let ep: ReturnType<typeof makeProgram>;
  try {
    ep = makeProgram();
  } catch (e) {
    record("program", `no program: ${pythonErrorText(e).split("\n")[0]}`);
    return runs;
  }
  const attempt = (what: string, inputs: Tree, outputs: Tree | null | undefined, error: string | undefined) => {
    try {
      const out = ep.module()(...callArgs(inputs));
      record(what, error !== undefined ? `ran, PyTorch raised ${error}` : treeDifference(out, outputs!));
    } catch (e) {
      const text = pythonErrorText(e);
      record(what, error === text ? "" : `raised ${text.split("\n")[0]}${error ? `, PyTorch ${error}` : ""}`);
    }
  };
  attempt("inputs", c.inputs!, c.outputs, undefined);
  c.other_inputs.forEach((o, i) => attempt(`other_inputs_${i}`, o.inputs, o.outputs, o.error));
  return runs;
}

/** The report line printed after a suite. */
export function report(title: string, all: readonly Run[]): string {
  const matched = all.filter((r) => r.ok).length;
  const rows = all.map((r) => `${r.ok ? "match " : "differ"} ${`${r.key} ${r.what}`.padEnd(56)} ${r.detail}`);
  return `\n${title}: ${matched} / ${all.length} runs match PyTorch 2.11\n${rows.join("\n")}`;
}


/** Expects `fn` to throw an instance of `type` with exactly `message`. */
export function expectThrow(fn: () => unknown, type: abstract new (...a: never[]) => Error, message: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
}
