// The rest of PyTorch's decomposition table for the ops pt2js traces, as torch/_decomp and
// torch/_refs compute them: factories (zeros/ones/new_*/*_like → full/full_like), reductions
// (std/var → var.correction, all → any, logsumexp), view copies (`*_copy` → the view, cloned),
// squeeze/unbind/stack/diff/roll/tril/triu, select_scatter and fill/zero, index_add, baddbmm,
// padding, argsort, one_hot, nearest upsampling, the RNN cells and einsum.
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { int64, float32 } from "../../tensor/dtype.js";
import { Layout, MemoryFormat } from "../../fx/values.js";
import { NotImplementedOpError } from "../../ops/errors.js";
import type { Size } from "../../symbolic/symint.js";
import { sizeAdd, sizeSub } from "../../symbolic/size.js";
import { aten, atenList, sizeEq, wrap, type Decomposition } from "./util.js";

const STRIDED = new Layout("strided");
const PRESERVE = new MemoryFormat("preserve_format");
const CONTIGUOUS = new MemoryFormat("contiguous_format");
const T = (x: unknown) => x as Tensor;

// Factory keyword arguments as PyTorch's decompositions pass them on.
function factoryKwargs(dtype: unknown, layout: unknown, device: unknown, pin: unknown, fallback?: DType): Record<string, unknown> {
  const kw: Record<string, unknown> = {};
  const dt = dtype ?? fallback;
  if (dt !== null && dt !== undefined) kw.dtype = dt;
  kw.layout = layout ?? STRIDED;
  kw.device = device ?? "cpu";
  kw.pin_memory = pin ?? false;
  return kw;
}

const fullOf = (value: number): Decomposition => ([size, dtype, layout, device, pin]) =>
  aten("full.default", [size, value], factoryKwargs(dtype, layout, device, pin, float32));
const fullLikeOf = (value: number): Decomposition => ([self, dtype, layout, device, pin, format]) => {
  const kw: Record<string, unknown> = { pin_memory: pin ?? false };
  if (dtype !== null && dtype !== undefined) kw.dtype = dtype;
  if (layout !== null && layout !== undefined) kw.layout = layout;
  if (device !== null && device !== undefined) kw.device = device;
  kw.memory_format = format ?? PRESERVE;
  return aten("full_like.default", [self, value], kw);
};
const newFull = (value: ((a: unknown[]) => unknown) | number): Decomposition => (a) => {
  const [self, size] = a as [Tensor, Size[]];
  const rest = typeof value === "number" ? a.slice(2) : a.slice(3);
  const [dtype, layout, device, pin] = rest;
  const v = typeof value === "number" ? value : value(a);
  return aten("full.default", [size, v], factoryKwargs(dtype, layout, device, pin, self.dtype));
};

// var/std with the `unbiased` flag or a correction → var.correction (std takes its sqrt).
const varOf = (form: "default" | "dim" | "correction", sqrt: boolean): Decomposition => (a) => {
  let dim: unknown = null;
  let correction: unknown;
  let keepdim = false;
  if (form === "default") correction = a[1] === false ? 0 : 1;
  else if (form === "dim") {
    dim = a[1];
    correction = a[2] === false ? 0 : 1;
    keepdim = a[3] as boolean;
  } else {
    dim = a[1];
    correction = a[2] ?? 1;
    keepdim = a[3] as boolean;
  }
  const kw: Record<string, unknown> = { correction };
  if (keepdim) kw.keepdim = true;
  const v = aten("var.correction", [a[0], dim], kw);
  return sqrt ? aten("sqrt.default", [v]) : v;
};

// `*_copy` view variants: the view, then a contiguous clone.
const viewCopy = (view: string): Decomposition => ([self, ...rest]) =>
  aten("clone.default", [aten(view, [self, ...rest])], { memory_format: CONTIGUOUS });

