// Reductions (sum, mean, prod, amax/amin, argmax/argmin, all/any, var/std, max/min) and
// along-dim ops (cumsum, softmax, log_softmax).
import { Tensor } from "../../tensor/tensor.js";
import { DType, bool, float32, int64, uint8 } from "../../tensor/dtype.js";
import { alongDim, argExtreme, groups, reduceGroups, sumRange, varRange } from "../kernels/reduce.js";
import { check, TorchIndexError, TorchRuntimeError } from "../errors.js";
import { def, out, reduceDims, reducedShape, T, wrapDim } from "./util.js";

const typeName = (d: DType) =>
  ({ float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16", int64: "Long", int32: "Int",
    int16: "Short", int8: "Char", uint8: "Byte", bool: "Bool" })[d.name]!;

function checkNonEmpty(name: string, t: Tensor, dims: readonly number[]): void {
  if (t.ndim === 0) return;
  for (const d of dims) {
    if (t.shape[d] === 0) {
      throw new TorchIndexError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
    }
  }
  if (dims.length === 0 && t.numel() === 0) throw new TorchRuntimeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
}

// ---- sum / prod / mean
const sumDtype = (t: Tensor, dtype: unknown) => (dtype as DType | null) ?? (t.dtype.category < 2 ? int64 : t.dtype);
function reduction(keys: Record<string, [number | null, number | null, number | null]>,
  dtypeOf: (t: Tensor, dt: unknown) => DType, f: (v: ArrayLike<number>, s: number, n: number, a: unknown[]) => number) {
  for (const [key, [dimAt, keepAt, dtypeAt]] of Object.entries(keys)) {
    const dimsOf = (a: unknown[]) => reduceDims(dimAt === null ? null : a[dimAt], T(a[0]).ndim);
    def(key, {
      meta: (a) => {
        const t = T(a[0]);
        const dims = dimsOf(a);
        return out(reducedShape(t.shape, dims, keepAt === null ? false : (a[keepAt] as boolean)), dtypeOf(t, dtypeAt === null ? null : a[dtypeAt]));
      },
      kernel: (a) => reduceGroups(T(a[0]), dimsOf(a), (v, s, n) => f(v, s, n, a)),
    });
  }
}
reduction({ "sum.default": [null, null, 1], "sum.dim_IntList": [1, 2, 3] }, sumDtype, sumRange);
reduction({ "prod.default": [null, null, 1], "prod.dim_int": [1, 2, 3] }, sumDtype, (v, s, n) => {
  let p = 1;
  for (let i = s; i < s + n; i++) p *= v[i]!;
  return p;
});
const meanDtype = (t: Tensor, dtype: unknown) => {
  const d = (dtype as DType | null) ?? t.dtype;
  check(d.category === 2, () =>
    `mean(): could not infer output dtype. ${dtype ? "Optional" : "Input"} dtype must be either a floating point or complex dtype. Got: ${typeName(d)}`);
  return d;
};
reduction({ "mean.default": [null, null, 1], "mean.dim": [1, 2, 3] }, meanDtype, (v, s, n) => sumRange(v, s, n) / n);

