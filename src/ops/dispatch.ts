// The one entry point of every op call. Eager mode runs the op's meta function and reference
// kernel; a tracer installs a DispatchMode (setDispatchMode) to record graph nodes instead.
import { Tensor } from "../tensor/tensor.js";
import { SymInt } from "../symbolic/symint.js";
import { SymFloat } from "../symbolic/symfloat.js";
import { NotImplementedOpError, TorchTypeError } from "./errors.js";
import type { OpOverload } from "./registry.js";
import type { FunctionSchema, SchemaArg } from "./schema.js";
import type { Size } from "./size.js";

export type Kwargs = Record<string, unknown>;

/** Intercepts op calls (the tracer's proxy mode). Call `runMeta`/`runEager` to compute results. */
export interface DispatchMode {
  dispatch(op: OpOverload, args: readonly unknown[], kwargs: Kwargs): unknown;
  /** `t` is another object for the traced value `of` (nn.Parameter(data) re-typing a tensor). */
  aliasTensor?(t: Tensor, of: Tensor): void;
}

let currentMode: DispatchMode | null = null;

/** The installed mode, or null in eager mode. */
export function getDispatchMode(): DispatchMode | null {
  return currentMode;
}

/** Installs `mode` (null: eager) and returns the previous one, for the caller to restore. */
export function setDispatchMode(mode: DispatchMode | null): DispatchMode | null {
  const prev = currentMode;
  currentMode = mode;
  return prev;
}

/** Runs `fn` with `mode` installed, restoring the previous mode afterwards. */
export function withDispatchMode<T>(mode: DispatchMode | null, fn: () => T): T {
  const prev = setDispatchMode(mode);
  try {
    return fn();
  } finally {
    currentMode = prev;
  }
}

/** Hooks the tracer provides for data-dependent sizes (nonzero, masked index, item). */
export const dispatchHooks: { createUnbackedSymInt: (() => Size) | null; createUnbackedSymFloat: (() => SymFloat | number) | null } = {
  createUnbackedSymInt: null,
  createUnbackedSymFloat: null,
};

const typeNameOf = (v: unknown): string => {
  if (v === null || v === undefined) return "NoneType";
  if (v instanceof Tensor) return "Tensor";
  if (Array.isArray(v)) return "list";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  return (v as object).constructor?.name ?? typeof v;
};

const isSymScalar = (v: unknown): boolean => v instanceof SymInt || v instanceof SymFloat;

