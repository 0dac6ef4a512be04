// Ops whose output size or values depend on the data: masked_select, nonzero_static, bincount,
// multinomial, kthvalue (a data-dependent k), the linspace factory, dropout_ and where(condition).
// Data-dependent sizes are unbacked symbols, made and bounded as PyTorch's fake implementations do
// (torch/_subclasses/fake_impls.py, torch/_meta_registrations.py).
import { Tensor } from "../../tensor/tensor.js";
import { DType, bool, defaultFloatDtype, float32, float64, int64 } from "../../tensor/dtype.js";
import { numelOf } from "../../tensor/strided.js";
import { uniformDouble, uniformFloat } from "../../tensor/random.js";
import { check, TorchRuntimeError } from "../errors.js";
import { dispatchHooks } from "../dispatch.js";
import { SymInt, sizeGeSym, sizeLeSym, sizeProduct, type Size } from "../size.js";
import { SymBool } from "../../symbolic/symbool.js";
import { _check } from "../../symbolic/checks.js";
import { broadcastShapes, def, out, T, wrapDim } from "./util.js";
import { forEachIndex, nonzeroCount } from "./indexing.js";
import { op } from "../registry.js";
import { runEager } from "../dispatch.js";

const typeName = (d: DType) =>
  ({ float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16", int64: "Long", int32: "Int",
    int16: "Short", int8: "Char", uint8: "Byte", bool: "Bool" })[d.name] ?? d.name;

/** A fresh unbacked size (under the tracer), bounded to [min, max] (max: a bound of a symbolic product). */
function unbackedSize(what: string, min: number, maxOf: Size | null): Size {
  const make = dispatchHooks.createUnbackedSymInt;
  if (!make) throw new TorchRuntimeError(`${what}() on a fake tensor needs an unbacked size (run under the tracer)`);
  const u = make();
  if (u instanceof SymInt) {
    const max = maxOf === null ? Infinity : typeof maxOf === "number" ? maxOf : u.env.bound(maxOf.expr).upper;
    u.env.constrainRange(u.expr, min, max, true);
  }
  return u;
}

/** A tensor made from logical-order values. */
function made(shape: number[], dtype: DType, values: ArrayLike<number>): Tensor {
  const r = out(shape, dtype);
  r._allocate();
  r._writeLogical(values);
  return r;
}

/** The values of `t` broadcast to `shape`, in logical order. */
function broadcastValues(t: Tensor, shape: readonly number[]): Float64Array {
  const v = t._values();
  const sh = t._sizes();
  const off = shape.length - sh.length;
  const st = new Array<number>(sh.length);
  let acc = 1;
  for (let d = sh.length - 1; d >= 0; d--) {
    st[d] = sh[d] === 1 ? 0 : acc;
    acc *= sh[d]!;
  }
  const res = new Float64Array(numelOf(shape));
  forEachIndex(shape, (i, idx) => {
    let p = 0;
    for (let d = 0; d < sh.length; d++) p += idx[d + off]! * st[d]!;
    res[i] = v[p]!;
  });
  return res;
}

// ---- masked_select(self, mask): the elements of self (broadcast with mask) where mask is true, 1-D
def("masked_select.default", {
  meta: (a) => {
    const s = T(a[0]);
    const m = T(a[1]);
    check(m.dtype === bool, () => `masked_select: expected BoolTensor for mask`);
    const shape = broadcastShapes(s.shape, m.shape);
    // fake_impls.masked_select: an unbacked size in [0, numel] (its upper bound when symbolic),
    // unbounded when that is at most 2. PyTorch takes self.numel(), which a mask broadcasting self
    // exceeds (its runtime assert then fails on valid input): pt2js takes the broadcast numel, the
    // same whenever the mask does not broadcast self (docs/conformance.md).
    const numel = sizeProduct(shape);
    const upper = typeof numel === "number" ? numel : numel instanceof SymInt ? numel.env.bound(numel.expr).upper : Infinity;
    return out([unbackedSize("masked_select", 0, upper > 2 ? upper : null)], s.dtype);
  },
  eager: (a) => {
    const s = T(a[0]);
    const m = T(a[1]);
    check(m.dtype === bool, () => `masked_select: expected BoolTensor for mask`);
    const shape = broadcastShapes(s._sizes(), m._sizes()) as number[];
    const sv = broadcastValues(s, shape);
    const mv = broadcastValues(m, shape);
    const res: number[] = [];
    for (let i = 0; i < sv.length; i++) if (mv[i]) res.push(sv[i]!);
    return made([res.length], s.dtype, res);
  },
});

