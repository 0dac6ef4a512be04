// ShapesCollection and AdditionalInputs (torch/export/dynamic_shapes.py): two ways to build the
// `dynamic_shapes` argument without writing its nested structure by hand.
import { isTuple, tuple, tree_flatten, tree_leaves, type TreeSpec } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import { parameterList } from "./arg_names.js";
import { Dim, type DimHint } from "./dim.js";
import { AssertionError, UserError, ValueError } from "./errors.js";
import { pyType } from "./dynamic_shapes.js";
import type { ExportedProgram } from "../program/exported_program.js";
import { checkInputConstraintsPreHook, unliftExportedProgram } from "../program/unlift.js";

import { isPlainObject } from "../bind/options.js";

type Forward = { forward(...args: never[]): unknown; forwardArgNames?: readonly string[] };

/** `{ name: value }` for forward's parameters, as inspect.signature().bind() gives them. */
function bind(m: Forward, args: readonly unknown[], kwargs: Record<string, unknown> | null | undefined): Map<string, unknown> {
  if (typeof (m as Forward | null)?.forward !== "function") {
    throw new UserError(`Expected \`m\` to be an instance of \`torch.nn.Module\`, got ${pyType(m)}`);
  }
  if (!Array.isArray(args)) throw new UserError(`Expecting \`args\` to be a tuple of example positional inputs, got ${pyType(args)}`);
  kwargs ??= {};
  if (!isPlainObject(kwargs)) throw new UserError(`Expecting \`kwargs\` to be a dict of example keyword inputs, got ${pyType(kwargs)}`);
  const names = parameterList(m.forward as never, m.forwardArgNames).map((p) => p.name);
  const out = new Map<string, unknown>();
  args.forEach((a, i) => out.set(names[i] ?? `arg${i}`, a));
  for (const [k, v] of Object.entries(kwargs)) out.set(k, v);
  return out;
}

// Rebuilds `value`'s containers with `leaf` applied to every tensor (None for other leaves).
// Like mapTensors, with `leaf` called on every pytree leaf in flatten order (None is no leaf).
function mapLeaves(value: unknown, leaf: (x: unknown) => unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isTuple(value)) return tuple(...value.map((v) => mapLeaves(v, leaf)));
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, leaf));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, mapLeaves(v, leaf)]));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, leaf)]));
  }
  return leaf(value);
}

function mapTensors(value: unknown, leaf: (t: Tensor) => unknown): unknown {
  if (value instanceof Tensor) return leaf(value);
  if (isTuple(value)) return tuple(...value.map((v) => mapTensors(v, leaf)));
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, leaf));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, mapTensors(v, leaf)]));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapTensors(v, leaf)]));
  }
  return null;
}

/** Dynamic shapes keyed by tensor: `col.set(x, { 0: d })`, then `col.dynamic_shapes(m, args)`. */
export class ShapesCollection {
  private readonly shapes = new Map<Tensor, unknown>();

  /** `col[t] = spec` in Python. */
  set(t: Tensor, spec: unknown): this {
    if (!(t instanceof Tensor)) throw new ValueError(`Cannot assign shape to non-tensor type ${typeof t}`);
    this.shapes.set(t, spec);
    return this;
  }

  get(t: Tensor): unknown {
    return this.shapes.get(t);
  }

  has(t: Tensor): boolean {
    return this.shapes.has(t);
  }

  /** The `dynamic_shapes` for exporting `m` with `args`: each tensor's spec, None elsewhere. */
  dynamic_shapes(m: Forward, args: readonly unknown[], kwargs: Record<string, unknown> = {}): Record<string, unknown> {
    const found = new Set<Tensor>();
    const out: Record<string, unknown> = {};
    for (const [name, value] of bind(m, args, kwargs)) {
      out[name] = mapTensors(value, (t) => {
        if (!this.shapes.has(t)) return null;
        found.add(t);
        return this.shapes.get(t);
      });
    }
    if (found.size !== this.shapes.size) {
      throw new ValueError("Some tensors that were assigned shapes were not found in args. " +
        "Maybe such tensors were copied when passing them as args? Maybe such tensors are contained in classes " +
        "that were not registered with pytree?");
    }
    return out;
  }
}

/** Example inputs whose differing sizes mark dimensions Dim.DYNAMIC: `add(args)` them, then `dynamic_shapes(m, args)`. */
export class AdditionalInputs {
  private readonly examples: Array<[readonly unknown[], Record<string, unknown>]> = [];

  add(args: readonly unknown[], kwargs: Record<string, unknown> = {}): this {
    if (!Array.isArray(args)) throw new AssertionError(`Representative args ${pyType(args)} must be a tuple`);
    kwargs ??= {};
    if (!isPlainObject(kwargs)) throw new AssertionError(`Representative kwargs ${pyType(kwargs)} must be None or a dict`);
    this.examples.push([args, kwargs]);
    return this;
  }

  /** Checks that every added example is a valid input of `ep` (PyTorch's texts for the ones that are not). */
  verify(ep: ExportedProgram): void {
    const m = unliftExportedProgram(ep);
    for (const [args, kwargs] of this.examples) checkInputConstraintsPreHook(m, args, kwargs);
  }

  dynamic_shapes(m: Forward, args: readonly unknown[], kwargs: Record<string, unknown> = {}): Record<string, unknown> {
    const sets = [[args, kwargs] as const, ...this.examples].map(([a, k]) => bind(m, a, k));
    const [first, firstSpec] = structureOf(sets[0]!);
    for (const other of sets.slice(1)) {
      const [, spec] = structureOf(other);
      if (!spec.equals(firstSpec)) {
        throw new UserError("Expected all inputs of AdditionalInputs to have the same tree structure");
      }
    }
    const leavesPerSet = sets.map((s) => tree_leaves(Object.fromEntries(s)));
    let index = 0;
    const out: Record<string, unknown> = {};
    for (const [name, value] of first) {
      out[name] = mapLeaves(value, (t) => {
        const i = index++;
        // An int input (IntWrapper): the same value in every example stays static, a differing
        // one is Dim.DYNAMIC, as a tensor's dimensions are.
        if (typeof t === "number" && Number.isInteger(t)) {
          return leavesPerSet.every((leaves) => leaves[i] === t) ? t : Dim.DYNAMIC;
        }
        if (!(t instanceof Tensor)) return null;
        for (const leaves of leavesPerSet) {
          const other = leaves[i];
          if (!(other instanceof Tensor) || other.shape.length !== t.shape.length) {
            throw new UserError(
              `Expected all inputs of AdditionalInputs to have the same tree structure: a tensor of ${t.shape.length} dimensions in one set of inputs is ${other instanceof Tensor ? `a tensor of ${other.shape.length} dimensions` : pyType(other)} in another`,
            );
          }
        }
        return tuple(...t.shape.map((size, d): DimHint | null => {
          const varies = leavesPerSet.some((leaves) => (leaves[i] as Tensor).shape[d] !== size);
          return varies ? Dim.DYNAMIC : null;
        }));
      });
    }
    return out;
  }
}

function structureOf(bound: Map<string, unknown>): [Map<string, unknown>, TreeSpec] {
  return [bound, tree_flatten(Object.fromEntries(bound))[1]];
}
