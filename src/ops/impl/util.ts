// Shared pieces of meta functions: broadcasting, dims, output tensors, registration.
import { Tensor, wrapDim } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { op } from "../registry.js";
import type { OpImpl } from "../impl_types.js";
import { TorchRuntimeError } from "../errors.js";
import { sizeEq, sizeEqSym, isSymbolic, type Size } from "../size.js";
import { guardOrFalse } from "../../symbolic/symbool.js";
import { _check } from "../../symbolic/checks.js";

export { wrapDim };

/** Attaches an implementation to one or more overloads ("add.Tensor", "relu"). */
export function def(keys: string | readonly string[], impl: OpImpl): void {
  for (const k of typeof keys === "string" ? [keys] : keys) op(k).impl = impl;
}

export const T = (x: unknown) => x as Tensor;
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/** A fresh output tensor (metadata only), contiguous unless `stride` is given. */
export function out(shape: readonly Size[], dtype: DType, stride?: readonly Size[]): Tensor {
  return new Tensor(dtype, shape, stride, 0, null);
}

const eqOne = (d: Size) => (typeof d === "number" ? d === 1 : sizeEq(d, 1));
const same = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));

/** Broadcast shapes with PyTorch's error text. */
export function broadcastShapes(...shapes: (readonly Size[])[]): Size[] {
  let res: Size[] = [];
  for (const s of shapes) {
    if (s.length === 0) continue;
    if (res.length === 0) {
      res = [...s];
      continue;
    }
    const n = Math.max(res.length, s.length);
    const next = new Array<Size>(n);
    for (let i = 0; i < n; i++) {
      const a = i - (n - res.length) >= 0 ? res[i - (n - res.length)]! : 1;
      const b = i - (n - s.length) >= 0 ? s[i - (n - s.length)]! : 1;
      const mismatch = () => `The size of tensor a (${String(a)}) must match the size of tensor b (${String(b)}) at non-singleton dimension ${i}`;
      if (a === b) next[i] = a;
      else if (typeof a !== "number" || typeof b !== "number") {
        // fake_impls.infer_size: the broadcast tests are guard_or_false (a data-dependent size is
        // not assumed to be 1), then torch._check(a == b): deferred when data-dependent.
        if (guardOrFalse(sizeEqSym(a, 1))) next[i] = b;
        else if (guardOrFalse(sizeEqSym(b, 1))) next[i] = a;
        else {
          _check(sizeEqSym(a, b), mismatch);
          next[i] = a;
        }
      } else if (eqOne(a)) next[i] = b;
      else if (eqOne(b)) next[i] = a;
      else if (same(a, b)) next[i] = a;
      else throw new TorchRuntimeError(mismatch());
    }
    res = next;
  }
  return res;
}

/** Normalizes an optional dim list (None or [] means all dims) for reductions. */
export function reduceDims(dim: unknown, ndim: number): number[] {
  if (ndim === 0) {
    // A 0-dim tensor accepts dim 0 / -1 and reduces nothing.
    for (const d of (Array.isArray(dim) ? dim : dim === null || dim === undefined ? [] : [dim]) as number[]) wrapDim(d, 0);
    return [];
  }
  if (dim === null || dim === undefined || (Array.isArray(dim) && dim.length === 0)) {
    return Array.from({ length: ndim }, (_, i) => i);
  }
  const list = (Array.isArray(dim) ? dim : [dim]) as number[];
  const seen = new Set<number>();
  return list.map((d) => {
    const w = wrapDim(d, ndim);
    if (seen.has(w)) throw new TorchRuntimeError(`dim ${w} appears multiple times in the list of dims`);
    seen.add(w);
    return ndim === 0 ? 0 : w;
  });
}

/** Output shape of a reduction over `dims`. */
export function reducedShape(shape: readonly Size[], dims: readonly number[], keepdim: boolean): Size[] {
  const r: Size[] = [];
  shape.forEach((d, i) => {
    if (dims.includes(i)) {
      if (keepdim) r.push(1);
    } else r.push(d);
  });
  return r;
}

/** Formats a shape as PyTorch's `[2, 3]`. */
export const fmtShape = (s: readonly Size[]) => `[${s.map(String).join(", ")}]`;

export function anySymbolic(s: readonly Size[]): boolean {
  for (const d of s) if (isSymbolic(d)) return true;
  return false;
}
