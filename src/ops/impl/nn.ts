// Neural-network ops: dropout, scaled_dot_product_attention, reflect/replicate/circular pads,
// nearest/bilinear upsampling, gru_cell, lstm.
import { Tensor, contiguousStridesOf } from "../../tensor/tensor.js";
import { bool } from "../../tensor/dtype.js";
import { numelOf } from "../../tensor/strided.js";
import { uniformFloat } from "../../tensor/random.js";
import { broadcastValues } from "../kernels/elementwise.js";
import { bmmValues } from "../kernels/matmul.js";
import { check, NotImplementedOpError } from "../errors.js";
import { op } from "../registry.js";
import { runEager } from "../dispatch.js";
import { guardSize, sizeAdd, sizeEq, sizeMul, type Size } from "../size.js";
import { broadcastShapes, def, fmtShape, out, T } from "./util.js";

const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const fresh = (shape: number[], t: Tensor, values: ArrayLike<number>) => {
  const r = out(shape, t.dtype);
  r._allocate();
  r._writeLogical(values);
  return r;
};

// ---- dropout(input, p, train): identity (the input itself) unless training
def("dropout.default", {
  meta: (a) => {
    const p = a[1] as number;
    check(p >= 0 && p <= 1, `dropout probability has to be between 0 and 1, but got ${p}`);
    return out(T(a[0]).shape, T(a[0]).dtype);
  },
  eager: (a) => {
    const x = T(a[0]);
    const p = a[1] as number;
    check(p >= 0 && p <= 1, `dropout probability has to be between 0 and 1, but got ${p}`);
    if (!a[2] || p === 0 || x.numel() === 0) return x;
    // Training-mode masks come from pt2js's generator; PyTorch's bernoulli stream is not reproduced.
    const v = x._values();
    const res = Float64Array.from(v, (e) => (p === 1 ? 0 : uniformFloat() < 1 - p ? e / (1 - p) : 0));
    return fresh(x._sizes(), x, res);
  },
});

// ---- scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal, *, scale, enable_gqa)
function sdpaShape(q: Tensor, k: Tensor, v: Tensor): Size[] {
  check(q.dtype === k.dtype && q.dtype === v.dtype, () =>
    `Expected query, key, and value to have the same dtype, but got query.dtype: ${q.dtype.name === "float32" ? "float" : q.dtype.name} key.dtype: ${k.dtype.name === "float32" ? "float" : k.dtype.name} and value.dtype: ${v.dtype.name === "float32" ? "float" : v.dtype.name} instead.`);
  check(q.ndim >= 2 && k.ndim >= 2 && v.ndim >= 2, "scaled_dot_product_attention: query, key and value must be at least 2-D");
  check(eqS(q.shape[q.ndim - 1]!, k.shape[k.ndim - 1]!), () =>
    `Expected query and key to have the same embedding size, got ${String(q.shape[q.ndim - 1])} and ${String(k.shape[k.ndim - 1])}`);
  const batch = broadcastShapes(q.shape.slice(0, -2), k.shape.slice(0, -2), v.shape.slice(0, -2));
  return [...batch, q.shape[q.ndim - 2]!, v.shape[v.ndim - 1]!];
}
/**
 * On CPU, PyTorch runs 4-D attention without dropout through its flash kernel, whose output is
 * laid out as [B, L, H, E] and viewed as [B, H, L, E] — so `y.transpose(1, 2).contiguous()` is
 * already contiguous and records no copy. The math fallback returns a contiguous tensor.
 */
