// The static type of export's `dynamic_shapes`: what torch.export accepts, written as TypeScript so
// editors complete it and `tsc` rejects a spec whose structure cannot match the inputs.
//   - a tensor's spec: an array with one entry per dimension, or an object keyed by dimension index;
//     each entry a Dim, a derived dim (`dx.add(1)`), a hint (Dim.AUTO / Dim.DYNAMIC / Dim.STATIC),
//     an int (static size) or null/undefined (static);
//   - an int input's spec: a Dim, a hint or null;
//   - nested arrays and objects of inputs: the same nesting of specs;
//   - the whole: an object keyed by forward's parameter names (names are not in the types, so any
//     key is accepted there), or an array matching the positional inputs (checked per position).
import type { Tensor } from "../tensor/index.js";
import type { DerivedDim, DimHint, NamedDim } from "./dim.js";
import type { AdditionalInputs, ShapesCollection } from "./shapes_collection.js";
import type { SymInt } from "../symbolic/index.js";

/** One dimension's spec: a named or derived Dim, a hint, a static size, or null/undefined (static). */
export type DimSpec = NamedDim | DerivedDim | DimHint | number | null | undefined;

/** A tensor's spec: one entry per dimension, or an object keyed by dimension index. */
export type TensorShapeSpec = readonly DimSpec[] | { readonly [dim: number]: DimSpec } | null | undefined;

/** Any input's spec, without reference to the input's type. */
export type DynamicShape =
  | DimSpec
  | TensorShapeSpec
  | readonly DynamicShape[]
  | { readonly [key: string]: DynamicShape };

/** The spec for one input of type T: tensors get a TensorShapeSpec, ints a DimSpec, containers nest. */
export type DynamicShapeFor<T> = T extends Tensor
  ? TensorShapeSpec
  : T extends number | SymInt
    ? DimSpec
    : T extends readonly unknown[]
      ? { readonly [K in keyof T]?: DynamicShapeFor<T[K]> } | null
      : T extends Record<string, unknown>
        ? { readonly [K in keyof T]?: DynamicShapeFor<T[K]> } | null
        : DynamicShape;

/**
 * `dynamic_shapes` for a module whose forward takes `Args`: positional (a tuple matching the inputs,
 * checked per position), by parameter name (an object; names are not visible to the type system),
 * or an AdditionalInputs / ShapesCollection.
 */
export type DynamicShapes<Args extends readonly unknown[] = unknown[]> =
  | ({ readonly [K in keyof Args]?: DynamicShapeFor<Args[K]> } & readonly unknown[])
  | { readonly [name: string]: DynamicShape }
  | AdditionalInputs
  | ShapesCollection
  | null
  | undefined;

/** forward's positional parameters of module type M (unknown[] when forward is untyped). */
export type ForwardArgs<M> = M extends { forward(...args: infer A): unknown } ? A : unknown[];
/** forward's return type of module type M. */
export type ForwardReturn<M> = M extends { forward(...args: never[]): infer R } ? R : unknown;