// ---- nonzero_static(self, *, size, fill_value=-1): the first `size` nonzero coordinates, padded
def("nonzero_static.default", {
  meta: (a) => {
    const s = T(a[0]);
    const size = a[1] as Size;
    if (typeof size === "number") check(size >= 0, () => `nonzero_static: 'size' must be an non-negative integer, but got size: ${size}`);
    return out([size, s.ndim], int64);
  },
  eager: (a) => {
    const s = T(a[0]);
    const size = a[1] as number;
    const fill = a[2] as number;
    check(size >= 0, () => `nonzero_static: 'size' must be an non-negative integer, but got size: ${size}`);
    const ndim = s.ndim;
    const v = s._values();
    const rows: number[] = [];
    let n = 0;
    forEachIndex(s._sizes(), (i, ix) => {
      if (n < size && v[i] !== 0) {
        rows.push(...ix);
        n++;
      }
    });
    while (rows.length < size * ndim) rows.push(fill);
    return made([size, ndim], int64, rows);
  },
});

// ---- bincount(self, weights=None, minlength=0)
function bincountChecks(s: Tensor, w: Tensor | null, minlength: Size): void {
  if (typeof minlength === "number") check(minlength >= 0, "minlength should be >= 0");
  check(s.ndim === 1 && s.dtype.category === 1 && s.dtype !== bool, "bincount only supports 1-d non-negative integral inputs.");
  if (w !== null) check(w.ndim === 1 && (typeof w.shape[0] !== "number" || typeof s.shape[0] !== "number" || w.shape[0] === s.shape[0]),
    "weights should be 1-d and have the same length as input");
}
def("bincount.default", {
  meta: (a) => {
    const s = T(a[0]);
    const w = (a[1] as Tensor | null) ?? null;
    const minlength = a[2] as Size;
    bincountChecks(s, w, minlength);
    // fake_impls.bincount: an unbacked size-like length, at least minlength; the result is
    // inputs.new_empty(size) there (the input's dtype).
    const size = unbackedSize("bincount", 0, null);
    if (size instanceof SymInt) _check(size.ge(minlength) as SymBool | boolean);
    return out([size], s.dtype);
  },
  eager: (a) => {
    const s = T(a[0]);
    const w = (a[1] as Tensor | null) ?? null;
    const minlength = a[2] as number;
    bincountChecks(s, w, minlength);
    const v = s._values();
    let max = -1;
    for (let i = 0; i < v.length; i++) {
      check(v[i]! >= 0, "bincount only supports 1-d non-negative integral inputs.");
      if (v[i]! > max) max = v[i]!;
    }
    const n = Math.max(max + 1, minlength);
    const res = new Float64Array(n);
    const wv = w === null ? null : w._values();
    for (let i = 0; i < v.length; i++) res[v[i]!] += wv === null ? 1 : wv[i]!;
    // _bincount_cpu: counts are int64; weights accumulate as float (float weights) or double.
    const dtype = w === null ? int64 : w.dtype === float32 ? float32 : float64;
    return made([n], dtype, res);
  },
});

