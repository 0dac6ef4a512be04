// Pooling: max_pool2d (with indices), avg_pool1d/2d, adaptive_avg_pool1d/2d.
import { Tensor } from "../../tensor/tensor.js";
import { int64 } from "../../tensor/dtype.js";
import { check, TorchRuntimeError } from "../errors.js";
import { sizeAdd, sizeFloorDiv, sizeSub, sizeMul, sizeGe, sizeMod, sizeNe, sizeLt, type Size } from "../size.js";
import { def, fmtShape, out, T } from "./util.js";

const pair = (v: unknown, name: string, what: string, allowEmpty = false): number[] => {
  const l = Array.isArray(v) ? (v as number[]) : [v as number];
  if (allowEmpty && l.length === 0) return [];
  check(l.length === 1 || l.length === 2, () => `${name}: ${what} must either be a single int, or a tuple of two ints`);
  return l.length === 1 ? [l[0]!, l[0]!] : l;
};

/**
 * div_rtn (round toward negative infinity) as PyTorch's meta writes it: the `r != 0` test is a
 * guard on symbolic sizes — the source of "(h - 2) % 2 == 0"-style constraints on pooled dims.
 */
function divRtn(x: Size, y: number): Size {
  let q = sizeFloorDiv(x, y);
  const r = sizeMod(x, y);
  if (sizeNe(r, 0) && sizeLt(r, 0) !== y < 0) q = sizeSub(q, 1);
  return q;
}

/** pooling_output_shape of ATen. */
function poolOut(L: Size, k: number, p: number, s: number, d: number, ceil: boolean): Size {
  const num = sizeAdd(sizeSub(sizeAdd(L, 2 * p), d * (k - 1) + 1), ceil ? s - 1 : 0);
  let o = sizeAdd(divRtn(num, s), 1);
  if (ceil && sizeGe(sizeMul(sizeSub(o, 1), s), sizeAdd(L, p))) o = sizeSub(o, 1);
  return o;
}

interface Pool2d { k: number[]; s: number[]; p: number[]; d: number[]; ceil: boolean }
function pool2dShape(x: Tensor, g: Pool2d, name: string): Size[] {
  check(x.ndim === 3 || x.ndim === 4, () => `${name}: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got: ${fmtShape(x.shape)}`);
  for (let i = 0; i < 2; i++) {
    check(g.k[i]! > 0, () => `kernel_size must be greater than zero, but got kH: ${g.k[0]} kW: ${g.k[1]}`);
    check(g.s[i]! > 0, () => `stride should be greater than zero, but got dH: ${g.s[0]} dW: ${g.s[1]}`);
    check(g.p[i]! <= Math.floor((g.d[i]! * (g.k[i]! - 1) + 1) / 2), () =>
      `pad should be at most half of effective kernel size, but got pad=${g.p[i]}, kernel_size=${g.k[i]} and dilation=${g.d[i]}`);
  }
  const lead = x.shape.slice(0, -2);
  const H = x.shape[x.ndim - 2]!;
  const W = x.shape[x.ndim - 1]!;
  const oh = poolOut(H, g.k[0]!, g.p[0]!, g.s[0]!, g.d[0]!, g.ceil);
  const ow = poolOut(W, g.k[1]!, g.p[1]!, g.s[1]!, g.d[1]!, g.ceil);
  if (typeof oh === "number" && typeof ow === "number" && (oh < 1 || ow < 1)) {
    throw new TorchRuntimeError(`Given input size: (${lead.slice(-1).map(String).join("")}x${String(H)}x${String(W)}). Calculated output size: (${lead.slice(-1).map(String).join("")}x${oh}x${ow}). Output size is too small`);
  }
  return [...lead, oh, ow];
}

function maxPoolArgs(a: unknown[]): Pool2d {
  const k = pair(a[1], "max_pool2d", "kernel_size");
  const s = pair(a[2], "max_pool2d", "stride", true);
  return { k, s: s.length ? s : k, p: pair(a[3], "max_pool2d", "padding"), d: pair(a[4], "max_pool2d", "dilation"), ceil: a[5] as boolean };
}

