// Normalization: batch_norm (and its native/_legit forms), layer_norm, group_norm.
import { Tensor } from "../../tensor/tensor.js";
import { float32 } from "../../tensor/dtype.js";
import { numelOf } from "../../tensor/strided.js";
import { check } from "../errors.js";
import { sizeEq, sizeEqSym, type Size } from "../size.js";
import type { SymBool } from "../../symbolic/symbool.js";
import { _check } from "../../symbolic/checks.js";
import { def, fmtShape, out, T } from "./util.js";

const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const opt = (x: unknown) => (x instanceof Tensor ? x : null);
const statDtype = (x: Tensor) => (x.dtype.itemsize === 2 ? float32 : x.dtype);

// ---- batch norm. Stats are per channel (dim 1) over all other dims.
interface BnStats { mean: Float64Array; invstd: Float64Array; batchVar: Float64Array; count: number }
function channelStats(x: Tensor, eps: number): BnStats {
  const shape = x._sizes();
  const C = shape[1] ?? 1;
  const inner = numelOf(shape.slice(2));
  const N = shape[0]!;
  const v = x._values();
  const mean = new Float64Array(C);
  const batchVar = new Float64Array(C);
  const count = N * inner;
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let n = 0; n < N; n++) for (let i = 0; i < inner; i++) s += v[(n * C + c) * inner + i]!;
    const m = s / count;
    let q = 0;
    for (let n = 0; n < N; n++) for (let i = 0; i < inner; i++) q += (v[(n * C + c) * inner + i]! - m) ** 2;
    mean[c] = m;
    batchVar[c] = q / count;
  }
  const invstd = batchVar.map((q) => 1 / Math.sqrt(q + eps));
  return { mean, invstd, batchVar, count };
}

function bnApply(x: Tensor, mean: ArrayLike<number>, invstd: ArrayLike<number>, w: Tensor | null, b: Tensor | null): Float64Array {
  const shape = x._sizes();
  const C = shape[1] ?? 1;
  const inner = numelOf(shape.slice(2));
  const v = x._values();
  const wv = w?._values();
  const bv = b?._values();
  const res = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = Math.floor(i / inner) % C;
    res[i] = (v[i]! - mean[c]!) * invstd[c]! * (wv ? wv[c]! : 1) + (bv ? bv[c]! : 0);
  }
  return res;
}

/** Runs batch norm; in training mode also returns the updated running statistics. */
function batchNorm(x: Tensor, w: Tensor | null, b: Tensor | null, rm: Tensor | null, rv: Tensor | null, training: boolean, momentum: number, eps: number) {
  if (training) {
    const s = channelStats(x, eps);
    let newMean: Float64Array | null = null;
    let newVar: Float64Array | null = null;
    if (rm && rv) {
      const m0 = rm._values();
      const v0 = rv._values();
      const unbiased = s.count > 1 ? s.count / (s.count - 1) : 1;
      newMean = Float64Array.from(m0, (m, c) => (1 - momentum) * m + momentum * s.mean[c]!);
      newVar = Float64Array.from(v0, (q, c) => (1 - momentum) * q + momentum * s.batchVar[c]! * unbiased);
    }
    return { y: bnApply(x, s.mean, s.invstd, w, b), mean: s.mean, invstd: s.invstd, newMean, newVar };
  }
  check(rm !== null && rv !== null, "running_mean and running_var must be defined in evaluation mode");
  const mean = rm._values();
  const invstd = Float64Array.from(rv._values(), (q) => 1 / Math.sqrt(q + eps));
  return { y: bnApply(x, mean, invstd, w, b), mean: new Float64Array(0), invstd: new Float64Array(0), newMean: null, newVar: null };
}