function usesFlashLayout(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, dropout: number): boolean {
  if (dropout > 0 || q.ndim !== 4 || k.ndim !== 4 || v.ndim !== 4) return false;
  if (mask && mask.ndim !== 2 && mask.ndim !== 4) return false;
  if (!q.is_floating_point() || q.dtype !== k.dtype || q.dtype !== v.dtype) return false;
  // check_batch_size_and_num_heads_dense, check_head_dim_size_cpp: C++ SymInt `==` guards, so a
  // dynamic size compared with a static one specializes, as in PyTorch.
  const same = (x: Size, y: Size) => sizeEq(x, y);
  if (!(same(q.shape[0]!, k.shape[0]!) && same(q.shape[0]!, v.shape[0]!))) return false;
  if (!(same(q.shape[1]!, k.shape[1]!) && same(q.shape[1]!, v.shape[1]!))) return false;
  if (!(same(q.shape[3]!, k.shape[3]!) && same(q.shape[3]!, v.shape[3]!))) return false;
  for (const t of [q, k, v]) if (t._stride[3] !== 1) return false;
  return [q.shape[2], k.shape[2]].every((d) => d !== 0);
}
def("scaled_dot_product_attention.default", {
  meta: (a) => {
    const [q, k, v] = [T(a[0]), T(a[1]), T(a[2])];
    const shape = sdpaShape(q, k, v);
    if (!usesFlashLayout(q, k, v, a[3] as Tensor | null, a[4] as number)) return out(shape, q.dtype);
    const [B, H, L, E] = shape as [Size, Size, Size, Size];
    const st = contiguousStridesOf([B, L, H, E]);
    return out(shape, q.dtype, [st[0]!, st[2]!, st[1]!, st[3]!]);
  },
  kernel: (a, r) => {
    let q = T(a[0]);
    let k = T(a[1]);
    let v = T(a[2]);
    const mask = a[3] as Tensor | null;
    const isCausal = a[5] as boolean;
    if (a[7] && q.ndim >= 3 && !eqS(q.shape[q.ndim - 3]!, k.shape[k.ndim - 3]!)) {
      // grouped-query attention: repeat each key/value head.
      const rep = (q.shape[q.ndim - 3] as number) / (k.shape[k.ndim - 3] as number);
      const repeatHeads = (t: Tensor) => {
        const shape = t._sizes();
        const H = shape[shape.length - 3]!;
        const inner = shape[shape.length - 2]! * shape[shape.length - 1]!;
        const outer = numelOf(shape.slice(0, -3));
        const src = t._values();
        const res = new Float64Array(src.length * rep);
        for (let o = 0; o < outer; o++) for (let h = 0; h < H * rep; h++) {
          for (let i = 0; i < inner; i++) res[((o * H * rep) + h) * inner + i] = src[(o * H + Math.floor(h / rep)) * inner + i]!;
        }
        const ns = [...shape];
        ns[ns.length - 3] = H * rep;
        return Tensor.fromStorage(res, ns, t.dtype);
      };
      k = repeatHeads(k);
      v = repeatHeads(v);
    }
    const outShape = (r as Tensor)._sizes();
    const batch = outShape.slice(0, -2);
    const L = q.shape[q.ndim - 2] as number;
    const S = k.shape[k.ndim - 2] as number;
    const E = q.shape[q.ndim - 1] as number;
    const Ev = v.shape[v.ndim - 1] as number;
    const B = numelOf(batch);
    const qv = broadcastValues(q, [...batch, L, E]);
    const kv = broadcastValues(k, [...batch, S, E]);
    const vv = broadcastValues(v, [...batch, S, Ev]);
    const scale = (a[6] as number | null) ?? 1 / Math.sqrt(E);
    // scores = q · kᵀ
    const kt = new Float64Array(B * E * S);
    for (let b = 0; b < B; b++) for (let s = 0; s < S; s++) for (let e = 0; e < E; e++) kt[(b * E + e) * S + s] = kv[(b * S + s) * E + e]!;
    const scores = bmmValues(qv, kt, B, L, E, S);
    const mv = mask ? broadcastValues(mask, [...batch, L, S]) : null;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < L; i++) {
        const row = (b * L + i) * S;
        let mx = -Infinity;
        for (let j = 0; j < S; j++) {
          let x = scores[row + j]! * scale;
          if (isCausal && j > i) x = -Infinity;
          if (mv) x = mask!.dtype === bool ? (mv[row + j] ? x : -Infinity) : x + mv[row + j]!;
          scores[row + j] = x;
          mx = Math.max(mx, x);
        }
        let sum = 0;
        for (let j = 0; j < S; j++) sum += scores[row + j] = Math.exp(scores[row + j]! - mx);
        for (let j = 0; j < S; j++) scores[row + j] = scores[row + j]! / sum;
      }
    }
    const p = a[4] as number;
    if (p > 0) for (let i = 0; i < scores.length; i++) scores[i] = uniformFloat() < p ? 0 : scores[i]! / (1 - p);
    return bmmValues(scores, vv, B, L, S, Ev);
  },
});

