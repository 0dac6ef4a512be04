// The differential check of one program: the eager model, ep.module() and
// ep.run_decompositions().module() on the example inputs and on random inputs inside the range
// constraints must give the same outputs, the same mutated buffers and the same mutated inputs.
import "../../src/ops/index.js";
import { exportModule, callArguments } from "../../src/export/export.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import { isTensorMeta } from "../../src/fx/index.js";
import { Tensor } from "../../src/tensor/index.js";
import { tensor } from "../../src/tensor/factories.js";
import { SymInt } from "../../src/symbolic/symint.js";
import { tree_flatten, tree_unflatten, tuple } from "../../src/pytree/index.js";
import type { Module } from "../../src/nn/index.js";
import type { DiffProgram } from "./programs.js";

export interface Exported {
  model: Module;
  ep: ExportedProgram;
}

export function exportOf(p: DiffProgram): Exported {
  const model = p.make();
  const ep = exportModule(model as never, p.args, { ...p.options, kwargs: p.kwargs });
  return { model, ep };
}

// ---- running

interface RunResult {
  outputs: unknown[];
  buffers: Map<string, Tensor>;
  inputs: unknown[];
  error?: string;
}

function cloneLeaf(v: unknown): unknown {
  return v instanceof Tensor ? v.clone() : v;
}

function cloneTree(args: unknown[], kwargs: Record<string, unknown>): [unknown[], Record<string, unknown>] {
  const [leaves, spec] = tree_flatten(tuple(tuple(...args), kwargs));
  const [a, k] = tree_unflatten(leaves.map(cloneLeaf), spec) as [unknown[], Record<string, unknown>];
  return [[...a], k];
}

/** The tensors holding state: restored to their values before each run. */
function stateTensors(model: Module, eps: ExportedProgram[]): Tensor[] {
  const all = new Set<Tensor>();
  for (const [, t] of model.named_buffers()) all.add(t);
  for (const [, t] of model.named_parameters()) all.add(t);
  for (const ep of eps) {
    for (const t of ep.state_dict.values()) all.add(t);
    for (const t of ep.constants.values()) if (t instanceof Tensor) all.add(t);
  }
  return [...all];
}

function snapshot(ts: Tensor[]): () => void {
  const saved = ts.map((t) => Float64Array.from(t._values() as ArrayLike<number>, Number));
  return () => ts.forEach((t, i) => t._writeLogical(saved[i]!));
}

function run(fn: () => unknown, mod: Module, inputs: unknown[]): RunResult {
  const flatInputs = tree_flatten(inputs)[0];
  try {
    const out = fn();
    const buffers = new Map<string, Tensor>();
    for (const [name, b] of mod.named_buffers()) buffers.set(name, b.clone());
    return { outputs: tree_flatten(out)[0], buffers, inputs: flatInputs.map(cloneLeaf) };
  } catch (e) {
    return { outputs: [], buffers: new Map(), inputs: [], error: `${(e as Error).constructor.name}: ${(e as Error).message.split("\n")[0]}` };
  }
}

/** Runs the three versions of the program on (args, kwargs), each from the same state. */
export function runAll(x: Exported, dep: ExportedProgram, args: unknown[], kwargs: Record<string, unknown>): [RunResult, RunResult, RunResult] {
  // A loaded program has its own state tensors: they are restored too.
  const restore = snapshot(stateTensors(x.model, [x.ep, dep]));
  const results: RunResult[] = [];
  try {
    {
      restore();
      const [a, k] = cloneTree(args, kwargs);
      const call = callArguments(x.model as never, a, k);
      results.push(run(() => (x.model as unknown as (...v: unknown[]) => unknown)(...call), x.model, [a, k]));
    }
    for (const ep of [x.ep, dep]) {
      restore();
      const [a, k] = cloneTree(args, kwargs);
      const m = ep.module();
      const call = Object.keys(k).length > 0 ? [...a, k] : a;
      results.push(run(() => (m as unknown as (...v: unknown[]) => unknown)(...call), m as unknown as Module, [a, k]));
    }
  } finally {
    restore();
  }
  return results as [RunResult, RunResult, RunResult];
}

// ---- comparing

function close(a: number, b: number, isFloat: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!isFloat || a === b) return a === b;
  return Math.abs(a - b) <= 1e-4 + 1e-4 * Math.abs(b);
}

function valueDiff(a: unknown, b: unknown, path: string): string {
  if (a instanceof Tensor || b instanceof Tensor) {
    if (!(a instanceof Tensor && b instanceof Tensor)) return `${path}: ${describe(a)} vs ${describe(b)}`;
    if (a.dtype !== b.dtype) return `${path}: dtype ${a.dtype.name} vs ${b.dtype.name}`;
    const sa = a.shape.map(Number);
    const sb = b.shape.map(Number);
    if (sa.join() !== sb.join()) return `${path}: shape [${sa}] vs [${sb}]`;
    const va = a._values() as ArrayLike<number>;
    const vb = b._values() as ArrayLike<number>;
    const isFloat = a.dtype.category === 2;
    for (let i = 0; i < va.length; i++) {
      if (!close(Number(va[i]), Number(vb[i]), isFloat)) return `${path}[${i}]: ${va[i]} vs ${vb[i]}`;
    }
    return "";
  }
  const na = a instanceof SymInt ? a.hint : a;
  const nb = b instanceof SymInt ? b.hint : b;
  if (typeof na === "number" && typeof nb === "number") return close(na, nb, true) ? "" : `${path}: ${na} vs ${nb}`;
  return na === nb ? "" : `${path}: ${describe(na)} vs ${describe(nb)}`;
}