/** What both 2-d pool kernels walk: the input values as `planes` (N*C) planes of H x W, each
 * pooled to OH x OW (the last two entries of the output `shape`). */
function planeGeometry(x: Tensor, shape: number[]) {
  const v = x._values();
  const H = x.shape[x.ndim - 2] as number;
  const W = x.shape[x.ndim - 1] as number;
  const OH = shape[shape.length - 2]!;
  const OW = shape[shape.length - 1]!;
  return { v, H, W, OH, OW, planes: v.length / (H * W || 1) };
}

function maxPoolKernel(x: Tensor, g: Pool2d, shape: number[]): [Float64Array, Float64Array] {
  const { v, H, W, OH, OW, planes } = planeGeometry(x, shape);
  const vals = new Float64Array(planes * OH * OW);
  const idx = new Float64Array(planes * OH * OW);
  for (let pl = 0; pl < planes; pl++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let best = -Infinity;
        let bi = -1;
        for (let ky = 0; ky < g.k[0]!; ky++) {
          const iy = oy * g.s[0]! - g.p[0]! + ky * g.d[0]!;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < g.k[1]!; kx++) {
            const ix = ox * g.s[1]! - g.p[1]! + kx * g.d[1]!;
            if (ix < 0 || ix >= W) continue;
            const val = v[pl * H * W + iy * W + ix]!;
            if (val > best || Number.isNaN(val) || bi < 0) {
              best = val;
              bi = iy * W + ix;
              if (Number.isNaN(val)) break;
            }
          }
        }
        const o = (pl * OH + oy) * OW + ox;
        vals[o] = best;
        idx[o] = bi;
      }
    }
  }
  return [vals, idx];
}
def("max_pool2d.default", {
  meta: (a) => out(pool2dShape(T(a[0]), maxPoolArgs(a), "max_pool2d"), T(a[0]).dtype),
  kernel: (a, r) => maxPoolKernel(T(a[0]), maxPoolArgs(a), (r as Tensor)._sizes())[0],
});
def("max_pool2d_with_indices.default", {
  meta: (a) => {
    const shape = pool2dShape(T(a[0]), maxPoolArgs(a), "max_pool2d");
    return [out(shape, T(a[0]).dtype), out(shape, int64)];
  },
  kernel: (a, r) => maxPoolKernel(T(a[0]), maxPoolArgs(a), (r as Tensor[])[0]!._sizes()),
});