function bnCheck(x: Tensor, ...ts: (Tensor | null)[]): void {
  check(x.ndim >= 2, () => `Expected 2D or more input to batch_norm, got ${x.ndim}D input of size ${fmtShape(x.shape)}`);
  const C = x.shape[1]!;
  for (const t of ts) {
    if (t) check(t.numel() !== undefined && eqS(t.numel(), C), () => `running_mean should contain ${String(C)} elements not ${String(t.numel())}`);
  }
}

// batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled)
def("batch_norm.default", {
  meta: (a) => {
    if (T(a[0]).numel() !== 0) bnCheck(T(a[0]), opt(a[3]), opt(a[4]));
    return out(T(a[0]).shape, T(a[0]).dtype);
  },
  eager: (a) => {
    const x = T(a[0]);
    if (x.numel() === 0) {
      // ATen returns a copy of an empty input without looking at the statistics.
      const e = out(x.shape, x.dtype);
      e._allocate();
      return e;
    }
    const rm = opt(a[3]);
    const rv = opt(a[4]);
    bnCheck(x, rm, rv);
    const r = batchNorm(x, opt(a[1]), opt(a[2]), rm, rv, a[5] as boolean, a[6] as number, a[7] as number);
    // Training mode updates the running statistics in place, as PyTorch does.
    if (r.newMean && rm && rv) {
      rm._writeLogical(r.newMean);
      rv._writeLogical(r.newVar!);
    }
    const y = out(x.shape, x.dtype);
    y._allocate();
    y._writeLogical(r.y);
    return y;
  },
});
const C = (x: Tensor) => x.shape[1]!;
// native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps) -> (out, save_mean, save_invstd)
// _native_batch_norm_legit(input, weight, bias, running_mean!, running_var!, training, momentum, eps)
for (const key of ["native_batch_norm.default", "_native_batch_norm_legit.default"]) {
  const mutates = key.startsWith("_");
  def(key, {
    meta: (a) => {
      const x = T(a[0]);
      bnCheck(x, opt(a[3]), opt(a[4]));
      const n = a[5] ? C(x) : 0;
      return [out(x.shape, x.dtype), out([n], statDtype(x)), out([n], statDtype(x))];
    },
    kernel: (a) => {
      const r = batchNorm(T(a[0]), opt(a[1]), opt(a[2]), opt(a[3]), opt(a[4]), a[5] as boolean, a[6] as number, a[7] as number);
      if (r.newMean && (mutates || key === "native_batch_norm.default")) {
        opt(a[3])?._writeLogical(r.newMean);
        opt(a[4])?._writeLogical(r.newVar!);
      }
      return [r.y, r.mean, r.invstd];
    },
  });
}
// _native_batch_norm_legit.no_stats(input, weight, bias, training, momentum, eps)
def("_native_batch_norm_legit.no_stats", {
  meta: (a) => {
    const x = T(a[0]);
    return [out(x.shape, x.dtype), out([C(x)], statDtype(x)), out([C(x)], statDtype(x))];
  },
  kernel: (a) => {
    const r = batchNorm(T(a[0]), opt(a[1]), opt(a[2]), null, null, true, a[4] as number, a[5] as number);
    return [r.y, r.mean, r.invstd];
  },
});
// _native_batch_norm_legit_no_training(input, weight, bias, running_mean, running_var, momentum, eps)
def("_native_batch_norm_legit_no_training.default", {
  meta: (a) => {
    const x = T(a[0]);
    bnCheck(x, opt(a[3]), opt(a[4]));
    return [out(x.shape, x.dtype), out([0], statDtype(x)), out([0], statDtype(x))];
  },
  kernel: (a) => {
    const r = batchNorm(T(a[0]), opt(a[1]), opt(a[2]), opt(a[3]), opt(a[4]), false, a[5] as number, a[6] as number);
    return [r.y, r.mean, r.invstd];
  },
});
// _native_batch_norm_legit_functional(input, weight, bias, running_mean, running_var, training, momentum, eps)
//   -> (out, save_mean, save_rstd, running_mean_out, running_var_out)
def("_native_batch_norm_legit_functional.default", {
  meta: (a) => {
    const x = T(a[0]);
    const n = a[5] ? C(x) : 0;
    const rm = T(a[3]);
    const rv = T(a[4]);
    return [out(x.shape, x.dtype), out([n], statDtype(x)), out([n], statDtype(x)), out(rm.shape, rm.dtype), out(rv.shape, rv.dtype)];
  },
  kernel: (a) => {
    const r = batchNorm(T(a[0]), opt(a[1]), opt(a[2]), T(a[3]), T(a[4]), a[5] as boolean, a[6] as number, a[7] as number);
    return [r.y, r.mean, r.invstd, r.newMean ?? T(a[3])._values(), r.newVar ?? T(a[4])._values()];
  },
});

