// Convolutions: convolution, conv1d, conv2d (int or "same"/"valid" padding), conv_transpose1d/2d.
import { Tensor } from "../../tensor/tensor.js";
import { conv2d, convTranspose2d, type ConvGeom } from "../kernels/conv.js";
import { check, TorchRuntimeError } from "../errors.js";
import { sizeAdd, sizeFloorDiv, sizeMul, sizeSub, sizeEq, sizeLt, type Size } from "../size.js";
import { def, fmtShape, out, T } from "./util.js";

const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const expand = (v: unknown, n: number): number[] => {
  const l = Array.isArray(v) ? (v as number[]) : [v as number];
  return l.length === 1 && n > 1 ? new Array(n).fill(l[0]) : l;
};

interface ConvArgs {
  x: Tensor; w: Tensor; b: Tensor | null; stride: number[]; padding: number[] | "same" | "valid";
  dilation: number[]; transposed: boolean; outputPadding: number[]; groups: number;
}

function convOutShape(c: ConvArgs, name: string): { shape: Size[]; batched: boolean; pads: [number, number][] } {
  const { x, w, groups, transposed } = c;
  const k = w.ndim - 2;
  check(w.ndim >= 3, () => `weight should have at least three dimensions`);
  const batched = x.ndim === k + 2;
  check(batched || x.ndim === k + 1, () =>
    `Expected ${k + 1}D (unbatched) or ${k + 2}D (batched) input to ${name}, but got input of size: ${fmtShape(x.shape)}`);
  const xs = batched ? x.shape : [1, ...x.shape];
  const C = xs[1]!;
  const stride = expand(c.stride, k);
  const dil = expand(c.dilation, k);
  for (const s of stride) check(s > 0, "non-positive stride is not supported");
  let pads: [number, number][];
  if (c.padding === "valid") pads = new Array(k).fill([0, 0]);
  else if (c.padding === "same") {
    check(stride.every((s) => s === 1), "padding='same' is not supported for strided convolutions");
    pads = Array.from({ length: k }, (_, i) => {
      const total = dil[i]! * ((w.shape[2 + i] as number) - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  } else pads = expand(c.padding, k).map((p) => [p, p]);
  if (!transposed) {
    check(eqS(C, sizeMul(w.shape[1]!, groups)), () =>
      `Given groups=${groups}, weight of size ${fmtShape(w.shape)}, expected input${fmtShape(xs)} to have ${String(sizeMul(w.shape[1]!, groups))} channels, but got ${String(C)} channels instead`);
    check(typeof w.shape[0] !== "number" || (w.shape[0] as number) % groups === 0, () =>
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${fmtShape(w.shape)} instead`);
  } else {
    check(eqS(C, w.shape[0]!), () =>
      `Given transposed=1, weight of size ${fmtShape(w.shape)}, expected input${fmtShape(xs)} to have ${String(w.shape[0])} channels, but got ${String(C)} channels instead`);
  }
  if (c.b) {
    const O = transposed ? sizeMul(w.shape[1]!, groups) : w.shape[0]!;
    check(c.b.ndim === 1 && eqS(c.b.shape[0]!, O), () =>
      `Given weight of size ${fmtShape(w.shape)}, expected bias to be 1-dimensional with ${String(O)} elements, but got bias of size ${fmtShape(c.b!.shape)} instead`);
  }
  const spatial: Size[] = [];
  for (let i = 0; i < k; i++) {
    const L = xs[2 + i]!;
    const K = w.shape[2 + i]!;
    if (!transposed) {
      const padded = sizeAdd(L, pads[i]![0] + pads[i]![1]);
      const span = sizeAdd(sizeMul(dil[i]!, sizeSub(K, 1)), 1);
      if (sizeLt(padded, span)) {
        const pin = xs.slice(2).map((d, j) => String(sizeAdd(d, pads[j]![0] + pads[j]![1]))).join(" x ");
        const kin = w.shape.slice(2).map(String).join(" x ");
        throw new TorchRuntimeError(`Calculated padded input size per channel: (${pin}). Kernel size: (${kin}). Kernel size can't be greater than actual input size`);
      }
      spatial.push(sizeAdd(sizeFloorDiv(sizeSub(padded, span), stride[i]!), 1));
    } else {
      const op = expand(c.outputPadding, k)[i] ?? 0;
      spatial.push(sizeAdd(sizeSub(sizeMul(sizeSub(L, 1), stride[i]!), 2 * pads[i]![0]), sizeAdd(sizeMul(dil[i]!, sizeSub(K, 1)), op + 1)));
    }
  }
  const O = transposed ? sizeMul(w.shape[1]!, groups) : w.shape[0]!;
  const shape = [xs[0]!, O, ...spatial];
  return { shape: batched ? shape : shape.slice(1), batched, pads };
}

function convMeta(c: ConvArgs, name: string): Tensor {
  check(c.x.dtype === c.w.dtype, () =>
    `Input type (${c.x.dtype.name}) and weight type (${c.w.dtype.name}) should be the same`);
  return out(convOutShape(c, name).shape, c.x.dtype);
}

function convKernel(c: ConvArgs, name: string): Float64Array {
  const { shape, batched, pads } = convOutShape(c, name);
  const k = c.w.ndim - 2;
  check(k <= 2, `pt2js implements 1-D and 2-D convolutions only`);
  const xs = (batched ? c.x.shape : [1, ...c.x.shape]) as number[];
  const os = (batched ? shape : [1, ...shape]) as number[];
  const ws = c.w.shape as number[];
  const stride = expand(c.stride, k);
  const dil = expand(c.dilation, k);
  const two = (v: number[], d: number) => (k === 1 ? [d, v[0]!] : v);
  const [sh, sw] = two(stride, 1);
  const [dh, dw] = two(dil, 1);
  const [ph, pw] = two(pads.map((p) => p[0]), 0);
  const g: ConvGeom = {
    N: xs[0]!, C: xs[1]!, H: k === 1 ? 1 : xs[2]!, W: xs[k === 1 ? 2 : 3]!,
    O: os[1]!, KH: k === 1 ? 1 : ws[2]!, KW: ws[k === 1 ? 2 : 3]!,
    OH: k === 1 ? 1 : os[2]!, OW: os[k === 1 ? 2 : 3]!,
    sh: sh!, sw: sw!, ph: ph!, pw: pw!, dh: dh!, dw: dw!, groups: c.groups,
  };
  const bias = c.b ? c.b._values() : null;
  const f64 = (v: ArrayLike<number>) => (v instanceof Float64Array ? v : Float64Array.from(v));
  const xv = f64(c.x._values());
  const wv = f64(c.w._values());
  return c.transposed ? convTranspose2d(xv, wv, bias, g) : conv2d(xv, wv, bias, g);
}

function def2(key: string, name: string, parse: (a: unknown[]) => ConvArgs) {
  def(key, { meta: (a) => convMeta(parse(a), name), kernel: (a) => convKernel(parse(a), name) });
}
// convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups)
def2("convolution.default", "convolution", (a) => ({
  x: T(a[0]), w: T(a[1]), b: a[2] as Tensor | null, stride: a[3] as number[], padding: a[4] as number[],
  dilation: a[5] as number[], transposed: a[6] as boolean, outputPadding: a[7] as number[], groups: a[8] as number,
}));
for (const [key, name] of [["conv1d.default", "conv1d"], ["conv2d.default", "conv2d"], ["conv1d.padding", "conv1d"], ["conv2d.padding", "conv2d"]]) {
  def2(key!, name!, (a) => ({
    x: T(a[0]), w: T(a[1]), b: a[2] as Tensor | null, stride: a[3] as number[], padding: a[4] as number[] | "same" | "valid",
    dilation: a[5] as number[], transposed: false, outputPadding: [0], groups: a[6] as number,
  }));
}
// conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation)
for (const [key, name] of [["conv_transpose1d.default", "conv_transpose1d"], ["conv_transpose2d.input", "conv_transpose2d"]]) {
  def2(key!, name!, (a) => ({
    x: T(a[0]), w: T(a[1]), b: a[2] as Tensor | null, stride: a[3] as number[], padding: a[4] as number[],
    outputPadding: a[5] as number[], groups: a[6] as number, dilation: a[7] as number[], transposed: true,
  }));
}
