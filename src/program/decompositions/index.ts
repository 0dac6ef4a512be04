// The decomposition table of run_decompositions: op key ("linear.default") → a function computing
// the op from other ops. torch.export.default_decompositions() is PyTorch 2.11's table: its keys
// are PyTorch's (pytorch_table.generated.ts); pt2js gives each op it can trace the decomposition
// PyTorch's does, written here one short file per op family. Two further groups decompose whatever
// the table says, as in PyTorch: the CompositeImplicitAutograd ops PyTorch cannot preserve (view
// ops such as reshape, random ones such as dropout; IMPLICIT below), and in-place ops, which the
// retrace functionalizes (src/program/functionalize.ts).
import type { OpOverload } from "../../ops/registry.js";
import { lookupOp } from "../../ops/registry.js";
import { NotImplementedOpError, TorchTypeError } from "../../ops/errors.js";
import { Pt2jsError } from "../../core/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ACTIVATION } from "./activation.js";
import { ATTENTION } from "./attention.js";
import { CONV } from "./conv.js";
import { ELEMENTWISE } from "./elementwise.js";
import { LINEAR } from "./linear.js";
import { MISC } from "./misc.js";
import { DATA_DEPENDENT } from "./data_dependent.js";
import { NORM } from "./norm.js";
import { POOL } from "./pool.js";
import { SHAPE } from "./shape.js";
import { PYTORCH_DEFAULT_TABLE } from "./pytorch_table.generated.js";
import { aten, atenList, type Decomposition } from "./util.js";
import { sizeAdd } from "../../symbolic/size.js";
import type { Size } from "../../symbolic/symint.js";
import { pyTypeName } from "../../py_type.js";

export type { Decomposition } from "./util.js";

/**
 * Op → decomposition, as PyTorch's table is a dict keyed by OpOverload (CustomDecompTable): a Map
 * whose keys may be given as ops (`aten.linear.default`) or names ("aten.linear.default",
 * "linear.default"); they are stored as "linear.default".
 */
export class DecompositionTable extends Map<string, Decomposition> {
  override get(op: OpOverload | string): Decomposition | undefined {
    return super.get(decompositionKey(op));
  }
  override set(op: OpOverload | string, fn: Decomposition): this {
    return super.set(decompositionKey(op), fn);
  }
  override has(op: OpOverload | string): boolean {
    return super.has(decompositionKey(op));
  }
  override delete(op: OpOverload | string): boolean {
    return super.delete(decompositionKey(op));
  }
  /** dict.pop(op[, default]): removes the entry and returns its decomposition. */
  pop(op: OpOverload | string, fallback?: Decomposition): Decomposition | undefined {
    const fn = this.get(op);
    if (fn === undefined) {
      if (arguments.length > 1) return fallback;
      throw new KeyError(`${typeof op === "string" ? op : op.toString()}`);
    }
    this.delete(op);
    return fn;
  }
  /** A copy the caller may edit independently. */
  copy(): DecompositionTable {
    return new DecompositionTable(this);
  }
}

/** Python's KeyError (dict.pop of a missing key). */
export class KeyError extends Pt2jsError {}

/** The table key of an op: "linear.default", "add_.Tensor". */
export function decompositionKey(op: OpOverload | string): string {
  if (typeof op !== "string") return `${op.packetName}.${op.overload}`;
  const key = op.replace(/^torch\.ops\./, "").replace(/^aten(::|\.)/, "");
  return key.includes(".") ? key : `${key}.default`;
}

/** pt2js's decompositions, by op key. */
const IMPLEMENTED: ReadonlyMap<string, Decomposition> = new Map(
  [LINEAR, CONV, NORM, POOL, SHAPE, ACTIVATION, ATTENTION, ELEMENTWISE, MISC, DATA_DEPENDENT].flatMap((family) => Object.entries(family)),
);

/** pt2js's own decompositions take the op's arguments as one array in schema order; any other
 * function in a table is the user's and is called as PyTorch calls a decomposition,
 * `decomp(*args, **kwargs)`: the node's arguments, keyword arguments as a trailing object. */
const INTERNAL = new WeakSet<Decomposition>(IMPLEMENTED.values());
export const isInternalDecomposition = (fn: Decomposition): boolean => INTERNAL.has(fn);

/**
 * A table entry that records the op unchanged: the core ATen ops PyTorch's table also decomposes
 * (pads, pools, sym_size) where pt2js keeps the core op (docs/conformance.md lists them).
 */
export const KEEP: Decomposition = () => {
  throw new Error("KEEP is a marker, never called");
};
INTERNAL.add(KEEP);

/**
 * The CompositeImplicitAutograd ops PyTorch always decomposes (they alias their input or are
 * random, so they cannot be preserved): with any table, even `{}`.
 */
