// The decomposition table of run_decompositions: op key ("linear.default") → a function computing
// the op from other ops. The default table is torch.export.default_decompositions(): PyTorch's
// CompositeImplicitAutograd ops and the non-core ops with a core ATen decomposition, written here
// one short file per op family; ops with the `core` tag are never in it.
import type { OpOverload } from "../../ops/registry.js";
import { TorchTypeError } from "../../ops/errors.js";
import { ACTIVATION } from "./activation.js";
import { ATTENTION } from "./attention.js";
import { CONV } from "./conv.js";
import { LINEAR } from "./linear.js";
import { NORM } from "./norm.js";
import { POOL } from "./pool.js";
import { SHAPE } from "./shape.js";
import type { Decomposition } from "./util.js";
import { pyTypeName } from "../../py_type.js";

export type { Decomposition } from "./util.js";

/** Op key → decomposition (a Map, as PyTorch's table is a dict keyed by OpOverload). */
export type DecompositionTable = Map<string, Decomposition>;

/** The table key of an op: "linear.default", "add_.Tensor". */
export function decompositionKey(op: OpOverload | string): string {
  if (typeof op !== "string") return `${op.packetName}.${op.overload}`;
  const key = op.replace(/^torch\.ops\./, "").replace(/^aten(::|\.)/, "");
  return key.includes(".") ? key : `${key}.default`;
}

/** torch.export.default_decompositions(): a fresh table the caller may edit. */
export function defaultDecompositions(): DecompositionTable {
  const table: DecompositionTable = new Map();
  for (const family of [LINEAR, CONV, NORM, POOL, SHAPE, ACTIVATION, ATTENTION]) {
    for (const [key, fn] of Object.entries(family)) table.set(decompositionKey(key), fn);
  }
  return table;
}

/** A table given as a Map or a plain object keyed by op (OpOverload or "aten.linear.default"). */
export function toDecompositionTable(t: ReadonlyMap<OpOverload | string, Decomposition> | Record<string, Decomposition>): DecompositionTable {
  const plain = typeof t === "object" && t !== null && !Array.isArray(t) && [Object.prototype, null].includes(Object.getPrototypeOf(t));
  if (!(t instanceof Map) && !plain) {
    throw new TorchTypeError(`run_decompositions: decomp_table must be a dict (a Map or an object) from op to decomposition function, got ${pyTypeName(t)}`);
  }
  const entries = t instanceof Map ? [...t] : Object.entries(t);
  return new Map(entries.map(([k, fn]) => {
    const isOp = typeof k === "object" && k !== null && typeof (k as OpOverload).packetName === "string";
    if (typeof k !== "string" && !isOp) {
      throw new TorchTypeError(`run_decompositions: decomp_table keys must be ops (OpOverload or a name like "aten.linear.default"), got ${pyTypeName(k)}`);
    }
    const key = decompositionKey(k as OpOverload | string);
    if (typeof fn !== "function") {
      throw new TorchTypeError(`run_decompositions: the decomposition of ${key} must be a function, got ${pyTypeName(fn)}`);
    }
    return [key, fn as Decomposition];
  }));
}

