// Elementwise kernels: operands broadcast to the output shape, values computed in JS numbers
// after converting each operand to the computation dtype (as PyTorch casts before computing).
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { gather, numelOf } from "../../tensor/strided.js";

/** `t`'s values expanded (broadcast) to `shape`, in logical order. */
export function broadcastValues(t: Tensor, shape: readonly number[]): ArrayLike<number> {
  const ts = t._sizes();
  if (ts.length === shape.length && ts.every((d, i) => d === shape[i])) return t._values();
  const off = shape.length - ts.length;
  const stride = shape.map((d, i) => {
    const j = i - off;
    return j < 0 || ts[j] === 1 ? 0 : (t._stride[j] as number);
  });
  return gather(t._data(), shape, stride, t._offset as number);
}

type Operand = { arr: ArrayLike<number> | null; scalar: number };

function operand(x: Tensor | number | boolean, shape: readonly number[], compute: DType): Operand {
  if (!(x instanceof Tensor)) {
    const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
    return { arr: null, scalar: compute.cast(v) };
  }
  if (x.numel() === 1) return { arr: null, scalar: compute.cast(x._data()[x._offset as number]!) };
  let vals = broadcastValues(x, shape);
  if (x.dtype !== compute && compute.needsCast !== false && compute.category === 2 && compute.name !== "float64") {
    const c = new Float64Array(vals.length);
    for (let i = 0; i < vals.length; i++) c[i] = compute.cast(vals[i]!);
    vals = c;
  } else if (x.dtype !== compute && compute.name === "float32" && x.dtype.category !== 2) {
    const c = new Float64Array(vals.length);
    for (let i = 0; i < vals.length; i++) c[i] = Math.fround(vals[i]!);
    vals = c;
  }
  return { arr: vals, scalar: 0 };
}

/** f(x) over one operand. */
export function unaryMap(x: Tensor, compute: DType, f: (v: number) => number): Float64Array {
  const a = operand(x, x._sizes(), compute);
  const n = numelOf(x._sizes());
  const r = new Float64Array(n);
  if (a.arr === null) r.fill(f(a.scalar));
  else for (let i = 0; i < n; i++) r[i] = f(a.arr[i]!);
  return r;
}

/** f(x, y) over two broadcast operands. */
export function binaryMap(
  x: Tensor | number | boolean,
  y: Tensor | number | boolean,
  shape: readonly number[],
  compute: DType,
  f: (a: number, b: number) => number,
): Float64Array {
  const a = operand(x, shape, compute);
  const b = operand(y, shape, compute);
  const n = numelOf(shape);
  const r = new Float64Array(n);
  const A = a.arr;
  const B = b.arr;
  if (A && B) for (let i = 0; i < n; i++) r[i] = f(A[i]!, B[i]!);
  else if (A) for (let i = 0, s = b.scalar; i < n; i++) r[i] = f(A[i]!, s);
  else if (B) for (let i = 0, s = a.scalar; i < n; i++) r[i] = f(s, B[i]!);
  else r.fill(f(a.scalar, b.scalar));
  return r;
}

/** f(x, y, z) over three broadcast operands (where, clamp with tensor bounds, lerp...). */
export function ternaryMap(
  x: Tensor | number | boolean,
  y: Tensor | number | boolean,
  z: Tensor | number | boolean,
  shape: readonly number[],
  computes: readonly [DType, DType, DType],
  f: (a: number, b: number, c: number) => number,
): Float64Array {
  const ops = [operand(x, shape, computes[0]), operand(y, shape, computes[1]), operand(z, shape, computes[2])];
  const n = numelOf(shape);
  const r = new Float64Array(n);
  const get = (o: Operand, i: number) => (o.arr ? o.arr[i]! : o.scalar);
  for (let i = 0; i < n; i++) r[i] = f(get(ops[0]!, i), get(ops[1]!, i), get(ops[2]!, i));
  return r;
}