export const IMPLICIT: ReadonlyMap<string, Decomposition> = new Map<string, Decomposition>([
  ...Object.entries(SHAPE).filter(([k]) => ["reshape.default", "flatten.using_ints", "contiguous.default", "to.dtype"].includes(k)),
  ...Object.entries(NORM).filter(([k]) => k === "batch_norm.default"),
  ...Object.entries(ACTIVATION).filter(([k]) => k === "dropout.default"),
  ["to.dtype_layout", ([self, dtype, , , , , copy]) => SHAPE["to.dtype"]!([self, dtype, false, copy], undefined as never)],
  ["to.other", ([self, other, , copy]) => SHAPE["to.dtype"]!([self, (other as Tensor).dtype, false, copy], undefined as never)],
  ["to.device", ([self, , dtype, , copy]) => SHAPE["to.dtype"]!([self, dtype, false, copy], undefined as never)],
  ["chunk.default", ([self, chunks, dim]) => {
    const x = self as Tensor;
    const d = (dim as number) < 0 ? (dim as number) + x.dim() : (dim as number);
    const size = x.shape[d] as number;
    return atenList("split.Tensor", [x, Math.ceil(size / (chunks as number)), d]);
  }],
  ["unflatten.int", ([self, dim, sizes]) => {
    const x = self as Tensor;
    const d = (dim as number) < 0 ? (dim as number) + x.dim() : (dim as number);
    return aten("view.default", [x, [...x.shape.slice(0, d), ...(sizes as number[]), ...x.shape.slice(d + 1)]]);
  }],
  ["split.sizes", ([self, sizes, dim]) => atenList("split_with_sizes.default", [self, sizes, dim])],
  ["view_as.default", ([self, other]) => aten("view.default", [self, (other as Tensor).shape])],
  ["index_put.hacked_twin", ([self, indices, values, accumulate]) => aten("index_put.default", [self, indices, values, accumulate])],
  ["lift_fresh_copy.default", ([self]) => aten("clone.default", [self])],
  ["expand_as.default", ([self, other]) => aten("expand.default", [self, (other as Tensor).shape])],
  ["narrow.default", ([self, dim, start, length]) => aten("slice.Tensor", [self, dim, start, sizeAdd(start as Size, length as Size)])],
  // CompositeImplicitAutograd: its numel checks and item() (src/ops/impl/misc.ts).
  ["is_nonzero.default", (args, op) => op.impl!.composite!(args)],
]);
for (const fn of IMPLICIT.values()) INTERNAL.add(fn);

/**
 * The table entries that are CompositeImplicitAutograd ops in PyTorch: their decompositions run
 * above functionalization (in-place ops in them are functionalized, views they make are views). The
 * other entries run below it, as PyTorch's Python decompositions do inside the tracer: their
 * results are fresh tensors to functionalization (`_unsafe_view` → `view` makes no view).
 */
export const COMPOSITE_IMPLICIT: ReadonlySet<string> = new Set([
  "linear.default", "matmul.default", "conv1d.default", "conv2d.default", "conv3d.default", "conv1d.padding", "conv2d.padding",
  "conv_transpose1d.default", "conv_transpose2d.input", "layer_norm.default", "group_norm.default", "max_pool2d.default",
  "adaptive_avg_pool2d.default", "softmax.int", "log_softmax.int", "einsum.default", "gru_cell.default", "relu6.default",
  "square.default", "__and__.Tensor", "__and__.Scalar", "__or__.Tensor", "__or__.Scalar", "__xor__.Tensor", "__xor__.Scalar",
  "max.other", "min.other", "where.ScalarOther", "where.ScalarSelf", "item.default", "var.default", "var.dim", "std.default",
  "std.dim", "diff.default", "argsort.default", "argsort.stable", "pad.default",
  "one_hot.default", "lstm.input", "where.Scalar", "avg_pool1d.default", "adaptive_avg_pool1d.default",
]);

/** torch.export.default_decompositions(): a fresh table the caller may edit (PyTorch 2.11's keys). */
export function defaultDecompositions(): DecompositionTable {
  const table = new DecompositionTable();
  for (const key of PYTORCH_DEFAULT_TABLE) {
    const fn = IMPLEMENTED.get(key);
    if (fn !== undefined) table.set(key, fn);
    else if (lookupOp(key)?.tags.includes("core") === true) table.set(key, KEEP);
    else table.set(key, unavailable(key));
  }
  return table;
}

// The entries for ops pt2js cannot trace: never reached by a program pt2js exported or loaded.
function unavailable(key: string): Decomposition {
  const fn: Decomposition = () => {
    throw new NotImplementedOpError(`run_decompositions: pt2js has no decomposition of aten.${key}`);
  };
  INTERNAL.add(fn);
  return fn;
}

/** A table given as a Map or a plain object keyed by op (OpOverload or "aten.linear.default"). */
export function toDecompositionTable(t: ReadonlyMap<OpOverload | string, Decomposition> | Record<string, Decomposition>): DecompositionTable {
  const plain = typeof t === "object" && t !== null && !Array.isArray(t) && [Object.prototype, null].includes(Object.getPrototypeOf(t));
  if (!(t instanceof Map) && !plain) {
    throw new TorchTypeError(`run_decompositions: decomp_table must be a dict (a Map or an object) from op to decomposition function, got ${pyTypeName(t)}`);
  }
  const entries = t instanceof Map ? [...t] : Object.entries(t);
  return new DecompositionTable(entries.map(([k, fn]) => {
    const isOp = (typeof k === "object" || typeof k === "function") && k !== null && typeof (k as OpOverload).packetName === "string";
    if (typeof k !== "string" && !isOp) {
      throw new TorchTypeError(`run_decompositions: decomp_table keys must be ops (OpOverload or a name like "aten.linear.default"), got ${pyTypeName(k)}`);
    }
    const key = decompositionKey(k as OpOverload | string);
    if (typeof fn !== "function") {
      throw new TorchTypeError(`run_decompositions: the decomposition of ${key} must be a function, got ${pyTypeName(fn)}`);
    }
    return [key, fn as Decomposition] as [string, Decomposition];
  }));
}