function describe(v: unknown): string {
  return v instanceof Tensor ? `Tensor[${v.shape}]` : JSON.stringify(v) ?? String(v);
}

/** "" when `b` gives what `a` gives (outputs, buffers, inputs after the call). */
export function resultDiff(a: RunResult, b: RunResult): string {
  if (a.error !== undefined || b.error !== undefined) return a.error === b.error ? "" : `error: ${a.error ?? "none"} vs ${b.error ?? "none"}`;
  if (a.outputs.length !== b.outputs.length) return `${a.outputs.length} outputs vs ${b.outputs.length}`;
  for (let i = 0; i < a.outputs.length; i++) {
    const d = valueDiff(a.outputs[i], b.outputs[i], `output ${i}`);
    if (d) return d;
  }
  for (const [name, t] of a.buffers) {
    const other = b.buffers.get(name);
    if (other === undefined) continue; // a buffer the exported module does not keep (no state change)
    const d = valueDiff(t, other, `buffer ${name}`);
    if (d) return d;
  }
  for (let i = 0; i < a.inputs.length; i++) {
    const d = valueDiff(a.inputs[i], b.inputs[i], `input ${i} after the call`);
    if (d) return d;
  }
  return "";
}

// ---- random inputs inside the range constraints

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * New inputs like the example: every dynamic dim redrawn inside its symbol's range (sizes 2..8
 * where the range allows, checked against every derived range), float values redrawn, integer and
 * bool values picked from the example's own values (they are indices, masks, counts), or kept
 * when the program says its values matter. null when
 * no draw satisfies the constraints.
 */
export function randomInputs(p: DiffProgram, ep: ExportedProgram, seed: number): [unknown[], Record<string, unknown>] | null {
  const next = rng(seed * 7919 + 17);
  const [leaves, spec] = tree_flatten(tuple(tuple(...p.args), p.kwargs));
  const userMetas = ep.graph_signature.input_specs
    .filter((s) => s.kind === "USER_INPUT")
    .map((s) => ep.graph.nodes.find((n) => n.op === "placeholder" && n.name === s.arg.name)?.meta.val)
    .filter((v) => isTensorMeta(v));
  const tensorLeaves = leaves.filter((l): l is Tensor => l instanceof Tensor);
  if (userMetas.length !== tensorLeaves.length) return null;
  const ranges = new Map(ep.range_constraints.map((r) => [r.key, r]));
  for (let attempt = 0; attempt < 20; attempt++) {
    const values = new Map<string, number>();
    const symbols = new Map<string, ReturnType<SymInt["expr"]["freeSymbols"]>[number]>();
    for (const meta of userMetas) {
      for (const d of (meta as { shape: readonly unknown[] }).shape) if (d instanceof SymInt) for (const s of d.expr.freeSymbols()) symbols.set(s.toString(), s);
    }
    for (const [name] of symbols) {
      const r = ranges.get(name);
      const lo = Math.max(r?.lower ?? 2, 2);
      const hi = Math.min(r?.upper ?? 8, lo + 6);
      values.set(name, lo + Math.floor(next() * (hi - lo + 1)));
    }
    const bind = [...symbols].map(([name, s]) => [s, values.get(name)!] as const);
    // Derived ranges (`2*s16: VR[4, 512]`) must hold too.
    const derivedOk = ep.range_constraints.every((r) => {
      if (symbols.has(r.key)) return true;
      const sym = [...symbols.values()];
      const expr = userMetas.flatMap((m) => (m as { shape: readonly unknown[] }).shape).find((d): d is SymInt => d instanceof SymInt && d.expr.toString() === r.key);
      if (expr === undefined || sym.length === 0) return true;
      const v = expr.expr.evaluate(bind);
      return v >= r.lower && v <= r.upper;
    });
    if (!derivedOk) continue;
    let k = 0;
    const fresh = leaves.map((leaf) => {
      if (!(leaf instanceof Tensor)) return leaf;
      const meta = userMetas[k++] as { shape: readonly unknown[] };
      const shape = meta.shape.map((d) => (d instanceof SymInt ? d.expr.evaluate(bind) : (d as number)));
      return redraw(leaf, shape, next, p.fixedValues === true);
    });
    if (fresh.some((f) => f === null)) return null;
    const [a, kw] = tree_unflatten(fresh, spec) as [unknown[], Record<string, unknown>];
    return [[...a], kw];
  }
  return null;
}

function redraw(t: Tensor, shape: number[], next: () => number, fixedValues: boolean): Tensor | null {
  const n = shape.reduce((x, y) => x * y, 1);
  const same = shape.join() === t.shape.map(Number).join();
  const dtype = { dtype: t.dtype };
  if (t.dtype.category !== 2) {
    if (same && fixedValues) return t.clone();
    const example = Array.from(t._values() as ArrayLike<number>, Number);
    if (example.length === 0) return null;
    return tensor(Array.from({ length: n }, () => example[Math.floor(next() * example.length)]!), dtype).reshape(shape);
  }
  return tensor(Array.from({ length: n }, () => next() * 4 - 2), dtype).reshape(shape);
}