// select_scatter as PyTorch's decomposition: a mask of the selected index, src broadcast, where.
const selectScatter: Decomposition = ([self, src, dim, index]) => {
  const x = T(self);
  const n = x.dim();
  const d = wrap(dim as number, n);
  const size = x.shape[d]!;
  const arange = aten("arange.start_step", [0, size], { layout: STRIDED, device: "cpu", pin_memory: false });
  const mask = aten("eq.Scalar", [aten("view.default", [arange, [-1, ...new Array(n - d - 1).fill(1)]]), index]);
  const expanded = aten("expand.default", [aten("unsqueeze.default", [src, d]), x.shape]);
  return aten("where.self", [mask, expanded, x]);
};

const squeezeDims = (self: Tensor, dims: number[]) => aten("squeeze.dims", [self, dims]);

const stack: Decomposition = ([tensors, dim]) => {
  const list = tensors as Tensor[];
  const d = wrap(dim as number, list[0]!.dim() + 1);
  return aten("cat.default", [list.map((t) => aten("unsqueeze.default", [t, d])), d]);
};

const unbind: Decomposition = ([self, dim]) => {
  const x = T(self);
  const d = wrap(dim as number, x.dim());
  const size = x.shape[d]!;
  if (typeof size !== "number") throw new NotImplementedOpError("run_decompositions: pt2js cannot unbind a dimension of symbolic size");
  return Array.from({ length: size }, (_, i) => aten("select.int", [x, d, i]));
};

// diff: (prepend ++ x ++ append), then n differences of neighbours along dim.
const diff: Decomposition = ([self, n, dim, prepend, append]) => {
  let x = T(self);
  const d = wrap(dim as number, x.dim());
  const parts = [prepend, x, append].filter((t): t is Tensor => t instanceof Tensor);
  if (parts.length > 1) x = aten("cat.default", [parts, d]);
  for (let i = 0; i < (n as number); i++) {
    const hi = aten("slice.Tensor", [x, d, 1]);
    const lo = aten("slice.Tensor", [x, d, 0, -1]);
    x = x.dtype.name === "bool" ? aten("logical_xor.default", [hi, lo]) : aten("sub.Tensor", [hi, lo]);
  }
  return x;
};

// roll: the two slices of each rolled dim swapped (torch/_refs roll).
const roll: Decomposition = ([self, shifts, dims]) => {
  const x = T(self);
  const sh = shifts as number[];
  const ds = dims as number[];
  if (ds.length === 0) {
    const flat = aten("view.default", [x, [-1]]);
    return aten("view.default", [roll([flat, sh, [0]], undefined as never), x.shape]);
  }
  let out = x;
  ds.forEach((dim, i) => {
    const d = wrap(dim, x.dim());
    const size = x.shape[d]!;
    if (typeof size !== "number") throw new NotImplementedOpError("run_decompositions: pt2js cannot roll a dimension of symbolic size");
    if (size === 0) return;
    const start = (((size - sh[i]!) % size) + size) % size;
    if (start === 0) return;
    out = aten("cat.default", [[aten("slice.Tensor", [out, d, start, size]), aten("slice.Tensor", [out, d, 0, start])], d]);
  });
  return out === x ? aten("clone.default", [x]) : out;
};

// tril/triu: where(column - row <= / >= diagonal, x, 0).
const triangle = (lower: boolean): Decomposition => ([self, diagonal]) => {
  const x = T(self);
  const h = x.shape[x.dim() - 2]!;
  const w = x.shape[x.dim() - 1]!;
  const row = aten("unsqueeze.default", [aten("arange.default", [h], { dtype: int64, layout: STRIDED, device: "cpu", pin_memory: false }), -1]);
  const col = aten("arange.default", [w], { dtype: int64, layout: STRIDED, device: "cpu", pin_memory: false });
  const delta = aten("sub.Tensor", [col, row]);
  const mask = aten(lower ? "le.Scalar" : "ge.Scalar", [delta, diagonal]);
  return aten("where.self", [mask, x, aten("scalar_tensor.default", [0], { dtype: x.dtype, layout: STRIDED, device: "cpu" })]);
};