// ---- reflect / replicate / circular padding of the last k dims
type PadMode = "reflect" | "replicate" | "circular";
function padShape(x: Tensor, pad: readonly Size[], mode: PadMode, name: string): Size[] {
  const k = pad.length / 2;
  check(x.ndim >= k + 1, () => `${name}: Expected ${k + 1}D or ${k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${fmtShape(x.shape)}`);
  const shape = [...x.shape];
  for (let i = 0; i < k; i++) {
    const d = x.ndim - 1 - i;
    const [l, r] = [pad[2 * i]!, pad[2 * i + 1]!];
    const L = x.shape[d]!;
    if (mode === "reflect" && typeof L === "number" && typeof l === "number" && typeof r === "number") {
      check(l < L && r < L, () =>
        `Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${d} of input ${fmtShape(x.shape)}`);
    }
    shape[d] = sizeAdd(sizeAdd(L, l), r);
    if (typeof shape[d] === "number") {
      check((shape[d] as number) >= 1, () =>
        `input (${x.shape.slice(-k).map(String).join("x")}) is too small. Calculated output ${shape.slice(-k).map(String).join("x")}`);
    }
  }
  return shape;
}
function padKernel(x: Tensor, pad: readonly number[], mode: PadMode, outShape: number[]): Float64Array {
  const k = pad.length / 2;
  const inShape = x._sizes();
  const v = x._values();
  const n = numelOf(outShape);
  const res = new Float64Array(n);
  const nd = outShape.length;
  const inSt = new Array<number>(nd);
  let acc = 1;
  for (let d = nd - 1; d >= 0; d--) {
    inSt[d] = acc;
    acc *= inShape[d]!;
  }
  const before = outShape.map((_, d) => (nd - 1 - d < k ? pad[2 * (nd - 1 - d)]! : 0));
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let d = 0; d < nd; d++) {
      const L = inShape[d]!;
      let j = idx[d]! - before[d]!;
      if (mode === "reflect") {
        if (j < 0) j = -j;
        if (j >= L) j = 2 * (L - 1) - j;
      } else if (mode === "replicate") j = Math.min(Math.max(j, 0), L - 1);
      else j = ((j % L) + L) % L;
      p += j * inSt[d]!;
    }
    res[i] = v[p]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return res;
}
for (const [key, mode] of [["reflection_pad1d.default", "reflect"], ["reflection_pad2d.default", "reflect"],
  ["replication_pad1d.default", "replicate"], ["replication_pad2d.default", "replicate"]] as const) {
  def(key, {
    meta: (a) => out(padShape(T(a[0]), a[1] as Size[], mode, key.split(".")[0]!), T(a[0]).dtype),
    kernel: (a, r) => padKernel(T(a[0]), a[1] as number[], mode, (r as Tensor)._sizes()),
  });
}
// pad(self, pad, mode="constant", value=None): the composite that picks a pad op.
def("pad.default", {
  meta: (a) => {
    const mode = a[2] as string;
    if (mode === "constant") return op("constant_pad_nd.default").impl!.meta([a[0], a[1], a[3] ?? 0]);
    check(a[3] === null || a[3] === undefined, `Padding mode "${mode}" doesn't take in value argument.`);
    if (!["reflect", "replicate", "circular"].includes(mode)) throw new NotImplementedOpError(`Unrecognised padding mode ${mode}`);
    return out(padShape(T(a[0]), a[1] as Size[], mode as PadMode, "pad"), T(a[0]).dtype);
  },
  eager: (a) => {
    const mode = a[2] as string;
    if (mode === "constant") return runEager(op("constant_pad_nd.default"), [a[0], a[1], a[3] ?? 0]);
    const x = T(a[0]);
    const shape = (op("pad.default").impl!.meta(a) as Tensor)._sizes();
    return fresh(shape, x, padKernel(x, a[1] as number[], mode as PadMode, shape));
  },
});

