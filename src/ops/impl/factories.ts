// Tensor creation ops: zeros/ones/full/empty, arange, scalar_tensor, random sampling, *_like, new_*.
import { Tensor } from "../../tensor/tensor.js";
import { DType, bool, defaultFloatDtype, float64, int64 } from "../../tensor/dtype.js";
import { numelOf } from "../../tensor/strided.js";
import { fillNormal, fillUniform, randomInt } from "../../tensor/random.js";
import { scalarDtype } from "../../tensor/promotion.js";
import { check, TorchRuntimeError } from "../errors.js";
import { sizeAdd, sizeFloorDiv, sizeGeSym, sizeSub, type Size } from "../size.js";
import { expectTrue } from "../../symbolic/checks.js";
import { ExprKind } from "../../core/expr.js";
import { def, out, T } from "./util.js";

const fillDtype = (v: unknown): DType => (typeof v === "boolean" ? bool : scalarDtype(v as number));
const filled = (t: Tensor, v: number) => new Float64Array(numelOf(t._sizes())).fill(v);
const num = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : (v as number));
// check_size_nonnegative: a symbolic size goes through SymInt::expect_size, i.e. expect_true(d >= 0)
// (a deferred runtime assert on a data-dependent size) and, for an unbacked symbol, _advise_is_size
// (size-like, range [0, int_oo]).
const checkSize = (size: readonly Size[]) => {
  const negative = (d: Size) => `Trying to create tensor with negative dimension ${String(d)}: [${size.map(String).join(", ")}]`;
  for (const d of size) {
    if (typeof d === "number") check(d >= 0, () => negative(d));
    else {
      if (!expectTrue(sizeGeSym(d, 0))) throw new TorchRuntimeError(negative(d));
      if (d.expr.kind === ExprKind.Symbol && d.hint === null) d.env.constrainRange(d.expr, 0, Infinity, true);
    }
  }
  return size;
};

def("zeros.default", { meta: (a) => out(checkSize(a[0] as Size[]), (a[1] as DType) ?? defaultFloatDtype), kernel: (_a, r) => filled(r as Tensor, 0) });
def("ones.default", { meta: (a) => out(checkSize(a[0] as Size[]), (a[1] as DType) ?? defaultFloatDtype), kernel: (_a, r) => filled(r as Tensor, 1) });
def(["empty.memory_format"], { meta: (a) => out(checkSize(a[0] as Size[]), (a[1] as DType) ?? defaultFloatDtype), kernel: (_a, r) => filled(r as Tensor, 0) });
def("full.default", {
  meta: (a) => out(checkSize(a[0] as Size[]), (a[2] as DType) ?? fillDtype(a[1])),
  kernel: (a, r) => filled(r as Tensor, num(a[1])),
});
def("scalar_tensor.default", {
  meta: (a) => out([], (a[1] as DType) ?? defaultFloatDtype),
  kernel: (a) => Float64Array.of(num(a[0])),
});

// *_like: (self, [fill,] *, dtype, layout, device, pin_memory, memory_format)
const likeDtype = (a: unknown[], at: number) => (a[at] as DType | null) ?? T(a[0]).dtype;
def("zeros_like.default", { meta: (a) => out(T(a[0]).shape, likeDtype(a, 1)), kernel: (_a, r) => filled(r as Tensor, 0) });
def("ones_like.default", { meta: (a) => out(T(a[0]).shape, likeDtype(a, 1)), kernel: (_a, r) => filled(r as Tensor, 1) });
def("empty_like.default", { meta: (a) => out(T(a[0]).shape, likeDtype(a, 1)), kernel: (_a, r) => filled(r as Tensor, 0) });
def("full_like.default", { meta: (a) => out(T(a[0]).shape, likeDtype(a, 2)), kernel: (a, r) => filled(r as Tensor, num(a[1])) });
def("rand_like.default", { meta: (a) => out(T(a[0]).shape, likeDtype(a, 1)), kernel: (_a, r) => uniform(r as Tensor) });
def("randn_like.default", { meta: (a) => out(T(a[0]).shape, likeDtype(a, 1)), kernel: (_a, r) => normal(r as Tensor) });