const baddbmm: Decomposition = ([self, b1, b2, beta, alpha]) => {
  let result = aten("bmm.default", [b1, b2]);
  if (alpha !== 1) result = aten("mul.Tensor", [result, alpha]);
  if (beta === 0) return result;
  const s = beta === 1 ? self : aten("mul.Tensor", [self, beta]);
  return aten("add.Tensor", [s, result]);
};

// index_add: index_put with accumulation on dim (None for the dims before it).
const indexAdd: Decomposition = ([self, dim, index, source, alpha]) => {
  const x = T(self);
  if (x.dim() === 0) {
    const src = T(source).dim() === 0 ? aten("unsqueeze.default", [source, 0]) : source;
    return aten("squeeze.dims", [indexAdd([aten("unsqueeze.default", [x, 0]), 0, index, src, alpha], undefined as never), [0]]);
  }
  const d = wrap(dim as number, x.dim());
  const src = alpha === 1 ? source : aten("mul.Tensor", [source, alpha]);
  const indices = [...new Array(d).fill(null), index];
  return aten("index_put.default", [x, indices, src, true]);
};

const logsumexp: Decomposition = ([self, dim, keepdim]) => {
  const x = T(self);
  const dims = dim as number[];
  if (dims.length === 0) return aten("log.default", [aten("sum.dim_IntList", [aten("exp.default", [x]), dims, keepdim])]);
  const maxes = aten("amax.default", [x, dims, true]);
  const squeezed = keepdim ? maxes : squeezeDims(maxes, dims.map((d) => wrap(d, x.dim())));
  const finite = aten("masked_fill.Scalar", [squeezed, aten("eq.Scalar", [aten("abs.default", [squeezed]), Infinity]), 0]);
  const sum = aten("sum.dim_IntList", [aten("exp.default", [aten("sub.Tensor", [x, maxes])]), dims, keepdim]);
  return aten("add.Tensor", [aten("log.default", [sum]), finite]);
};

const all = (form: "default" | "dim" | "dims"): Decomposition => ([self, dim, keepdim]) => {
  const not = aten("logical_not.default", [self]);
  const any = form === "default" ? aten("any.default", [not]) : aten(form === "dim" ? "any.dim" : "any.dims", [not, dim, keepdim]);
  return aten("logical_not.default", [any]);
};

const argsort = (stable: boolean): Decomposition => (a) => {
  const [self, s, dim, descending] = stable ? a : [a[0], false, a[1], a[2]];
  if (!stable) return atenList("sort.default", [self, dim, descending])[1];
  return atenList("sort.stable", [self], { stable: s, dim, descending })[1];
};

// F.pad by mode: constant_pad_nd, or the reflection / replication kernels.
const pad: Decomposition = ([self, p, mode, value]) => {
  const x = T(self);
  const pads = p as Size[];
  if (mode === "constant") return aten("constant_pad_nd.default", [x, pads, value ?? 0]);
  const dims = pads.length / 2;
  const op = `${mode === "reflect" ? "reflection" : mode === "replicate" ? "replication" : mode}_pad${dims}d.default`;
  if (mode === "circular") return circularPad(x, pads);
  return aten(op, [x, pads]);
};

// circular padding: each padded dim gets its wrapped-around slices concatenated.
function circularPad(x: Tensor, pads: Size[]): Tensor {
  let out = x;
  const n = x.dim();
  for (let i = 0; i < pads.length / 2; i++) {
    const d = n - 1 - i;
    const left = pads[2 * i] as number;
    const right = pads[2 * i + 1] as number;
    const parts: Tensor[] = [];
    if (left > 0) parts.push(aten("slice.Tensor", [out, d, -left]));
    parts.push(out);
    if (right > 0) parts.push(aten("slice.Tensor", [out, d, 0, right]));
    if (parts.length > 1) out = aten("cat.default", [parts, d]);
  }
  return out;
}