// ---- layer norm over the trailing normalized_shape dims
/** sym_equals: the sizes pairwise equal, as one condition (static where it can be). */
function symEquals(a: readonly Size[], b: readonly Size[]): SymBool | boolean {
  let acc: SymBool | boolean = true;
  for (let i = 0; i < a.length && acc !== false; i++) {
    const e = sizeEqSym(a[i]!, b[i]!);
    acc = acc === true ? e : acc.and(e);
  }
  return acc;
}

function lnCheck(x: Tensor, ns: readonly Size[], w: Tensor | null, b: Tensor | null): number {
  const axis = x.ndim - ns.length;
  check(ns.length >= 1, () => `Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${fmtShape(ns)}`);
  // TORCH_SYM_CHECK(sym_equals(...)): a guard on backed sizes, a deferred runtime assert on
  // data-dependent ones (normalized_shape=[u0] of a weight of 16: Eq(u0, 16)).
  for (const [t, n] of [[w, "weight"], [b, "bias"]] as const) {
    if (t) {
      _check(t.shape.length === ns.length && symEquals(t.shape, ns), () =>
        `Expected ${n} to be of same shape as normalized_shape, but got ${n} of shape ${fmtShape(t.shape)} and normalized_shape = ${fmtShape(ns)}`);
    }
  }
  _check(axis >= 0 && symEquals(x.shape.slice(axis), ns), () =>
    `Given normalized_shape=${fmtShape(ns)}, expected input with shape [*, ${ns.map(String).join(", ")}], but got input of size${fmtShape(x.shape)}`);
  return axis;
}
function layerNorm(x: Tensor, axis: number, w: Tensor | null, b: Tensor | null, eps: number) {
  const shape = x._sizes();
  const M = numelOf(shape.slice(0, axis));
  const N = numelOf(shape.slice(axis));
  const v = x._values();
  const wv = w?._values();
  const bv = b?._values();
  const y = new Float64Array(v.length);
  const mean = new Float64Array(M);
  const rstd = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += v[m * N + i]!;
    const mu = s / N;
    let q = 0;
    for (let i = 0; i < N; i++) q += (v[m * N + i]! - mu) ** 2;
    const r = 1 / Math.sqrt(q / N + eps);
    mean[m] = mu;
    rstd[m] = r;
    for (let i = 0; i < N; i++) y[m * N + i] = (v[m * N + i]! - mu) * r * (wv ? wv[i]! : 1) + (bv ? bv[i]! : 0);
  }
  return { y, mean, rstd };
}
// layer_norm(input, normalized_shape, weight, bias, eps, cudnn_enable)
def("layer_norm.default", {
  meta: (a) => {
    lnCheck(T(a[0]), a[1] as Size[], opt(a[2]), opt(a[3]));
    return out(T(a[0]).shape, T(a[0]).dtype);
  },
  kernel: (a) => layerNorm(T(a[0]), lnCheck(T(a[0]), a[1] as Size[], opt(a[2]), opt(a[3])), opt(a[2]), opt(a[3]), a[4] as number).y,
});
// native_layer_norm(input, normalized_shape, weight, bias, eps) -> (out, mean, rstd)
def("native_layer_norm.default", {
  meta: (a) => {
    const x = T(a[0]);
    const axis = lnCheck(x, a[1] as Size[], opt(a[2]), opt(a[3]));
    const stat = [...x.shape.slice(0, axis), ...x.shape.slice(axis).map(() => 1)];
    return [out(x.shape, x.dtype), out(stat, statDtype(x)), out(stat, statDtype(x))];
  },
  kernel: (a) => {
    const r = layerNorm(T(a[0]), lnCheck(T(a[0]), a[1] as Size[], opt(a[2]), opt(a[3])), opt(a[2]), opt(a[3]), a[4] as number);
    return [r.y, r.mean, r.rstd];
  },
});