// ---- upsampling (N, C, H, W)
function upsampleSize(x: Tensor, size: readonly Size[] | null, scales: readonly number[] | null, name: string): Size[] {
  check(x.ndim === 4, () => `Expected 4D input (got ${x.ndim}D input)`);
  check((size === null) !== (scales === null), "Must specify exactly one of output_size and scale_factors");
  // upsample_compute_output_size: an integral scale keeps the size symbolic (H * 2); another scale
  // is sym_int(H * s), which pt2js's expressions cannot hold (no FloorToInt), so it specializes H.
  const hw = size ?? x.shape.slice(2).map((d, i) => {
    const s = Number(scales![i]!);
    return Number.isInteger(s) ? sizeMul(d, s) : Math.floor(guardSize(d) * s);
  });
  for (const d of hw) check(typeof d !== "number" || d > 0, () => `${name}: Input and output sizes should be greater than 0, but got input (H: ${String(x.shape[2])}, W: ${String(x.shape[3])}) output (H: ${String(hw[0])}, W: ${String(hw[1])})`);
  return [x.shape[0]!, x.shape[1]!, ...hw];
}
/** Source coordinate scale: 1/scale_factor when given, else in/out. */
const areaScale = (inS: number, outS: number, sf: number | null | undefined, alignCorners: boolean) =>
  alignCorners ? (outS > 1 ? (inS - 1) / (outS - 1) : 0) : sf ? 1 / sf : inS / outS;

function nearest(x: Tensor, outShape: number[], sf: (number | null)[]): Float64Array {
  const [N, C, H, W] = x._sizes() as [number, number, number, number];
  const [OH, OW] = [outShape[2]!, outShape[3]!];
  const sh = areaScale(H, OH, sf[0], false);
  const sw = areaScale(W, OW, sf[1], false);
  const v = x._values();
  const res = new Float64Array(N * C * OH * OW);
  for (let p = 0; p < N * C; p++) for (let oy = 0; oy < OH; oy++) {
    const iy = Math.min(Math.floor(oy * sh), H - 1);
    for (let ox = 0; ox < OW; ox++) res[(p * OH + oy) * OW + ox] = v[(p * H + iy) * W + Math.min(Math.floor(ox * sw), W - 1)]!;
  }
  return res;
}
function bilinear(x: Tensor, outShape: number[], align: boolean, sf: (number | null)[]): Float64Array {
  const [N, C, H, W] = x._sizes() as [number, number, number, number];
  const [OH, OW] = [outShape[2]!, outShape[3]!];
  const sh = areaScale(H, OH, sf[0], align);
  const sw = areaScale(W, OW, sf[1], align);
  const src = (o: number, s: number) => (align ? o * s : Math.max((o + 0.5) * s - 0.5, 0));
  const v = x._values();
  const res = new Float64Array(N * C * OH * OW);
  for (let oy = 0; oy < OH; oy++) {
    const fy = src(oy, sh);
    const y0 = Math.min(Math.floor(fy), H - 1);
    const y1 = Math.min(y0 + 1, H - 1);
    const ly = fy - y0;
    for (let ox = 0; ox < OW; ox++) {
      const fx = src(ox, sw);
      const x0 = Math.min(Math.floor(fx), W - 1);
      const x1 = Math.min(x0 + 1, W - 1);
      const lx = fx - x0;
      for (let p = 0; p < N * C; p++) {
        const b = p * H * W;
        res[(p * OH + oy) * OW + ox] =
          (1 - ly) * ((1 - lx) * v[b + y0 * W + x0]! + lx * v[b + y0 * W + x1]!) +
          ly * ((1 - lx) * v[b + y1 * W + x0]! + lx * v[b + y1 * W + x1]!);
      }
    }
  }
  return res;
}
def("upsample_nearest2d.vec", {
  meta: (a) => out(upsampleSize(T(a[0]), a[1] as Size[] | null, a[2] as number[] | null, "upsample_nearest2d"), T(a[0]).dtype),
  kernel: (a, r) => nearest(T(a[0]), (r as Tensor)._sizes(), (a[2] as number[] | null) ?? [null, null]),
});
def("upsample_nearest2d.default", {
  meta: (a) => out(upsampleSize(T(a[0]), a[1] as Size[], null, "upsample_nearest2d"), T(a[0]).dtype),
  kernel: (a, r) => nearest(T(a[0]), (r as Tensor)._sizes(), [a[2] as number | null, a[3] as number | null]),
});
def("upsample_bilinear2d.vec", {
  meta: (a) => out(upsampleSize(T(a[0]), a[1] as Size[] | null, a[3] as number[] | null, "upsample_bilinear2d"), T(a[0]).dtype),
  kernel: (a, r) => bilinear(T(a[0]), (r as Tensor)._sizes(), a[2] as boolean, (a[3] as number[] | null) ?? [null, null]),
});
def("upsample_bilinear2d.default", {
  meta: (a) => out(upsampleSize(T(a[0]), a[1] as Size[], null, "upsample_bilinear2d"), T(a[0]).dtype),
  kernel: (a, r) => bilinear(T(a[0]), (r as Tensor)._sizes(), a[2] as boolean, [a[3] as number | null, a[4] as number | null]),
});