/** Whether `v` can be passed for an argument whose element type is `base` (symbolic values pass for scalars). */
function accepts(base: string, v: unknown): boolean {
  switch (base) {
    case "Tensor":
      // A Python number, or a SymInt/SymFloat standing for one (`x.add(n)` with n from x.size() or item()).
      return v instanceof Tensor || typeof v === "number" || typeof v === "boolean" || isSymScalar(v);
    case "int":
    case "SymInt":
      return (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint" || (typeof v === "object" && v !== null && !(v instanceof Tensor) && !Array.isArray(v));
    case "float":
    case "Scalar":
      return typeof v === "number" || typeof v === "boolean" || (typeof v === "object" && v !== null && !(v instanceof Tensor) && !Array.isArray(v));
    case "bool":
      return typeof v === "boolean" || (typeof v === "object" && v !== null && !(v instanceof Tensor));
    case "str":
      return typeof v === "string";
    default:
      return true; // ScalarType, Layout, Device, MemoryFormat, ...: passed through
  }
}

// python_arg_parser's should_allow_numbers_as_tensors: the ops whose first Tensor argument may be a
// Python number; any other op given a number for `self`/`input` raises PyTorch's TypeError
// (`linear(): argument 'input' (position 1) must be Tensor, not int`).
const NUMBERS_AS_SELF = new Set([
  "add", "add_", "div", "div_", "divide", "divide_", "mul", "mul_", "multiply", "multiply_", "sub", "sub_",
  "subtract", "subtract_", "true_divide", "true_divide_", "to", "_to_copy", "copy_", "copy", "floor_divide", "floor_divide_", "_conj",
  "rsub", "where", "pow", "remainder", "fmod", "atan2", "eq", "ne", "lt", "le", "gt", "ge", "bitwise_and", "bitwise_or", "bitwise_xor",
]);

/** PyTorch's TypeError for an argument of the wrong kind. */
function checkArg(schema: FunctionSchema, i: number, v: unknown): void {
  const s = schema.args[i]!;
  const t = s.type;
  if (v === null || v === undefined) {
    if (t.optional || (s.hasDefault && s.default === null)) return;
  } else if (t.isList) {
    if (Array.isArray(v)) {
      // Lists of tensors hold tensors only (a number is not wrapped there).
      const ok = (x: unknown) => (t.base === "Tensor" ? x instanceof Tensor : accepts(t.base, x));
      const bad = v.findIndex((x) => !((x === null && t.optionalItems) || ok(x)));
      if (bad < 0) return;
      const what = t.base === "Tensor" ? "tuple of Tensors" : `tuple of ${t.base === "SymInt" ? "int" : t.base}s`;
      throw new TorchTypeError(`${schema.name.slice(6)}(): argument '${s.name}' (position ${i + 1}) must be ${what}, but found element of type ${typeNameOf(v[bad])} at pos ${bad}`);
    }
  } else if (accepts(t.base, v) && !(i === 0 && t.base === "Tensor" && typeof v !== "object" && !NUMBERS_AS_SELF.has(schema.name.slice(6)))) return;
  const want = t.isList ? `${t.base === "SymInt" ? "int" : t.base === "Tensor" ? "tuple of Tensors" : t.base}${t.isList && t.base !== "Tensor" ? "s" : ""}` : t.base === "SymInt" ? "int" : t.base === "Scalar" ? "Number" : t.base;
  const wantText = t.isList && t.base !== "Tensor" ? `tuple of ${want}` : want;
  throw new TorchTypeError(`${schema.name.slice(6)}(): argument '${s.name}' (position ${i + 1}) must be ${wantText}, not ${typeNameOf(v)}`);
}

function expandList(v: unknown, n: number | undefined): unknown {
  if (n !== undefined && v !== null && v !== undefined && !Array.isArray(v)) return new Array(n).fill(v);
  return v;
}

/**
 * The full argument list in schema order: positional `args`, then kwargs by name, then defaults;
 * `int[N]` given as one int becomes a list. Throws PyTorch's TypeError for missing arguments.
 */
export function normalizeArgs(schema: FunctionSchema, args: readonly unknown[], kwargs: Kwargs): unknown[] {
  const sa = schema.args;
  const out = new Array<unknown>(sa.length);
  let used = 0;
  for (let i = 0; i < sa.length; i++) {
    const s = sa[i]!;
    let v: unknown;
    if (i < args.length && !s.kwargOnly) v = args[i];
    else if (s.name in kwargs) {
      v = kwargs[s.name];
      used++;
    } else if (s.hasDefault) v = s.default;
    else if (s.type.optional) v = null;
    else throw new TorchTypeError(`${schema.name.slice(6)}() missing required argument '${s.name}'`);
    out[i] = s.type.isList ? expandList(v, s.type.listSize) : v;
    checkArg(schema, i, out[i]);
  }
  if (used !== Object.keys(kwargs).length) {
    const known = new Set(sa.map((s) => s.name));
    const bad = Object.keys(kwargs).find((k) => !known.has(k));
    if (bad) throw new TorchTypeError(`${schema.name.slice(6)}() got an unexpected keyword argument '${bad}'`);
  }
  return out;
}

/** Calls `op` with `args` (positional) and `kwargs` (by name): the mode's job, or eager execution. */
export function dispatch(op: OpOverload, args: readonly unknown[], kwargs: Kwargs = {}): unknown {
  if (currentMode !== null) return currentMode.dispatch(op, args, kwargs);
  return runEager(op, normalizeArgs(op.schema, args, kwargs));
}

function implOf(op: OpOverload) {
  const impl = op.impl;
  if (!impl) throw new NotImplementedOpError(`pt2js has no implementation of ${op.qualifiedName}`);
  return impl;
}

/** Output metadata only (fake tensors), from a normalized argument list. */
export function runMeta(op: OpOverload, a: unknown[]): unknown {
  return implOf(op).meta(a);
}

// How each returned tensor relates to the inputs: -1 fresh, else the index of the argument whose
// storage it shares (a view) or which it is (in-place).
const aliasCache = new WeakMap<OpOverload, number[]>();
function returnAliases(op: OpOverload): number[] {
  let r = aliasCache.get(op);
  if (!r) {
    const s = op.schema;
    r = s.returns.map((ret) => {
      const set = ret.type.alias?.set;
      if (!set) return -1;
      return s.args.findIndex((a) => a.type.alias?.set === set);
    });
    aliasCache.set(op, r);
  }
  return r;
}

/** Eager execution from a normalized argument list: meta, then storage for the outputs, then the kernel. */
export function runEager(op: OpOverload, a: unknown[]): unknown {
  const impl = implOf(op);
  if (impl.eager) return impl.eager(a);
  const out = impl.meta(a);
  const aliases = returnAliases(op);
  const outs: Tensor[] = [];
  const isMulti = op.schema.returnsTuple || op.schema.returns[0]?.type.isList === true;
  if (isMulti) for (const t of out as unknown[]) outs.push(t as Tensor);
  else outs.push(out as Tensor);
  // Lists of views (split, unbind) share one alias entry.
  const aliasOf = (i: number) => aliases[Math.min(i, aliases.length - 1)] ?? -1;
  let needKernel = false;
  outs.forEach((t, i) => {
    const src = aliasOf(i);
    if (src >= 0 && t !== a[src]) t._storage = (a[src] as Tensor)._storage;
    else if (src < 0) {
      t._allocate();
      needKernel = true;
    } else needKernel = true; // in-place
  });
  if (needKernel) {
    if (!impl.kernel) throw new NotImplementedOpError(`pt2js has no kernel for ${op.qualifiedName}`);
    const values = impl.kernel(a, out);
    if (values !== undefined) {
      const list = Array.isArray(values) ? values : [values];
      outs.forEach((t, i) => {
        const v = list[i];
        if (v !== undefined && (aliasOf(i) < 0 || t === a[aliasOf(i)])) t._writeLogical(v);
      });
    }
  }
  return out;
}

// A value equal to the schema's default: null and undefined alike, lists elementwise, and an
// `int[N]` default written as one int against its expanded list.
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (Array.isArray(a) && typeof b === "number") return a.every((x) => x === b);
  if (Array.isArray(b) && typeof a === "number") return b.every((x) => x === a);
  return false;
}