// ---- amax / amin
for (const [name, isMax] of [["amax", true], ["amin", false]] as const) {
  def(`${name}.default`, {
    meta: (a) => {
      const t = T(a[0]);
      const dims = reduceDims(a[1], t.ndim);
      checkNonEmpty(name, t, dims);
      return out(reducedShape(t.shape, dims, a[2] as boolean), t.dtype);
    },
    kernel: (a) => reduceGroups(T(a[0]), reduceDims(a[1], T(a[0]).ndim), (v, s, n) => v[s + argExtreme(v, s, n, isMax)]!),
  });
  // max() / min() without dim: a full reduction.
  def(`${name === "amax" ? "max" : "min"}.default`, {
    meta: (a) => {
      const t = T(a[0]);
      if (t.numel() === 0) {
        throw new TorchRuntimeError(`${name === "amax" ? "max" : "min"}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
      }
      return out([], t.dtype);
    },
    kernel: (a) => reduceGroups(T(a[0]), reduceDims(null, T(a[0]).ndim), (v, s, n) => v[s + argExtreme(v, s, n, isMax)]!),
  });
  const packet = name === "amax" ? "max" : "min";
  def(`${packet}.dim`, {
    meta: (a) => {
      const t = T(a[0]);
      const d = wrapDim(a[1] as number, t.ndim);
      checkNonEmpty(packet, t, t.ndim === 0 ? [] : [d]);
      const shape = reducedShape(t.shape, t.ndim === 0 ? [] : [d], a[2] as boolean);
      return [out(shape, t.dtype), out(shape, int64)];
    },
    kernel: (a) => {
      const t = T(a[0]);
      const d = t.ndim === 0 ? [] : [wrapDim(a[1] as number, t.ndim)];
      const { vals, outer, inner } = groups(t, d);
      const v = new Float64Array(outer);
      const i = new Float64Array(outer);
      for (let o = 0; o < outer; o++) {
        const k = argExtreme(vals, o * inner, inner, isMax);
        i[o] = k;
        v[o] = vals[o * inner + k]!;
      }
      return [v, i];
    },
  });
}
for (const [name, isMax] of [["argmax", true], ["argmin", false]] as const) {
  const dimsOf = (t: Tensor, dim: unknown) => (dim === null ? reduceDims(null, t.ndim) : t.ndim === 0 ? [] : [wrapDim(dim as number, t.ndim)]);
  def(`${name}.default`, {
    meta: (a) => {
      const t = T(a[0]);
      const dims = dimsOf(t, a[1]);
      if (a[1] === null && t.numel() === 0) throw new TorchRuntimeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
      checkNonEmpty(name, t, a[1] === null ? [] : dims);
      const shape = a[1] === null ? (a[2] ? t.shape.map(() => 1) : []) : reducedShape(t.shape, dims, a[2] as boolean);
      return out(shape, int64);
    },
    kernel: (a) => {
      const t = T(a[0]);
      if (a[1] === null) {
        const v = t._values();
        return Float64Array.of(argExtreme(v, 0, v.length, isMax));
      }
      return reduceGroups(t, dimsOf(t, a[1]), (v, s, n) => argExtreme(v, s, n, isMax));
    },
  });
}

// ---- all / any
for (const [name, isAll] of [["all", true], ["any", false]] as const) {
  const f = (v: ArrayLike<number>, s: number, n: number) => {
    for (let i = s; i < s + n; i++) if ((v[i] !== 0) !== isAll) return isAll ? 0 : 1;
    return isAll ? 1 : 0;
  };
  const dtypeOf = (t: Tensor) => (t.dtype === uint8 ? uint8 : bool);
  for (const [ov, dimAt, keepAt] of [["default", null, null], ["dim", 1, 2], ["dims", 1, 2]] as const) {
    const dimsOf = (a: unknown[]) => reduceDims(dimAt === null ? null : a[dimAt], T(a[0]).ndim);
    def(`${name}.${ov}`, {
      meta: (a) => out(reducedShape(T(a[0]).shape, dimsOf(a), keepAt === null ? false : (a[keepAt] as boolean)), dtypeOf(T(a[0]))),
      kernel: (a) => reduceGroups(T(a[0]), dimsOf(a), f),
    });
  }
}

// ---- var / std
for (const name of ["var", "std"] as const) {
  const fin = name === "std" ? Math.sqrt : (x: number) => x;
  const dtypeOf = (t: Tensor) => {
    check(t.dtype.category === 2, `std and var only support floating point and complex dtypes`);
    return t.dtype;
  };
  // [dim index, correction getter, keepdim index]
  const forms: [string, number | null, (a: unknown[]) => number, number | null][] = [
    [`${name}.default`, null, (a) => (a[1] === false ? 0 : 1), null],
    [`${name}.dim`, 1, (a) => (a[2] === false ? 0 : 1), 3],
    [`${name}.correction`, 1, (a) => (a[2] === null || a[2] === undefined ? 1 : (a[2] as number)), 3],
  ];
  for (const [key, dimAt, corr, keepAt] of forms) {
    const dimsOf = (a: unknown[]) => reduceDims(dimAt === null ? null : a[dimAt], T(a[0]).ndim);
    def(key, {
      meta: (a) => out(reducedShape(T(a[0]).shape, dimsOf(a), keepAt === null ? false : (a[keepAt] as boolean)), dtypeOf(T(a[0]))),
      kernel: (a) => reduceGroups(T(a[0]), dimsOf(a), (v, s, n) => fin(varRange(v, s, n, corr(a)))),
    });
  }
}

// ---- cumsum, softmax, log_softmax
// cumsum / cumprod(self, dim, dtype=None): the same running scan, starting from the identity of
// its operation; bool/integer inputs accumulate in int64 unless a dtype is given.
const scans: [string, number, (acc: number, v: number) => number][] = [
  ["cumsum.default", 0, (acc, v) => acc + v],
  ["cumprod.default", 1, (acc, v) => acc * v],
];
for (const [key, identity, step] of scans) {
  def(key, {
    meta: (a) => {
      const t = T(a[0]);
      wrapDim(a[1] as number, t.ndim);
      return out(t.shape, (a[2] as DType | null) ?? (t.dtype.category < 2 ? int64 : t.dtype));
    },
    kernel: (a) => {
      const t = T(a[0]);
      if (t.ndim === 0) return Float64Array.of(t._values()[0]!);
      return alongDim(t, wrapDim(a[1] as number, t.ndim), (src, dst, s, n) => {
        let acc = identity;
        for (let i = 0; i < n; i++) dst[s + i] = acc = step(acc, src[s + i]!);
      });
    },
  });
}

// ---- logsumexp(self, dim, keepdim): integer inputs give the default float dtype
def("logsumexp.default", {
  meta: (a) => {
    const t = T(a[0]);
    const dims = reduceDims(a[1], t.ndim);
    return out(reducedShape(t.shape, dims, a[2] as boolean), t.dtype.category === 2 ? t.dtype : float32);
  },
  kernel: (a) => reduceGroups(T(a[0]), reduceDims(a[1], T(a[0]).ndim), (v, s, n) => {
    let mx = -Infinity;
    for (let i = s; i < s + n; i++) mx = Math.max(mx, v[i]!);
    if (!Number.isFinite(mx)) return mx;
    let sum = 0;
    for (let i = s; i < s + n; i++) sum += Math.exp(v[i]! - mx);
    return mx + Math.log(sum);
  }),
});

// ---- linalg_vector_norm(self, ord=2, dim=None, keepdim=False, *, dtype=None)
def("linalg_vector_norm.default", {
  meta: (a) => {
    const t = T(a[0]);
    const dt = (a[4] as DType | null) ?? t.dtype;
    check(dt.category === 2, () => `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${typeName(t.dtype)}`);
    return out(reducedShape(t.shape, reduceDims(a[2], t.ndim), a[3] as boolean), dt);
  },
  kernel: (a) => {
    const ord = a[1] as number;
    return reduceGroups(T(a[0]), reduceDims(a[2], T(a[0]).ndim), (v, s, n) => {
      let acc = ord === -Infinity ? Infinity : 0;
      for (let i = s; i < s + n; i++) {
        const x = Math.abs(v[i]!);
        if (ord === Infinity) acc = Math.max(acc, x);
        else if (ord === -Infinity) acc = Math.min(acc, x);
        else if (ord === 0) acc += x !== 0 ? 1 : 0;
        else acc += x ** ord;
      }
      return ord === 0 || !Number.isFinite(ord) ? acc : acc ** (1 / ord);
    });
  },
});

function softmaxKernel(t: Tensor, dim: number, log: boolean): Float64Array {
  if (t.ndim === 0) return Float64Array.of(log ? 0 : 1);
  return alongDim(t, wrapDim(dim, t.ndim), (src, dst, s, n) => {
    let mx = -Infinity;
    for (let i = 0; i < n; i++) mx = Math.max(mx, src[s + i]!);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.exp(src[s + i]! - mx);
    const lse = Math.log(sum);
    for (let i = 0; i < n; i++) dst[s + i] = log ? src[s + i]! - mx - lse : Math.exp(src[s + i]! - mx) / sum;
  });
}
for (const [name, log] of [["softmax", false], ["log_softmax", true]] as const) {
  const dtypeOf = (t: Tensor, dt: unknown) => {
    const d = (dt as DType | null) ?? t.dtype;
    check(d.category === 2, `"${name}_lastdim_kernel_impl" not implemented for '${typeName(d)}'`);
    return d;
  };
  def(`${name}.int`, {
    meta: (a) => {
      wrapDim(a[1] as number, T(a[0]).ndim);
      return out(T(a[0]).shape, dtypeOf(T(a[0]), a[2]));
    },
    kernel: (a) => softmaxKernel(T(a[0]), a[1] as number, log),
  });
  def(`_${name}.default`, {
    meta: (a) => {
      wrapDim(a[1] as number, T(a[0]).ndim);
      const t = T(a[0]);
      const d = dtypeOf(t, null);
      return out(t.shape, a[2] && d.itemsize === 2 ? float32 : d);
    },
    kernel: (a) => softmaxKernel(T(a[0]), a[1] as number, log),
  });
}
