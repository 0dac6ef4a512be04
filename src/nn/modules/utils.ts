// Helpers shared by the layers: PyTorch's _single/_pair (an int repeated into a tuple) and Python
// reprs of tuples for extra_repr.
import { TorchValueError } from "../errors.js";
import { pyFloatRepr } from "../../serde/pyjson.js";

/** _ntuple(n): an int becomes n copies; a list must already have n entries. */
export function ntuple(x: number | readonly number[], n: number, what = "argument"): number[] {
  if (typeof x === "number") return new Array<number>(n).fill(x);
  if (x.length !== n) throw new TorchValueError(`${what} must be an int or a tuple of ${n} ints, got [${x.join(", ")}]`);
  return [...x];
}

/** Python's repr of a tuple of ints: (3, 3), (3,), (). */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}

/** Python's repr of a float as PyTorch layers print hyper-parameters (1e-05, 0.1, 1.0). */
export function pyFloat(x: number): string {
  return pyFloatRepr(x);
}

export const pyBool = (b: boolean): string => (b ? "True" : "False");

/** Python's repr of a hyper-parameter as given: 3, (2, 3), None, True, 'sum', 1.5. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return pyBool(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === "string") return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(", ")})`;
  return String(v);
}

/** Python's repr of a float hyper-parameter (float(x) in the constructor): 2 → 2.0. */
export const pyFloatOrNone = (x: number | null): string => (x === null ? "None" : pyFloat(x));