// ---- recurrent cells
const sig = (x: number) => 1 / (1 + Math.exp(-x));
/** x·Wᵀ + b for row-major x [B, I], W [G, I]. */
function affine(x: ArrayLike<number>, B: number, I: number, w: ArrayLike<number>, G: number, b: ArrayLike<number> | null): Float64Array {
  const r = new Float64Array(B * G);
  for (let i = 0; i < B; i++) for (let g = 0; g < G; g++) {
    let s = b ? b[g]! : 0;
    for (let k = 0; k < I; k++) s += x[i * I + k]! * w[g * I + k]!;
    r[i * G + g] = s;
  }
  return r;
}
function gruStep(x: ArrayLike<number>, h: ArrayLike<number>, B: number, I: number, H: number, w: Tensor[], b: (Tensor | null)[]): Float64Array {
  const gi = affine(x, B, I, w[0]!._values(), 3 * H, b[0]?._values() ?? null);
  const gh = affine(h, B, H, w[1]!._values(), 3 * H, b[1]?._values() ?? null);
  const res = new Float64Array(B * H);
  for (let i = 0; i < B; i++) for (let j = 0; j < H; j++) {
    const o = i * 3 * H;
    const r = sig(gi[o + j]! + gh[o + j]!);
    const z = sig(gi[o + H + j]! + gh[o + H + j]!);
    const n = Math.tanh(gi[o + 2 * H + j]! + r * gh[o + 2 * H + j]!);
    res[i * H + j] = (1 - z) * n + z * h[i * H + j]!;
  }
  return res;
}
// gru_cell(input, hx, w_ih, w_hh, b_ih, b_hh)
def("gru_cell.default", {
  meta: (a) => {
    const x = T(a[0]);
    const h = T(a[1]);
    check(eqS(x.shape[x.ndim - 1]!, T(a[2]).shape[1]!), () =>
      `input has inconsistent input_size: got ${String(x.shape[x.ndim - 1])} expected ${String(T(a[2]).shape[1])}`);
    return out(h.shape, x.dtype);
  },
  kernel: (a) => {
    const x = T(a[0]);
    const h = T(a[1]);
    const B = x.ndim === 1 ? 1 : (x.shape[0] as number);
    return gruStep(x._values(), h._values(), B, x.shape[x.ndim - 1] as number, h.shape[h.ndim - 1] as number,
      [T(a[2]), T(a[3])], [a[4] as Tensor | null, a[5] as Tensor | null]);
  },
});