// ---- multinomial(self, num_samples, replacement=False, *, generator=None)
function multinomialChecks(s: Tensor, n: Size, replacement: boolean, categories: Size): void {
  check(s.ndim > 0 && s.ndim <= 2, () => `The probability distributions dimensions must be 1 or 2, but got ${s.ndim}`);
  check(s.dtype.category === 2, () => `multinomial only supports floating-point dtypes for input, got: ${typeName(s.dtype)}`);
  if (typeof n === "number") check(n > 0, "cannot sample n_sample <= 0 samples");
  if (typeof n === "number" && typeof categories === "number") {
    check(replacement || n <= categories, "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  }
}
def("multinomial.default", {
  meta: (a) => {
    const s = T(a[0]);
    const n = a[1] as Size;
    // meta_multinomial checks only the rank; the sample count is checked by the kernel.
    check(s.ndim > 0 && s.ndim <= 2, () => `The probability distributions dimensions must be 1 or 2, but got ${s.ndim}`);
    return out(s.ndim === 1 ? [n] : [s.shape[0]!, n], int64);
  },
  eager: (a) => {
    const s = T(a[0]);
    const n = a[1] as number;
    const replacement = a[2] as boolean;
    const shape = s._sizes();
    const categories = shape[shape.length - 1]!;
    multinomialChecks(s, n, replacement, categories);
    const rows = s.ndim === 1 ? 1 : shape[0]!;
    const v = s._values();
    const res = new Float64Array(rows * n);
    for (let r = 0; r < rows; r++) {
      const p = Array.from(v.slice(r * categories, (r + 1) * categories) as ArrayLike<number>);
      let total = 0;
      for (const x of p) {
        check(Number.isFinite(x) && x >= 0, "probability tensor contains either `inf`, `nan` or element < 0");
        total += x;
      }
      check(total > 0, "invalid multinomial distribution (sum of probabilities <= 0)");
      if (!replacement) check(n <= p.filter((x) => x > 0).length || n <= categories, "invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)");
      for (let k = 0; k < n; k++) {
        let u = (s.dtype === float64 ? uniformDouble() : uniformFloat()) * total;
        let c = 0;
        while (c < categories - 1 && (p[c] === 0 || u >= p[c]!)) {
          u -= p[c]!;
          c++;
        }
        while (p[c] === 0 && c > 0) c--;
        res[r * n + k] = c;
        if (!replacement) {
          total -= p[c]!;
          p[c] = 0;
          if (total <= 0 && k < n - 1) total = 0;
        }
      }
    }
    return made(s.ndim === 1 ? [n] : [rows, n], int64, res);
  },
});

// ---- kthvalue(self, k, dim=-1, keepdim=False) -> (values, indices)
def("kthvalue.default", {
  meta: (a) => {
    const s = T(a[0]);
    const k = a[1] as Size;
    const d = wrapDim(a[2] as number, s.ndim);
    const keepdim = a[3] as boolean;
    const dimSize = s.ndim > 0 ? s.shape[d]! : 1;
    // kthvalue_meta: torch._check(k >= 1 and k <= dimSize) (a runtime assert for a data-dependent k).
    const msg = () => `kthvalue(): selected number k out of range for dimension ${d}`;
    const lo = sizeGeSym(k, 1);
    const hi = sizeLeSym(k, dimSize);
    _check(lo instanceof SymBool ? lo.and(hi) : lo && hi, msg);
    const shape = s.shape.filter((_, i) => i !== d);
    if (keepdim && s.ndim > 0) shape.splice(d, 0, 1);
    return [out(shape, s.dtype), out(shape, int64)];
  },
  kernel: (a) => {
    const s = T(a[0]);
    const k = a[1] as number;
    const d = wrapDim(a[2] as number, s.ndim);
    const shape = s._sizes();
    const n = s.ndim === 0 ? 1 : shape[d]!;
    check(k >= 1 && k <= n, () => `kthvalue(): selected number k out of range for dimension ${d}`);
    const after = s.ndim === 0 ? 1 : numelOf(shape.slice(d + 1));
    const before = s.ndim === 0 ? 1 : numelOf(shape.slice(0, d));
    const v = s._values();
    const vals = new Float64Array(before * after);
    const idxs = new Float64Array(before * after);
    const order = new Array<number>(n);
    for (let b = 0; b < before; b++) {
      for (let c = 0; c < after; c++) {
        const at = (i: number) => v[(b * n + i) * after + c]!;
        for (let i = 0; i < n; i++) order[i] = i;
        // NaN sorts as the largest value.
        order.sort((i, j) => {
          const x = at(i), y = at(j);
          if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? i - j : Number.isNaN(x) ? 1 : -1;
          return x - y || i - j;
        });
        vals[b * after + c] = at(order[k - 1]!);
        idxs[b * after + c] = order[k - 1]!;
      }
    }
    return [vals, idxs];
  },
});

// ---- linspace(start, end, steps, *, dtype=None, ...): steps evenly spaced values
const scalarOf = (x: unknown): number => (x instanceof Tensor ? Number(x._item()) : typeof x === "boolean" ? Number(x) : (x as number));
function linspaceDtype(a: unknown[]): DType {
  const dtype = a[3] as DType | null;
  if (dtype) return dtype;
  return defaultFloatDtype;
}
def(["linspace.default", "linspace.Tensor_Tensor", "linspace.Tensor_Scalar", "linspace.Scalar_Tensor"], {
  meta: (a) => {
    for (const x of [a[0], a[1]]) {
      if (x instanceof Tensor) check(x.ndim === 0, () => `linspace only supports 0-dimensional start and end tensors, but got start with ${x.ndim} dimension(s).`);
    }
    const steps = a[2] as number;
    check(steps >= 0, "number of steps must be non-negative");
    return out([steps], linspaceDtype(a));
  },
  kernel: (a) => {
    const start = scalarOf(a[0]);
    const end = scalarOf(a[1]);
    const steps = a[2] as number;
    const dtype = linspaceDtype(a);
    const res = new Float64Array(steps);
    if (steps === 1) res[0] = start;
    else if (steps > 1) {
      // The CPU kernel fills the first half from start and the second half back from end (step a
      // double for integral results, which are truncated).
      const step = (end - start) / (steps - 1);
      const half = Math.floor(steps / 2);
      const integral = dtype.category < 2;
      for (let i = 0; i < steps; i++) {
        const v = i < half ? start + step * i : end - step * (steps - i - 1);
        res[i] = integral ? Math.trunc(v) : v;
      }
    }
    return res;
  },
});

// ---- dropout_(self, p, train): in place
def("dropout_.default", {
  meta: (a) => {
    const p = a[1] as number;
    check(p >= 0 && p <= 1, `dropout probability has to be between 0 and 1, but got ${p}`);
    return a[0];
  },
  kernel: (a) => {
    const x = T(a[0]);
    const p = a[1] as number;
    check(p >= 0 && p <= 1, `dropout probability has to be between 0 and 1, but got ${p}`);
    const v = x._values();
    if (!a[2] || p === 0) return v;
    // pt2js's generator; PyTorch's bernoulli stream is not reproduced.
    return Float64Array.from(v as ArrayLike<number>, (e) => (p === 1 ? 0 : uniformFloat() < 1 - p ? e / (1 - p) : 0));
  },
});

// ---- where(condition) -> Tensor[]: CompositeImplicit, condition.nonzero(as_tuple=True) (one int64
// tensor of the unbacked nonzero count per dim; a 0-dim condition counts as 1-dim).
def("where.default", {
  meta: (a) => {
    const c = T(a[0]);
    const make = dispatchHooks.createUnbackedSymInt;
    if (!make) throw new TorchRuntimeError("where(condition) on a fake tensor needs an unbacked size (run under the tracer)");
    const nnz = nonzeroCount(make(), c);
    return Array.from({ length: Math.max(c.ndim, 1) }, () => out([nnz], int64));
  },
  eager: (a) => {
    const c = T(a[0]);
    const nz = runEager(op("nonzero.default"), [c.ndim === 0 ? c.reshape([1]) : c]) as Tensor;
    const [n, ndim] = nz._sizes() as [number, number];
    const v = nz._values();
    return Array.from({ length: ndim }, (_, d) => made([n], int64, Array.from({ length: n }, (_, i) => v[i * ndim + d]!)));
  },
});
