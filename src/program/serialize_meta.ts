// Per-value and per-node metadata of schema 8.17 (serialize.py serialize_sym_int, serialize_tensor_meta,
// serialize_metadata): symbolic sizes as sympy srepr text with their hints, fake-tensor metadata
// (contiguous strides when the graph does not record them), and the node metadata strings.
import { dumpsPyJson } from "../serde/pyjson.js";
import { Expr, ExprKind } from "../core/expr.js";
import { Device, isTensorMeta, type NodeMeta, type TensorMeta } from "../fx/index.js";
import type { SymBool, SymInt, TensorMeta as STensorMeta } from "../serde/schema/types.js";
import { EXTRA_METADATA, type StridedTensorMeta } from "./deserialize_meta.js";
import { dtypeCodes, layoutCodes } from "./serialize_enums.js";
import { SerializeError } from "./serialize_errors.js";

/** The expression of a symbolic value: a core Expr, or an object holding one (SymInt, SymIntValue). */
export function exprOf(v: unknown): Expr | null {
  if (v instanceof Expr) return v;
  if (typeof v === "object" && v !== null && (v as { expr?: unknown }).expr instanceof Expr) return (v as { expr: Expr }).expr;
  return null;
}

/** Symbol name → hint, from a loaded archive and from the shape environments of traced SymInts. */
export class HintTable {
  readonly hints: Map<string, number>;

  constructor(initial?: ReadonlyMap<string, number>) {
    this.hints = new Map(initial ?? []);
  }

  /** Records the hints a traced SymInt's shape environment knows for its free symbols. */
  learn(v: unknown): void {
    const env = (v as { env?: { hint(s: Expr): number | null } } | null)?.env;
    const e = exprOf(v);
    if (env === undefined || e === null) return;
    for (const s of e.freeSymbols()) {
      if (this.hints.has(s.symbolName)) continue;
      const h = env.hint(s);
      if (h !== null) this.hints.set(s.symbolName, h);
    }
  }

  /** The expression's value at the hints, or null when a symbol (e.g. unbacked u0) has none. */
  hintOf(e: Expr): number | null {
    const values: Array<[Expr, number]> = [];
    for (const s of e.freeSymbols()) {
      const h = this.hints.get(s.symbolName);
      if (h === undefined) return null;
      values.push([s, h]);
    }
    return e.evaluate(values);
  }

  symInt(v: unknown): SymInt {
    if (typeof v === "number") {
      if (!Number.isInteger(v)) throw new SerializeError(`SymInt should be either symbol or int, got ${v}`);
      return { as_int: v };
    }
    if (typeof v === "bigint") return { as_int: v };
    const e = exprOf(v);
    if (e === null) throw new SerializeError(`SymInt should be either symbol or int, got ${String(v)}`);
    if (e.kind === ExprKind.Integer) return { as_int: e.intValue() };
    this.learn(v);
    const hint = this.hintOf(e);
    return { as_expr: { expr_str: e.srepr(), hint: hint === null ? null : { as_int: hint } } };
  }

  symBool(v: unknown): SymBool {
    if (typeof v === "boolean") return { as_bool: v };
    const e = exprOf(v);
    if (e === null) throw new SerializeError(`SymBool should be either symbol or bool, got ${String(v)}`);
    if (e.kind === ExprKind.True || e.kind === ExprKind.False) return { as_bool: e.kind === ExprKind.True };
    return { as_expr: { expr_str: e.srepr(), hint: null } };
  }

  /** TensorMeta of a node value; `requiresGrad` is used when the value does not record it. */
  tensorMeta(val: TensorMeta, requiresGrad = false): STensorMeta {
    if (!isTensorMeta(val)) throw new SerializeError("tensor metadata expected");
    const m = val as Partial<StridedTensorMeta> & TensorMeta;
    const device = m.device ?? new Device("cpu");
    return {
      dtype: dtypeCodes.code(m.dtype) as STensorMeta["dtype"],
      sizes: m.shape.map((s) => this.symInt(s)),
      requires_grad: m.requires_grad ?? requiresGrad,
      device: { type: device.type, index: device.index },
      strides: (m.stride ?? contiguousStrides(m.shape)).map((s) => this.symInt(s)),
      storage_offset: this.symInt(m.storage_offset ?? 0),
      layout: layoutCodes.code(m.layout ?? "strided") as STensorMeta["layout"],
    };
  }
}

/** Row-major strides of a shape (a size-0 or size-1 dimension counts as 1, as in PyTorch). */
export function contiguousStrides(shape: readonly unknown[]): Array<number | Expr> {
  const out = new Array<number | Expr>(shape.length);
  let acc = 1;
  let symbolic: Expr | null = null;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = symbolic ?? acc;
    const e = exprOf(shape[i]);
    if (e !== null) symbolic = (symbolic ?? Expr.int(acc)).mul(e);
    else if (symbolic !== null) symbolic = symbolic.mul(Math.max(Number(shape[i]), 1));
    else acc *= Math.max(Number(shape[i]), 1);
  }
  return out;
}

/** node.meta → Node.metadata strings, in PyTorch's key order (serialize_metadata). */
export function serializeMetadata(meta: NodeMeta): Map<string, string> {
  const out = new Map<string, string>();
  if (meta.stack_trace) out.set("stack_trace", meta.stack_trace);
  const stack = meta.nn_module_stack;
  if (stack && Object.keys(stack).length > 0) {
    out.set("nn_module_stack", Object.entries(stack).map(([k, [path, ty]]) => `${k},${path},${ty}`).join(";"));
  }
  if (meta.source_fn_stack && meta.source_fn_stack.length > 0) {
    out.set("source_fn_stack", meta.source_fn_stack.map(([name, target]) => `${name},${target}`).join(";"));
  }
  if (meta.torch_fn) out.set("torch_fn", meta.torch_fn.join(";"));
  // meta["custom"]: user tags (quantization tags, ...) as JSON, as serialize_metadata writes them.
  if (isNonEmpty(meta.custom)) out.set("custom", customJson(meta.custom));
  const extra = meta[EXTRA_METADATA];
  if (extra instanceof Map) for (const [k, v] of extra as Map<string, string>) if (!out.has(k)) out.set(k, v);
  return out;
}

/** Python truthiness of a custom-metadata value (`if custom := meta.get("custom")`). */
export function isNonEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** json.dumps(custom); values JSON cannot hold are a SerializeError, as PyTorch's is. */
export function customJson(v: unknown): string {
  const check = (x: unknown, path: string): void => {
    if (x === null || typeof x === "boolean" || typeof x === "number" || typeof x === "string" || typeof x === "bigint") return;
    if (Array.isArray(x)) return x.forEach((y, i) => check(y, `${path}[${i}]`));
    if (x instanceof Map || (typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype)) {
      for (const [k, y] of x instanceof Map ? x : Object.entries(x as object)) check(y, `${path}[${JSON.stringify(String(k))}]`);
      return;
    }
    throw new SerializeError(`Failed to serialize custom metadata: ${path} is not JSON serializable`);
  };
  check(v, "custom");
  return dumpsPyJson(v);
}
