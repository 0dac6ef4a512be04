// 1-d and 3-d upsampling: upsample_nearest1d / upsample_nearest3d, upsample_linear1d /
// upsample_trilinear3d (vec and output-size overloads), on (N, C, *spatial). The 2-d ops are in nn.ts.
import { Tensor } from "../../tensor/tensor.js";
import { numelOf } from "../../tensor/strided.js";
import { check } from "../errors.js";
import { guardSize, sizeMul, type Size } from "../size.js";
import { def, out, T } from "./util.js";

const SPATIAL = ["D", "H", "W"];

/** upsample_compute_output_size for `k` spatial dims, with PyTorch's checks. */
function outputSize(x: Tensor, k: number, size: readonly Size[] | null, scales: readonly (number | null)[] | null, name: string): Size[] {
  check(x.ndim === k + 2, () => `Expected ${k + 2}D input (got ${x.ndim}D input)`);
  check((size === null) !== (scales === null), "Must specify exactly one of output_size and scale_factors");
  if (size !== null) check(size.length === k, () => `It is expected output_size equals to ${k}, but got size ${size.length}`);
  if (scales !== null) check(scales.length === k, () => `It is expected scale_factors equals to ${k}, but got size ${scales.length}`);
  // An integral scale keeps the size symbolic; another one specializes it (sym_int(size * scale)).
  const spatial = size ?? x.shape.slice(2).map((d, i) => {
    const s = Number(scales![i]!);
    return Number.isInteger(s) ? sizeMul(d, s) : Math.floor(guardSize(d) * s);
  });
  const names = SPATIAL.slice(3 - k);
  for (const d of spatial) {
    check(typeof d !== "number" || d > 0, () =>
      `${name}: Input and output sizes should be greater than 0, but got input (${names.map((n, i) => `${n}: ${String(x.shape[i + 2])}`).join(", ")}) output (${names.map((n, i) => `${n}: ${String(spatial[i])}`).join(", ")})`);
  }
  return [x.shape[0]!, x.shape[1]!, ...spatial];
}

/** area_pixel_compute_scale: the source step per output index. */
const pixelScale = (inS: number, outS: number, sf: number | null | undefined, align: boolean) =>
  align ? (outS > 1 ? (inS - 1) / (outS - 1) : 0) : sf ? 1 / sf : inS / outS;

/** Per spatial dim, for each output index: the two source indices and the second one's weight. */
function linearTaps(inS: number, outS: number, sf: number | null | undefined, align: boolean): [Int32Array, Int32Array, Float64Array] {
  const scale = pixelScale(inS, outS, sf, align);
  const i0 = new Int32Array(outS), i1 = new Int32Array(outS), w = new Float64Array(outS);
  for (let o = 0; o < outS; o++) {
    const src = align ? o * scale : Math.max((o + 0.5) * scale - 0.5, 0);
    const a = Math.min(Math.floor(src), inS - 1);
    i0[o] = a;
    i1[o] = Math.min(a + 1, inS - 1);
    w[o] = src - a;
  }
  return [i0, i1, w];
}
/** nearest_idx: floor(o * scale), clamped (the source index of each output index). */
function nearestTaps(inS: number, outS: number, sf: number | null | undefined): Int32Array {
  // In float, as the kernel computes it (floorf(dst_index * scale)).
  const scale = Math.fround(sf ? 1 / sf : inS / outS);
  const r = new Int32Array(outS);
  for (let o = 0; o < outS; o++) r[o] = outS === inS ? o : outS === 2 * inS ? o >> 1 : Math.min(Math.floor(Math.fround(o * scale)), inS - 1);
  return r;
}

function upsample(x: Tensor, outShape: readonly number[], sf: readonly (number | null)[], mode: "nearest" | "linear", align: boolean): Float64Array {
  const inShape = x._sizes();
  const k = inShape.length - 2;
  const planes = inShape[0]! * inShape[1]!;
  const ins = inShape.slice(2);
  const outs = outShape.slice(2);
  const inStride = ins.map((_, d) => numelOf(ins.slice(d + 1)));
  const inPlane = numelOf(ins);
  const outPlane = numelOf(outs);
  const v = x._values();
  const res = new Float64Array(planes * outPlane);
  const idx = new Array<number>(k).fill(0);
  if (mode === "nearest") {
    const taps = ins.map((s, d) => nearestTaps(s, outs[d]!, sf[d]));
    for (let o = 0; o < outPlane; o++) {
      let src = 0;
      for (let d = 0; d < k; d++) src += taps[d]![idx[d]!]! * inStride[d]!;
      for (let p = 0; p < planes; p++) res[p * outPlane + o] = v[p * inPlane + src]!;
      for (let d = k - 1; d >= 0; d--) if (++idx[d]! < outs[d]!) break; else idx[d] = 0;
    }
    return res;
  }
  const taps = ins.map((s, d) => linearTaps(s, outs[d]!, sf[d], align));
  const corners = 1 << k;
  for (let o = 0; o < outPlane; o++) {
    for (let c = 0; c < corners; c++) {
      let src = 0;
      let weight = 1;
      for (let d = 0; d < k; d++) {
        const [i0, i1, w] = taps[d]!;
        const hi = (c >> (k - 1 - d)) & 1;
        src += (hi ? i1[idx[d]!]! : i0[idx[d]!]!) * inStride[d]!;
        weight *= hi ? w[idx[d]!]! : 1 - w[idx[d]!]!;
      }
      if (weight === 0) continue;
      for (let p = 0; p < planes; p++) res[p * outPlane + o] += weight * v[p * inPlane + src]!;
    }
    for (let d = k - 1; d >= 0; d--) if (++idx[d]! < outs[d]!) break; else idx[d] = 0;
  }
  return res;
}

for (const [name, k] of [["upsample_nearest1d", 1], ["upsample_nearest3d", 3]] as const) {
  // .vec(input, output_size, scale_factors); .default(self, output_size, *scales)
  def(`${name}.vec`, {
    meta: (a) => out(outputSize(T(a[0]), k, a[1] as Size[] | null, a[2] as number[] | null, name), T(a[0]).dtype),
    kernel: (a, r) => upsample(T(a[0]), (r as Tensor)._sizes(), (a[2] as number[] | null) ?? new Array(k).fill(null), "nearest", false),
  });
  def(`${name}.default`, {
    meta: (a) => out(outputSize(T(a[0]), k, a[1] as Size[], null, name), T(a[0]).dtype),
    kernel: (a, r) => upsample(T(a[0]), (r as Tensor)._sizes(), a.slice(2, 2 + k) as (number | null)[], "nearest", false),
  });
}
for (const [name, k] of [["upsample_linear1d", 1], ["upsample_trilinear3d", 3]] as const) {
  // .vec(input, output_size, align_corners, scale_factors); .default(self, output_size, align_corners, *scales)
  def(`${name}.vec`, {
    meta: (a) => out(outputSize(T(a[0]), k, a[1] as Size[] | null, a[3] as number[] | null, name), T(a[0]).dtype),
    kernel: (a, r) => upsample(T(a[0]), (r as Tensor)._sizes(), (a[3] as number[] | null) ?? new Array(k).fill(null), "linear", a[2] as boolean),
  });
  def(`${name}.default`, {
    meta: (a) => out(outputSize(T(a[0]), k, a[1] as Size[], null, name), T(a[0]).dtype),
    kernel: (a, r) => upsample(T(a[0]), (r as Tensor)._sizes(), a.slice(3, 3 + k) as (number | null)[], "linear", a[2] as boolean),
  });
}