// Reflection and replication padding as PyTorch's _reflection_or_replication_pad: each padded dim
// reads its source positions through an index (clamped for replicate, reflected for reflect).
function padPositions(size: Size, left: number, right: number, reflect: boolean): Tensor {
  const positions = aten("arange.start_step", [-left, sizeAdd(size, right)], { layout: STRIDED, device: "cpu", pin_memory: false });
  if (!reflect) return aten("clamp.default", [positions, 0, sizeSub(size, 1)]);
  // size-1 - |size-1 - |i||
  const last = sizeSub(size, 1);
  return aten("rsub.Scalar", [aten("abs.default", [aten("rsub.Scalar", [aten("abs.default", [positions]), last])]), last]);
}
const paddingNd = (dims: number, reflect: boolean): Decomposition => ([self, p]) => {
  const x = T(self);
  const pads = p as number[];
  const n = x.dim();
  const indices: (Tensor | null)[] = new Array(n - dims).fill(null);
  for (let k = 0; k < dims; k++) {
    const d = n - dims + k;
    // F.pad order: the last dim's (left, right) first.
    const j = dims - 1 - k;
    let idx = padPositions(x.shape[d]!, pads[2 * j]!, pads[2 * j + 1]!, reflect);
    for (let after = k + 1; after < dims; after++) idx = aten("unsqueeze.default", [idx, -1]);
    indices.push(idx);
  }
  return aten("index.Tensor", [x, indices]);
};

// The 1-d pools as their 2-d kernels on an unsqueezed input (CompositeImplicitAutograd).
const avgPool1d: Decomposition = ([self, kernel, stride, padding, ceil, countIncludePad]) => {
  const x = aten("unsqueeze.default", [self, -2]);
  const k = kernel as number[];
  const st = (stride as number[]).length === 0 ? k : (stride as number[]);
  const out = aten("avg_pool2d.default", [x, [1, k[0]], [1, st[0]], [0, (padding as number[])[0]], ceil, countIncludePad]);
  return aten("squeeze.dims", [out, [-2]]);
};
const adaptiveAvgPool1d: Decomposition = ([self, size]) => {
  const x = aten("unsqueeze.default", [self, -2]);
  const out = aten("adaptive_avg_pool2d.default", [x, [1, (size as number[])[0]]]);
  return aten("squeeze.dims", [out, [-2]]);
};

const oneHot: Decomposition = ([self, numClasses]) => {
  const x = T(self);
  if ((numClasses as number) < 0) throw new NotImplementedOpError("run_decompositions: pt2js decomposes one_hot with an explicit num_classes only");
  const classes = aten("arange.default", [numClasses], { dtype: int64, layout: STRIDED, device: "cpu", pin_memory: false });
  const hit = aten("eq.Tensor", [aten("unsqueeze.default", [x, -1]), classes]);
  return aten("_to_copy.default", [hit], { dtype: int64 });
};

// upsample_nearest2d: the source row/column of each output position (floor(i * in / out)), gathered.
const upsampleNearest2d: Decomposition = ([self, outputSize, scalesH, scalesW]) => {
  const x = T(self);
  const [oh, ow] = outputSize as [Size, Size];
  const index = (outSize: Size, inSize: Size, scale: unknown) => {
    const ratio = scale !== null && scale !== undefined ? 1 / (scale as number) : null;
    const positions = aten("arange.default", [outSize], { dtype: float32, layout: STRIDED, device: "cpu", pin_memory: false });
    const scaled = ratio !== null ? aten("mul.Tensor", [positions, ratio]) : aten("div.Tensor", [aten("mul.Tensor", [positions, inSize]), outSize]);
    return aten("_to_copy.default", [aten("floor.default", [scaled])], { dtype: int64 });
  };
  const h = x.shape[x.dim() - 2]!;
  const w = x.shape[x.dim() - 1]!;
  const rows = aten("unsqueeze.default", [index(oh, h, scalesH), -1]);
  const cols = index(ow, w, scalesW);
  return aten("index.Tensor", [x, [null, null, rows, cols]]);
};