// parseIValuesToPyArgsKwargs' is_default: an argument without a default value is never one, so an
// optional argument without a default (upsample_nearest2d.vec's scale_factors) stays on the node as
// None; only a value equal to the schema's default may be left off.
function isDefault(arg: SchemaArg, value: unknown): boolean {
  if (!arg.hasDefault) return false;
  return sameValue(arg.default, value);
}

/**
 * The arguments as PyTorch records them on an FX node (parseIValuesToPyArgsKwargs), from the
 * normalized list: positional arguments up to the last one that differs from its default, and
 * kwarg-only arguments (as kwargs) only when they differ from their defaults.
 */
export function fxArgsOf(schema: FunctionSchema, full: readonly unknown[]): { args: unknown[]; kwargs: Kwargs } {
  const sa = schema.args;
  let end = 0;
  sa.forEach((a, i) => {
    if (!a.kwargOnly && !isDefault(a, full[i])) end = i + 1;
  });
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = {};
  sa.forEach((a, i) => {
    if (a.kwargOnly) {
      if (!isDefault(a, full[i])) kwargs[a.name] = full[i];
    } else if (i < end) args.push(full[i]);
  });
  return { args, kwargs };
}

/** fxArgsOf from positional `args` and `kwargs` as given to the op. */
export function fxArgs(schema: FunctionSchema, args: readonly unknown[], kwargs: Kwargs): { args: unknown[]; kwargs: Kwargs } {
  return fxArgsOf(schema, normalizeArgs(schema, args, kwargs));
}
