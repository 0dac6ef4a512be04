// Walking and rebuilding argument structures (FX `map_arg` / `map_aggregate`).
import { GraphError } from "../core/errors.js";
import { Node } from "./node.js";
import type { Argument, Kwargs } from "./types.js";
import { isSymbolic, isTarget } from "./types.js";
import { Device, DType, Layout, MemoryFormat, PyFloat, Slice, Tuple } from "./values.js";

/** Calls `visit` on every Node inside `arg`, depth first, left to right. */
export function forEachNode(arg: Argument | undefined, visit: (n: Node) => void): void {
  if (arg instanceof Node) visit(arg);
  else if (Array.isArray(arg)) for (const a of arg as readonly Argument[]) forEachNode(a, visit);
  else if (arg instanceof Tuple) for (const a of arg.items) forEachNode(a, visit);
  else if (arg instanceof Slice) {
    forEachNode(arg.start, visit);
    forEachNode(arg.stop, visit);
    forEachNode(arg.step, visit);
  }
}

/** Whether `v` is a value FX arguments may hold (a leaf, not a container). */
function isLeaf(v: unknown): boolean {
  switch (typeof v) {
    case "number":
    case "bigint":
    case "boolean":
    case "string":
      return true;
    case "object":
      return (
        v === null ||
        v instanceof PyFloat ||
        v instanceof DType ||
        v instanceof Device ||
        v instanceof Layout ||
        v instanceof MemoryFormat ||
        isTarget(v) ||
        isSymbolic(v)
      );
    default:
      return false;
  }
}

function describe(v: unknown): string {
  if (typeof v === "object" && v !== null) return `object (${(v as object).constructor?.name ?? "null prototype"})`;
  return typeof v;
}

/**
 * Unique input nodes of (args, kwargs) in first-occurrence order (FX `_input_nodes`). Throws
 * GraphError for a value no FX argument can hold (undefined, functions, plain objects).
 */
export function inputNodes(args: readonly Argument[], kwargs: Kwargs, owner = "node", out: Node[] = []): Node[] {
  out.length = 0;
  sets.delete(out);
  try {
    for (let i = 0; i < args.length; i++) collect(args[i], out);
    for (const k in kwargs) collect(kwargs[k], out);
  } catch (error) {
    if (error !== BAD) throw error;
    // Rare path: find where the bad value is, for the message.
    let where = "";
    for (let i = 0; i < args.length && where === ""; i++) where = badPath(args[i], `args[${i}]`);
    for (const k in kwargs) if (where === "") where = badPath(kwargs[k], `kwargs['${k}']`);
    throw new GraphError(`Node '${owner}': ${where}, which is not a valid FX argument`);
  }
  return out;
}

const BAD = Symbol("bad argument");

// Argument lists are short, so a linear scan deduplicates faster than a Set; long ones
// (e.g. cat of many tensors) switch to a Set.
function addUnique(out: Node[], n: Node): void {
  if (out.length < 32) {
    for (let i = 0; i < out.length; i++) if (out[i] === n) return;
    out.push(n);
    return;
  }
  let seen = sets.get(out);
  if (seen === undefined) {
    seen = new Set(out);
    sets.set(out, seen);
  }
  if (!seen.has(n)) {
    seen.add(n);
    out.push(n);
  }
}
const sets = new WeakMap<Node[], Set<Node>>();

// Deeper nesting than this is a cyclic structure (a list containing itself), not an argument.
const MAX_DEPTH = 256;

function collect(a: unknown, out: Node[], depth = 0): void {
  if (a instanceof Node) addUnique(out, a);
  else if (Array.isArray(a)) {
    if (depth > MAX_DEPTH) throw BAD;
    for (let i = 0; i < a.length; i++) collect(a[i], out, depth + 1);
  } else if (a instanceof Tuple) {
    if (depth > MAX_DEPTH) throw BAD;
    for (let i = 0; i < a.items.length; i++) collect(a.items[i], out, depth + 1);
  } else if (a instanceof Slice) {
    collect(a.start, out, depth + 1);
    collect(a.stop, out, depth + 1);
    collect(a.step, out, depth + 1);
  } else if (!isLeaf(a)) {
    throw BAD;
  }
}

/** `args[0][1] is undefined` for the first invalid value inside `a`, or "". */
function badPath(a: unknown, where: string, depth = 0): string {
  if (a instanceof Node) return "";
  const items = Array.isArray(a) ? a : a instanceof Tuple ? a.items : null;
  if (items !== null) {
    if (depth > MAX_DEPTH) return `${where.slice(0, 60)}... is nested more than ${MAX_DEPTH} deep (a cyclic list?)`;
    for (let i = 0; i < items.length; i++) {
      const p = badPath(items[i], `${where}[${i}]`, depth + 1);
      if (p !== "") return p;
    }
    return "";
  }
  if (a instanceof Slice) {
    return (
      badPath(a.start, `${where}.start`, depth + 1) ||
      badPath(a.stop, `${where}.stop`, depth + 1) ||
      badPath(a.step, `${where}.step`, depth + 1)
    );
  }
  return isLeaf(a) ? "" : `${where} is ${describe(a)}`;
}

/** A copy of `arg` with every Node replaced by `fn(node)`; unchanged parts are shared. */
export function mapArg(arg: Argument, fn: (n: Node) => Argument): Argument {
  if (arg instanceof Node) return fn(arg);
  if (Array.isArray(arg)) return mapList(arg as readonly Argument[], fn);
  if (arg instanceof Tuple) {
    const items = mapList(arg.items, fn);
    return items === arg.items ? arg : new Tuple(items);
  }
  if (arg instanceof Slice) {
    return new Slice(mapArg(arg.start, fn), mapArg(arg.stop, fn), mapArg(arg.step, fn));
  }
  return arg;
}

export function mapList(list: readonly Argument[], fn: (n: Node) => Argument): readonly Argument[] {
  let out: Argument[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    const b = mapArg(a, fn);
    if (b !== a && out === null) out = list.slice(0, i);
    if (out !== null) out.push(b);
  }
  return out ?? list;
}

export function mapKwargs(kwargs: Kwargs, fn: (n: Node) => Argument): Kwargs {
  let out: Record<string, Argument> | null = null;
  for (const k in kwargs) {
    const a = kwargs[k]!;
    const b = mapArg(a, fn);
    if (b !== a && out === null) out = { ...kwargs };
    if (out !== null) out[k] = b;
  }
  return out ?? kwargs;
}