const convTranspose = (n: number): Decomposition => ([input, weight, bias, stride, padding, outputPadding, groups, dilation]) => {
  const x = T(input);
  const batched = x.dim() === n + 2;
  const xin = batched ? x : aten("unsqueeze.default", [x, 0]);
  const out = aten("convolution.default", [xin, weight, bias, stride, padding, dilation, true, outputPadding, groups]);
  return batched ? out : aten("squeeze.dims", [out, [0]]);
};

// conv with padding="same" / "valid": the explicit padding (asymmetric "same" pads the input first).
const convPadding = (n: number): Decomposition => ([input, weight, bias, stride, padding, dilation, groups]) => {
  const x = T(input);
  const w = T(weight);
  const dil = dilation as number[];
  let pads: number[] = new Array(n).fill(0);
  let xin = x;
  if (padding === "same") {
    const extra: number[] = [];
    pads = [];
    for (let i = 0; i < n; i++) {
      const total = dil[i]! * ((w.shape[w.dim() - n + i] as number) - 1);
      pads.push(Math.floor(total / 2));
      extra.push(total % 2);
    }
    if (extra.some((e) => e > 0)) {
      const p: number[] = [];
      for (let i = n - 1; i >= 0; i--) p.push(0, extra[i]!);
      xin = aten("constant_pad_nd.default", [x, p, 0]);
    }
  }
  const batched = xin.dim() === n + 2;
  const b = batched ? xin : aten("unsqueeze.default", [xin, 0]);
  const out = aten("convolution.default", [b, weight, bias, stride, pads, dilation, false, new Array(n).fill(0), groups]);
  return batched ? out : aten("squeeze.dims", [out, [0]]);
};

// gru_cell as torch/_decomp's gru_cell: the gates of linear(input) and linear(hx), chunked in three.
const gruCell: Decomposition = ([input, hx, wIh, wHh, bIh, bHh]) => {
  const gi = atenList("split.Tensor", [aten("linear.default", [input, wIh, bIh]), Math.floor((T(wIh).shape[0] as number) / 3), 1]);
  const gh = atenList("split.Tensor", [aten("linear.default", [hx, wHh, bHh]), Math.floor((T(wHh).shape[0] as number) / 3), 1]);
  const reset = aten("sigmoid.default", [aten("add.Tensor", [gi[0], gh[0]])]);
  const update = aten("sigmoid.default", [aten("add.Tensor", [gi[1], gh[1]])]);
  const fresh = aten("tanh.default", [aten("add.Tensor", [gi[2], aten("mul.Tensor", [reset, gh[2]])])]);
  return aten("add.Tensor", [fresh, aten("mul.Tensor", [update, aten("sub.Tensor", [hx, fresh])])]);
};