// ---- group norm
function groupNorm(x: Tensor, G: number, w: Tensor | null, b: Tensor | null, eps: number) {
  const shape = x._sizes();
  const N = shape[0]!;
  const Cn = shape[1]!;
  const HW = numelOf(shape.slice(2));
  const per = (Cn / G) * HW;
  const v = x._values();
  const wv = w?._values();
  const bv = b?._values();
  const y = new Float64Array(v.length);
  const mean = new Float64Array(N * G);
  const rstd = new Float64Array(N * G);
  for (let g = 0; g < N * G; g++) {
    let s = 0;
    for (let i = 0; i < per; i++) s += v[g * per + i]!;
    const mu = s / per;
    let q = 0;
    for (let i = 0; i < per; i++) q += (v[g * per + i]! - mu) ** 2;
    const r = 1 / Math.sqrt(q / per + eps);
    mean[g] = mu;
    rstd[g] = r;
    for (let i = 0; i < per; i++) {
      const c = (g % G) * (Cn / G) + Math.floor(i / HW);
      y[g * per + i] = (v[g * per + i]! - mu) * r * (wv ? wv[c]! : 1) + (bv ? bv[c]! : 0);
    }
  }
  return { y, mean, rstd };
}
function gnCheck(x: Tensor, G: number, w: Tensor | null, b: Tensor | null): void {
  check(x.ndim >= 2, () => `Expected at least 2 dimensions for input tensor but received ${x.ndim}`);
  const Cn = x.shape[1]!;
  check(typeof Cn !== "number" || Cn % G === 0, () =>
    `Expected number of channels in input to be divisible by num_groups, but got input of shape ${fmtShape(x.shape)} and num_groups=${G}`);
  for (const [t, n] of [[w, "weight"], [b, "bias"]] as const) {
    if (t) check(t.ndim === 1 && eqS(t.numel(), Cn), () =>
      `Expected ${n} to be a vector of size equal to the number of channels in input, but got ${n} of shape ${fmtShape(t.shape)} and input of shape ${fmtShape(x.shape)}`);
  }
}
// group_norm(input, num_groups, weight, bias, eps, cudnn_enabled)
def("group_norm.default", {
  meta: (a) => {
    gnCheck(T(a[0]), a[1] as number, opt(a[2]), opt(a[3]));
    return out(T(a[0]).shape, T(a[0]).dtype);
  },
  kernel: (a) => groupNorm(T(a[0]), a[1] as number, opt(a[2]), opt(a[3]), a[4] as number).y,
});
// native_group_norm(input, weight, bias, N, C, HxW, group, eps) -> (out, mean [N, G], rstd [N, G])
def("native_group_norm.default", {
  meta: (a) => {
    const x = T(a[0]);
    const G = a[6] as number;
    gnCheck(x, G, opt(a[1]), opt(a[2]));
    return [out(x.shape, x.dtype), out([a[3] as Size, G], statDtype(x)), out([a[3] as Size, G], statDtype(x))];
  },
  kernel: (a) => {
    const r = groupNorm(T(a[0]), a[6] as number, opt(a[1]), opt(a[2]), a[7] as number);
    return [r.y, r.mean, r.rstd];
  },
});
