// Decompositions of where(condition), linspace and the 1-d / 3-d upsampling ops, as PyTorch's table
// has them: where → nonzero_numpy (nonzero + unbind), linspace → torch._refs.linspace (arange and
// a where between the two halves), upsample_*.vec → the output-size overload (their C++
// CompositeImplicit kernels), upsample_nearest*d → _upsample_nearest (index gathers) and
// upsample_linear1d → _upsample_linear (two gathers and a lerp). upsample_trilinear3d.default is
// kept, as PyTorch keeps it (not in its table).
import { Tensor } from "../../tensor/tensor.js";
import { float32, int64, defaultFloatDtype, type DType } from "../../tensor/dtype.js";
import { Layout } from "../../fx/values.js";
import type { Size } from "../../symbolic/symint.js";
import { guardSize, sizeMul } from "../../symbolic/size.js";
import { aten, atenList, type Decomposition } from "./util.js";

const STRIDED = new Layout("strided");
const T = (x: unknown) => x as Tensor;
const factory = (dtype: DType) => ({ dtype, layout: STRIDED, device: "cpu", pin_memory: false });

// where(condition): nonzero_numpy (a 0-dim condition counts as 1-dim).
const whereCondition: Decomposition = ([cond]) => {
  const c = T(cond);
  const nz = aten("nonzero.default", [c.dim() === 0 ? aten("unsqueeze.default", [c, 0]) : c]);
  return atenList("unbind.int", [nz, 1]);
};

// torch._refs.linspace: out[i] = start + step * i in the first half, end - step * (steps - 1 - i)
// in the second, computed in the result's float type (int64 for integral results).
const linspace: Decomposition = ([start, end, steps, dtype]) => {
  const n = steps as number;
  const dt = (dtype as DType | null) ?? defaultFloatDtype;
  const scalar = (x: unknown) => (x instanceof Tensor ? x : x);
  if (n === 0 || n === 1) return aten("full.default", [[n], n === 0 ? 0 : scalar(start)], factory(dt));
  const computeDtype = dt.category === 2 ? dt : int64;
  const rg = aten("arange.start", [0, n], factory(int64));
  const rgc = computeDtype === int64 ? rg : aten("_to_copy.default", [rg], { dtype: computeDtype });
  const sub = (a: unknown, b: unknown) => (a instanceof Tensor ? aten("sub.Tensor", [a, b]) : b instanceof Tensor ? aten("rsub.Scalar", [b, a]) : (a as number) - (b as number));
  const diff = sub(end, start);
  const step = diff instanceof Tensor ? aten("div.Tensor", [diff, n - 1]) : (diff as number) / (n - 1);
  const lo = aten("add.Tensor", [aten("mul.Tensor", [rgc, step]), start]);
  const back = aten("mul.Tensor", [aten("rsub.Scalar", [rgc, n - 1]), step]);
  const hi = end instanceof Tensor ? aten("sub.Tensor", [end, back]) : aten("rsub.Scalar", [back, end]);
  const out = aten("where.self", [aten("lt.Scalar", [rg, n / 2]), lo, hi]);
  return out.dtype === dt ? out : aten("_to_copy.default", [out], { dtype: dt });
};

/** upsample_*.vec: upsample_compute_output_size, then the output-size overload with one scale per dim. */
const vec = (key: string, k: number, withAlign: boolean): Decomposition => (args) => {
  const [input, outputSize] = args;
  const scaleFactors = (withAlign ? args[3] : args[2]) as number[] | null;
  const x = T(input);
  const osize = (outputSize as Size[] | null) ?? x.shape.slice(2).map((d, i) => {
    const s = Number(scaleFactors![i]!);
    return Number.isInteger(s) ? sizeMul(d, s) : Math.floor(guardSize(d) * s);
  });
  const scales = Array.from({ length: k }, (_, i) => scaleFactors?.[i] ?? null);
  return aten(key, withAlign ? [x, osize, args[2], ...scales] : [x, osize, ...scales]);
};

/** _compute_upsample_nearest_indices: floor(i * in / out) (or i / scale) per spatial dim, as int64. */
const upsampleNearest = (k: number): Decomposition => ([self, outputSize, ...scales]) => {
  const x = T(self);
  const sizes = outputSize as Size[];
  const indices = sizes.map((osize, d) => {
    const isize = x.shape[x.dim() - k + d]!;
    const scale = scales[d];
    const positions = aten("arange.default", [osize], factory(float32));
    const scaled = scale !== null && scale !== undefined ? aten("mul.Tensor", [positions, 1 / (scale as number)]) : aten("div.Tensor", [aten("mul.Tensor", [positions, isize]), osize]);
    let idx = aten("_to_copy.default", [aten("floor.default", [scaled])], { dtype: int64 });
    for (let j = 0; j < k - 1 - d; j++) idx = aten("unsqueeze.default", [idx, -1]);
    return idx;
  });
  return aten("index.Tensor", [x, [null, null, ...indices]]);
};

/** _upsample_linear for one spatial dim (upsample_linear1d): the two neighbours, lerped. */
const upsampleLinear1d: Decomposition = ([self, outputSize, alignCorners, scale]) => {
  const x = T(self);
  const osize = (outputSize as Size[])[0]!;
  const isize = x.shape[x.dim() - 1]!;
  const align = alignCorners as boolean;
  const dtype = x.dtype.category === 2 ? x.dtype : float32;
  const i = aten("_to_copy.default", [aten("arange.default", [osize], factory(int64))], { dtype });
  let src: Tensor;
  if (align) {
    // (in - 1) / (out - 1), or 0 for one output
    const o = guardSize(osize);
    src = aten("mul.Tensor", [i, o > 1 ? (guardSize(isize) - 1) / (o - 1) : 0]);
  } else {
    const s = scale !== null && scale !== undefined && (scale as number) > 0 ? 1 / (scale as number) : guardSize(isize) / guardSize(osize);
    src = aten("sub.Tensor", [aten("mul.Tensor", [aten("add.Tensor", [i, 0.5]), s]), 0.5]);
  }
  const xf = aten("clamp.default", [src, 0.0]);
  const x0 = aten("_to_copy.default", [xf], { dtype: int64 });
  const x1 = aten("clamp.default", [aten("add.Tensor", [x0, 1]), null, guardSize(isize) - 1]);
  const v0 = aten("index.Tensor", [x, [null, null, x0]]);
  const v1 = aten("index.Tensor", [x, [null, null, x1]]);
  const w = aten("clamp.default", [aten("sub.Tensor", [xf, x0]), 0.0, 1.0]);
  return aten("add.Tensor", [v0, aten("mul.Tensor", [aten("sub.Tensor", [v1, v0]), w])]);
};

export const DATA_DEPENDENT: Record<string, Decomposition> = {
  "where.default": whereCondition,
  "linspace.default": linspace,
  "linspace.Tensor_Tensor": linspace,
  "linspace.Tensor_Scalar": linspace,
  "linspace.Scalar_Tensor": linspace,
  "upsample_nearest1d.vec": vec("upsample_nearest1d.default", 1, false),
  "upsample_nearest3d.vec": vec("upsample_nearest3d.default", 3, false),
  "upsample_linear1d.vec": vec("upsample_linear1d.default", 1, true),
  "upsample_trilinear3d.vec": vec("upsample_trilinear3d.default", 3, true),
  "upsample_nearest1d.default": upsampleNearest(1),
  "upsample_nearest3d.default": upsampleNearest(3),
  "upsample_linear1d.default": upsampleLinear1d,
};