// einsum: every operand permuted and unsqueezed onto the letters in order, multiplied, and summed
// over the letters missing from the output; then permuted to the output's order.
const einsum: Decomposition = ([equation, operands]) => {
  const ops = operands as Tensor[];
  const eq = (equation as string).replace(/\s+/g, "");
  const [lhs, rhsGiven] = eq.split("->") as [string, string | undefined];
  const inputs = lhs.split(",");
  if (inputs.some((s) => s.includes(".")) || (rhsGiven ?? "").includes(".")) {
    throw new NotImplementedOpError("run_decompositions: pt2js decomposes einsum without ellipsis only");
  }
  const letters: string[] = [];
  for (const s of inputs) for (const c of s) if (!letters.includes(c)) letters.push(c);
  const counts = new Map<string, number>();
  for (const s of inputs) for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  const rhs = rhsGiven ?? [...letters].filter((c) => counts.get(c) === 1).sort().join("");
  const order = [...rhs, ...letters.filter((c) => !rhs.includes(c))];
  let product: Tensor | null = null;
  inputs.forEach((s, k) => {
    let t = ops[k]!;
    // A repeated letter in one operand is its diagonal: not needed by pt2js's programs.
    if (new Set(s).size !== s.length) throw new NotImplementedOpError("run_decompositions: pt2js decomposes einsum without repeated indices in one operand only");
    const present = order.filter((c) => s.includes(c));
    t = aten("permute.default", [t, present.map((c) => s.indexOf(c))]);
    order.forEach((c, i) => {
      if (!s.includes(c)) t = aten("unsqueeze.default", [t, i]);
    });
    product = product === null ? t : aten("mul.Tensor", [product, t]);
  });
  const summed = order.map((_, i) => i).filter((i) => i >= rhs.length);
  let out = product!;
  if (summed.length > 0) out = aten("sum.dim_IntList", [out, summed]);
  return out;
};

// lstm.input as torch/_decomp's lstm_impl: per layer and direction, the cell unrolled over the
// sequence (linear gates, chunked in four), the directions' outputs concatenated on features.
const lstm: Decomposition = ([input, hx, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst]) => {
  if (train && (dropout as number) > 0) throw new NotImplementedOpError("run_decompositions: pt2js does not decompose LSTM dropout in training mode (random masks)");
  let x = T(input);
  const batched = x.dim() === 3;
  if (!batched) x = aten("unsqueeze.default", [x, 1]);
  else if (batchFirst) x = aten("transpose.int", [x, 0, 1]);
  const [h0, c0] = hx as [Tensor, Tensor];
  const h0s = batched ? h0 : aten("unsqueeze.default", [h0, 1]);
  const c0s = batched ? c0 : aten("unsqueeze.default", [c0, 1]);
  const dirs = bidirectional ? 2 : 1;
  const per = hasBiases ? 4 : 2;
  const p = params as Tensor[];
  const steps = x.shape[0] as number;
  const hidden = h0.shape[h0.dim() - 1] as number;
  const hs: Tensor[] = [];
  const cs: Tensor[] = [];
  let layerInput = x;
  for (let l = 0; l < (numLayers as number); l++) {
    const xs = atenList("unbind.int", [layerInput, 0]);
    const outs: Tensor[][] = [];
    for (let d = 0; d < dirs; d++) {
      const [wIh, wHh, bIh, bHh] = p.slice((l * dirs + d) * per, (l * dirs + d + 1) * per);
      let h = aten("select.int", [h0s, 0, l * dirs + d]);
      let c = aten("select.int", [c0s, 0, l * dirs + d]);
      const stepOut: Tensor[] = new Array(steps);
      for (let k = 0; k < steps; k++) {
        const t = d === 0 ? k : steps - 1 - k;
        const gates = aten("add.Tensor", [aten("linear.default", [xs[t], wIh, bIh ?? null]), aten("linear.default", [h, wHh, bHh ?? null])]);
        const [i, f, g, o] = atenList("split.Tensor", [gates, hidden, 1]) as [Tensor, Tensor, Tensor, Tensor];
        c = aten("add.Tensor", [aten("mul.Tensor", [aten("sigmoid.default", [f]), c]), aten("mul.Tensor", [aten("sigmoid.default", [i]), aten("tanh.default", [g])])]);
        h = aten("mul.Tensor", [aten("sigmoid.default", [o]), aten("tanh.default", [c])]);
        stepOut[t] = h;
      }
      outs.push(stepOut);
      hs.push(h);
      cs.push(c);
    }
    const merged = Array.from({ length: steps }, (_, t) => (dirs === 1 ? outs[0]![t]! : aten("cat.default", [[outs[0]![t]!, outs[1]![t]!], 1])));
    layerInput = aten("stack.default", [merged, 0]);
  }
  let output = layerInput;
  let hn = aten("stack.default", [hs, 0]);
  let cn = aten("stack.default", [cs, 0]);
  if (!batched) {
    output = aten("squeeze.dims", [output, [1]]);
    hn = aten("squeeze.dims", [hn, [1]]);
    cn = aten("squeeze.dims", [cn, [1]]);
  } else if (batchFirst) output = aten("transpose.int", [output, 0, 1]);
  return [output, hn, cn];
};