// ---- avg pool: (self, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)
function avgPool(x: Tensor, g: Pool2d, shape: number[], countPad: boolean, divisor: number | null): Float64Array {
  const { v, H, W, OH, OW, planes } = planeGeometry(x, shape);
  const res = new Float64Array(planes * OH * OW);
  for (let pl = 0; pl < planes; pl++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let h0 = oy * g.s[0]! - g.p[0]!;
        let w0 = ox * g.s[1]! - g.p[1]!;
        let h1 = Math.min(h0 + g.k[0]!, H + g.p[0]!);
        let w1 = Math.min(w0 + g.k[1]!, W + g.p[1]!);
        const poolSize = (h1 - h0) * (w1 - w0);
        h0 = Math.max(h0, 0);
        w0 = Math.max(w0, 0);
        h1 = Math.min(h1, H);
        w1 = Math.min(w1, W);
        let sum = 0;
        for (let y = h0; y < h1; y++) for (let xx = w0; xx < w1; xx++) sum += v[pl * H * W + y * W + xx]!;
        const div = divisor ?? (countPad ? poolSize : (h1 - h0) * (w1 - w0));
        res[(pl * OH + oy) * OW + ox] = sum / div;
      }
    }
  }
  return res;
}
function avgArgs(a: unknown[], name: string): Pool2d {
  const k = pair(a[1], name, "kernel_size");
  const s = pair(a[2], name, "stride", true);
  return { k, s: s.length ? s : k, p: pair(a[3], name, "padding"), d: [1, 1], ceil: a[4] as boolean };
}
def("avg_pool2d.default", {
  meta: (a) => out(pool2dShape(T(a[0]), avgArgs(a, "avg_pool2d"), "avg_pool2d"), T(a[0]).dtype),
  kernel: (a, r) => avgPool(T(a[0]), avgArgs(a, "avg_pool2d"), (r as Tensor)._sizes(), a[5] as boolean, a[6] as number | null),
});
// avg_pool1d: a 2-D pool over a height-1 image.
const to2d = (a: unknown[]): Pool2d => {
  const k = (a[1] as number[])[0]!;
  const s = (a[2] as number[]).length ? (a[2] as number[])[0]! : k;
  return { k: [1, k], s: [1, s], p: [0, (a[3] as number[])[0]!], d: [1, 1], ceil: a[4] as boolean };
};
def("avg_pool1d.default", {
  meta: (a) => {
    const x = T(a[0]);
    check(x.ndim === 2 || x.ndim === 3, () => `avg_pool1d() Expected 2D or 3D input tensor, but got ${fmtShape(x.shape)}`);
    const fake = new Tensor(x.dtype, [...x.shape.slice(0, -1), 1, x.shape[x.ndim - 1]!]);
    const s = pool2dShape(fake, to2d(a), "avg_pool1d");
    return out([...s.slice(0, -2), s[s.length - 1]!], x.dtype);
  },
  kernel: (a, r) => {
    const x = T(a[0]);
    const shape = (r as Tensor)._sizes();
    const x2 = Tensor.fromStorage(x._values().slice(), [...(x.shape as number[]).slice(0, -1), 1, x.shape[x.ndim - 1] as number], x.dtype);
    return avgPool(x2, to2d(a), [...shape.slice(0, -1), 1, shape[shape.length - 1]!], a[5] as boolean, null);
  },
});

// ---- adaptive average pooling
function adaptive(x: Tensor, outSize: number[]): Float64Array {
  const v = x._values();
  const k = outSize.length;
  const sp = (x.shape as number[]).slice(-k);
  const H = k === 2 ? sp[0]! : 1;
  const W = sp[k - 1]!;
  const OH = k === 2 ? outSize[0]! : 1;
  const OW = outSize[k - 1]!;
  const planes = v.length / (H * W || 1);
  const res = new Float64Array(planes * OH * OW);
  for (let pl = 0; pl < planes; pl++) {
    for (let oy = 0; oy < OH; oy++) {
      const h0 = Math.floor((oy * H) / OH);
      const h1 = Math.ceil(((oy + 1) * H) / OH);
      for (let ox = 0; ox < OW; ox++) {
        const w0 = Math.floor((ox * W) / OW);
        const w1 = Math.ceil(((ox + 1) * W) / OW);
        let sum = 0;
        for (let y = h0; y < h1; y++) for (let xx = w0; xx < w1; xx++) sum += v[pl * H * W + y * W + xx]!;
        res[(pl * OH + oy) * OW + ox] = sum / ((h1 - h0) * (w1 - w0));
      }
    }
  }
  return res;
}
for (const [key, k] of [["adaptive_avg_pool2d.default", 2], ["_adaptive_avg_pool2d.default", 2], ["adaptive_avg_pool1d.default", 1]] as const) {
  def(key, {
    meta: (a) => {
      const x = T(a[0]);
      const os = a[1] as Size[];
      check(os.length === k, () => `adaptive_avg_pool${k}d: output_size must be ${k}`);
      check(x.ndim === k + 1 || x.ndim === k + 2, () =>
        `adaptive_avg_pool${k}d(): Expected ${k + 1}D or ${k + 2}D tensor, but got ${fmtShape(x.shape)}`);
      for (let i = 1; i < x.ndim; i++) {
        check(x.shape[i] !== 0, () =>
          `adaptive_avg_pool${k}d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${fmtShape(x.shape)} with dimension ${i} being empty`);
      }
      return out([...x.shape.slice(0, x.ndim - k), ...os], x.dtype);
    },
    kernel: (a, r) => adaptive(T(a[0]), (r as Tensor)._sizes().slice(-k)),
  });
}