function lstmStep(x: ArrayLike<number>, h: Float64Array, c: Float64Array, B: number, I: number, H: number, p: Tensor[], hasB: boolean) {
  const gi = affine(x, B, I, p[0]!._values(), 4 * H, hasB ? p[2]!._values() : null);
  const gh = affine(h, B, H, p[1]!._values(), 4 * H, hasB ? p[3]!._values() : null);
  const h2 = new Float64Array(B * H);
  const c2 = new Float64Array(B * H);
  for (let i = 0; i < B; i++) for (let j = 0; j < H; j++) {
    const o = i * 4 * H;
    const ig = sig(gi[o + j]! + gh[o + j]!);
    const fg = sig(gi[o + H + j]! + gh[o + H + j]!);
    const gg = Math.tanh(gi[o + 2 * H + j]! + gh[o + 2 * H + j]!);
    const og = sig(gi[o + 3 * H + j]! + gh[o + 3 * H + j]!);
    c2[i * H + j] = fg * c[i * H + j]! + ig * gg;
    h2[i * H + j] = og * Math.tanh(c2[i * H + j]!);
  }
  return [h2, c2] as const;
}
// lstm.input(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)
function lstmShapes(a: unknown[]) {
  const x = T(a[0]);
  const [h0] = a[1] as Tensor[];
  const D = a[7] ? 2 : 1;
  const batched = x.ndim === 3;
  check(batched || x.ndim === 2, () => `LSTM: Expected input to be 2D or 3D, got ${x.ndim}D instead`);
  const H = h0!.shape[h0!.ndim - 1]!;
  // PyTorch computes lstm's fake output with its decomposition (lstm_impl), which unbinds the input
  // along time: the sequence length specializes (a guard; Dim.DYNAMIC there is a constraint error).
  const Tn = guardSize(batched ? x.shape[a[8] ? 1 : 0]! : x.shape[0]!);
  const B = batched ? x.shape[a[8] ? 0 : 1]! : 1;
  const DH = sizeMul(D, H);
  const outShape: Size[] = batched ? (a[8] ? [B, Tn, DH] : [Tn, B, DH]) : [Tn, DH];
  return { x, D, batched, H, Tn, B, outShape, hShape: h0!.shape };
}
def("lstm.input", {
  meta: (a) => {
    const s = lstmShapes(a);
    const params = a[2] as Tensor[];
    const per = a[3] ? 4 : 2;
    if (params.length !== per * (a[4] as number) * s.D) throw new NotImplementedOpError("lstm with proj_size is not supported by pt2js");
    return [out(s.outShape, s.x.dtype), out(s.hShape, s.x.dtype), out(s.hShape, s.x.dtype)];
  },
  kernel: (a) => {
    const s = lstmShapes(a);
    const [Tn, B, H] = [s.Tn as number, s.B as number, s.H as number];
    const L = a[4] as number;
    const params = a[2] as Tensor[];
    const hasB = a[3] as boolean;
    const per = hasB ? 4 : 2;
    const [h0, c0] = (a[1] as Tensor[]).map((t) => t._values());
    // Sequence as [T][B][I].
    let I = s.x.shape[s.x.ndim - 1] as number;
    const xv = s.x._values();
    let seq: Float64Array[] = Array.from({ length: Tn }, (_, t) => {
      const r = new Float64Array(B * I);
      for (let b = 0; b < B; b++) for (let k = 0; k < I; k++) {
        r[b * I + k] = xv[(s.batched && a[8] ? (b * Tn + t) : (t * B + b)) * I + k]!;
      }
      return r;
    });
    const hn = new Float64Array(L * s.D * B * H);
    const cn = new Float64Array(L * s.D * B * H);
    for (let l = 0; l < L; l++) {
      const outs = Array.from({ length: Tn }, () => new Float64Array(B * H * s.D));
      for (let d = 0; d < s.D; d++) {
        const p = params.slice((l * s.D + d) * per, (l * s.D + d + 1) * per);
        const at = (l * s.D + d) * B * H;
        let h: Float64Array = Float64Array.from(h0!.slice(at, at + B * H));
        let c: Float64Array = Float64Array.from(c0!.slice(at, at + B * H));
        for (let step = 0; step < Tn; step++) {
          const t = d === 0 ? step : Tn - 1 - step;
          [h, c] = lstmStep(seq[t]!, h, c, B, I, H, p, hasB) as [Float64Array, Float64Array];
          for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) outs[t]![b * s.D * H + d * H + j] = h[b * H + j]!;
        }
        hn.set(h, at);
        cn.set(c, at);
      }
      seq = outs;
      I = s.D * H;
    }
    const ov = new Float64Array(Tn * B * s.D * H);
    const F = s.D * H;
    for (let t = 0; t < Tn; t++) for (let b = 0; b < B; b++) for (let k = 0; k < F; k++) {
      ov[(s.batched && a[8] ? b * Tn + t : t * B + b) * F + k] = seq[t]![b * F + k]!;
    }
    return [ov, hn, cn];
  },
});