const squeezeDefault: Decomposition = ([self]) => {
  const x = T(self);
  const dims = x.shape.flatMap((s, i) => (sizeEq(s, 1) ? [i] : []));
  return squeezeDims(x, dims);
};

export const MISC: Record<string, Decomposition> = {
  "zeros.default": fullOf(0),
  "ones.default": fullOf(1),
  "zeros_like.default": fullLikeOf(0),
  "ones_like.default": fullLikeOf(1),
  "empty_like.default": ([self, dtype, layout, device, pin]) =>
    aten("empty.memory_format", [T(self).shape], factoryKwargs(dtype, layout, device, pin, T(self).dtype)),
  "new_zeros.default": newFull(0),
  "new_ones.default": newFull(1),
  "new_full.default": newFull((a) => a[2]),
  "new_empty.default": ([self, size, dtype, layout, device, pin]) =>
    aten("empty.memory_format", [size], factoryKwargs(dtype, layout, device, pin, T(self).dtype)),
  "fill.Scalar": ([self, value]) => aten("full_like.default", [self, value], { pin_memory: false }),
  "zero.default": ([self]) => aten("full_like.default", [self, 0], { pin_memory: false, memory_format: PRESERVE }),
  "var.default": varOf("default", false),
  "var.dim": varOf("dim", false),
  "std.default": varOf("default", true),
  "std.dim": varOf("dim", true),
  "std.correction": varOf("correction", true),
  "all.default": all("default"),
  "all.dim": all("dim"),
  "all.dims": all("dims"),
  "logsumexp.default": logsumexp,
  "squeeze.default": squeezeDefault,
  "squeeze.dim": ([self, dim]) => squeezeDims(T(self), [dim as number]),
  "unbind.int": unbind,
  "stack.default": stack,
  "diff.default": diff,
  "roll.default": roll,
  "tril.default": triangle(true),
  "triu.default": triangle(false),
  "baddbmm.default": baddbmm,
  "index_add.default": indexAdd,
  "select_scatter.default": selectScatter,
  "expand_copy.default": viewCopy("expand.default"),
  "unsqueeze_copy.default": viewCopy("unsqueeze.default"),
  "transpose_copy.int": viewCopy("transpose.int"),
  "squeeze_copy.default": viewCopy("squeeze.default"),
  "squeeze_copy.dim": viewCopy("squeeze.dim"),
  "squeeze_copy.dims": viewCopy("squeeze.dims"),
  "argsort.default": argsort(false),
  "argsort.stable": argsort(true),
  "pad.default": pad,
  "replication_pad1d.default": paddingNd(1, false),
  "replication_pad2d.default": paddingNd(2, false),
  "reflection_pad1d.default": paddingNd(1, true),
  "reflection_pad2d.default": paddingNd(2, true),
  "avg_pool1d.default": avgPool1d,
  "adaptive_avg_pool1d.default": adaptiveAvgPool1d,
  "one_hot.default": oneHot,
  "upsample_nearest2d.default": upsampleNearest2d,
  "conv_transpose1d.default": convTranspose(1),
  "conv_transpose2d.input": convTranspose(2),
  "conv1d.padding": convPadding(1),
  "conv2d.padding": convPadding(2),
  "gru_cell.default": gruCell,
  "einsum.default": einsum,
  "lstm.input": lstm,
};