// new_*: (self, size, [fill,] *, dtype, ...)
def("new_zeros.default", { meta: (a) => out(checkSize(a[1] as Size[]), likeDtype(a, 2)), kernel: (_a, r) => filled(r as Tensor, 0) });
def("new_ones.default", { meta: (a) => out(checkSize(a[1] as Size[]), likeDtype(a, 2)), kernel: (_a, r) => filled(r as Tensor, 1) });
def("new_empty.default", { meta: (a) => out(checkSize(a[1] as Size[]), likeDtype(a, 2)), kernel: (_a, r) => filled(r as Tensor, 0) });
def("new_full.default", { meta: (a) => out(checkSize(a[1] as Size[]), likeDtype(a, 3)), kernel: (a, r) => filled(r as Tensor, num(a[2])) });

function uniform(r: Tensor): Float64Array | Float32Array {
  const isDouble = r.dtype === float64;
  const d = isDouble ? new Float64Array(numelOf(r._sizes())) : new Float32Array(numelOf(r._sizes()));
  fillUniform(d, 0, 1, isDouble);
  return d;
}
function normal(r: Tensor): Float64Array | Float32Array {
  const isDouble = r.dtype === float64;
  const d = isDouble ? new Float64Array(numelOf(r._sizes())) : new Float32Array(numelOf(r._sizes()));
  fillNormal(d, 0, 1, isDouble);
  return d;
}
def("randn.default", { meta: (a) => out(checkSize(a[0] as Size[]), (a[1] as DType) ?? defaultFloatDtype), kernel: (_a, r) => normal(r as Tensor) });
def("rand.default", { meta: (a) => out(checkSize(a[0] as Size[]), (a[1] as DType) ?? defaultFloatDtype), kernel: (_a, r) => uniform(r as Tensor) });
// randint(high, size) / randint.low(low, high, size)
def("randint.default", {
  meta: (a) => out(checkSize(a[1] as Size[]), (a[2] as DType) ?? int64),
  kernel: (a, r) => Float64Array.from({ length: numelOf((r as Tensor)._sizes()) }, () => randomInt(0, a[0] as number)),
});
def("randint.low", {
  meta: (a) => {
    check((a[0] as number) < (a[1] as number), `random_ expects 'from' to be less than 'to', but got from=${a[0]} >= to=${a[1]}`);
    return out(checkSize(a[2] as Size[]), (a[3] as DType) ?? int64);
  },
  kernel: (a, r) => Float64Array.from({ length: numelOf((r as Tensor)._sizes()) }, () => randomInt(a[0] as number, a[1] as number)),
});

// ---- arange
function arangeLength(start: Size, end: Size, step: number, dtype: DType): Size {
  check(step !== 0, "step must be nonzero");
  if (typeof start === "number" && typeof end === "number") {
    check(Number.isFinite(start) && Number.isFinite(end), `unsupported range: ${start} -> ${end}`);
    check((step > 0 && end >= start) || (step < 0 && end <= start), "upper bound and larger bound inconsistent with step sign");
    // Integral dtypes compute the length from the casted bounds, as the CPU kernel does.
    if (dtype.category < 2) return Math.max(Math.ceil((Math.trunc(end) - Math.trunc(start)) / Math.trunc(step)), 0);
    return Math.max(Math.ceil((end - start) / step), 0);
  }
  check(Number.isInteger(step) && step > 0, "symbolic arange needs a positive integer step");
  return sizeFloorDiv(sizeAdd(sizeSub(end, start), step - 1), step);
}
function arangeDtype(vals: unknown[], dtype: unknown): DType {
  if (dtype) return dtype as DType;
  return vals.every((v) => typeof v !== "number" || Number.isInteger(v)) ? int64 : defaultFloatDtype;
}
function arangeImpl(start: Size, end: Size, step: number, dtype: DType) {
  return out([arangeLength(start, end, step, dtype)], dtype);
}
const arangeKernel = (start: number, step: number) => (_a: unknown[], r: unknown) =>
  Float64Array.from({ length: numelOf((r as Tensor)._sizes()) }, (_, i) => start + i * step);
def("arange.default", {
  meta: (a) => arangeImpl(0, a[0] as Size, 1, arangeDtype([a[0]], a[1])),
  kernel: (a, r) => arangeKernel(0, 1)(a, r),
});
def("arange.start", {
  meta: (a) => arangeImpl(a[0] as Size, a[1] as Size, 1, arangeDtype([a[0], a[1]], a[2])),
  kernel: (a, r) => arangeKernel(a[0] as number, 1)(a, r),
});
def("arange.start_step", {
  meta: (a) => arangeImpl(a[0] as Size, a[1] as Size, a[2] as number, arangeDtype([a[0], a[1], a[2]], a[3])),
  kernel: (a, r) => arangeKernel(a[0] as number, a[2] as number)(a, r),
});
