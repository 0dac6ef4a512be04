// Ops that produce fresh tensors by moving elements: clone, cat, stack, flip, roll, repeat,
// tril/triu, pad, dtype conversion, copy_/fill_.
import { Tensor } from "../../tensor/tensor.js";
import { DType } from "../../tensor/dtype.js";
import { resultType } from "../../tensor/promotion.js";
import { numelOf, contiguousStrides } from "../../tensor/strided.js";
import { broadcastValues } from "../kernels/elementwise.js";
import { check } from "../errors.js";
import { op } from "../registry.js";
import { sizeAdd, sizeEq, sizeMul, type Size } from "../size.js";
import { broadcastShapes, def, fmtShape, out, T, wrapDim } from "./util.js";
import { permutedContiguousStrides } from "./layout.js";

const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));

// contiguous returns self when already contiguous (its schema marks the result as an alias).
def("contiguous.default", {
  meta: (a) => (T(a[0]).is_contiguous() ? T(a[0]) : out(T(a[0]).shape, T(a[0]).dtype)),
  eager: (a) => {
    const self = T(a[0]);
    if (self.is_contiguous()) return self;
    const r = out(self.shape, self.dtype);
    r._allocate();
    r._writeLogical(self._values());
    return r;
  },
});
def(["clone.default", "lift_fresh_copy.default"], {
  meta: (a) => out(T(a[0]).shape, T(a[0]).dtype),
  kernel: (a) => T(a[0])._values(),
});
for (const [k, base] of [["view_copy.default", "view.default"], ["expand_copy.default", "expand.default"],
  ["permute_copy.default", "permute.default"], ["select_copy.int", "select.int"], ["slice_copy.Tensor", "slice.Tensor"],
  ["unsqueeze_copy.default", "unsqueeze.default"], ["squeeze_copy.dim", "squeeze.dim"], ["squeeze_copy.dims", "squeeze.dims"],
  ["squeeze_copy.default", "squeeze.default"], ["transpose_copy.int", "transpose.int"]] as const) {
  def(k, {
    meta: (a) => {
      const v = op(base).impl!.meta(a) as Tensor;
      return out(v.shape, v.dtype);
    },
    kernel: (a) => {
      const v = op(base).impl!.meta(a) as Tensor;
      v._storage = T(a[0])._storage;
      return v._values();
    },
  });
}

// detach_ only drops autograd history: metadata-wise it returns self.
def("detach_.default", { meta: (a) => a[0], kernel: () => undefined });

// ---- dtype conversion
function toDtypeMeta(self: Tensor, dtype: DType | null, copy: boolean): Tensor {
  const dt = dtype ?? self.dtype;
  if (dt === self.dtype && !copy) return self;
  return out(self.shape, dt, preservedStrides(self));
}

// memory_format=torch.preserve_format: a dense, non-overlapping layout keeps its strides (a
// transposed or nonzero-shaped tensor stays column-major); anything else becomes contiguous.
function preservedStrides(self: Tensor): Size[] | undefined {
  const n = self.ndim;
  if (n < 2 || n > 4) return undefined;
  return permutedContiguousStrides(self.shape, self._stride) ?? undefined;
}
const toEager = (self: Tensor, dtype: DType | null, copy: boolean): Tensor => {
  const r = toDtypeMeta(self, dtype, copy);
  if (r === self) return self;
  r._allocate();
  r._writeLogical(self._values());
  return r;
};
def("to.dtype", { meta: (a) => toDtypeMeta(T(a[0]), a[1] as DType, a[3] as boolean), eager: (a) => toEager(T(a[0]), a[1] as DType, a[3] as boolean) });
def("to.dtype_layout", { meta: (a) => toDtypeMeta(T(a[0]), a[1] as DType | null, a[6] as boolean), eager: (a) => toEager(T(a[0]), a[1] as DType | null, a[6] as boolean) });
def("to.other", { meta: (a) => toDtypeMeta(T(a[0]), T(a[1]).dtype, a[3] as boolean), eager: (a) => toEager(T(a[0]), T(a[1]).dtype, a[3] as boolean) });
def("to.device", { meta: (a) => toDtypeMeta(T(a[0]), a[2] as DType, a[4] as boolean), eager: (a) => toEager(T(a[0]), a[2] as DType, a[4] as boolean) });
def("_to_copy.default", {
  meta: (a) => out(T(a[0]).shape, (a[1] as DType | null) ?? T(a[0]).dtype),
  kernel: (a) => T(a[0])._values(),
});

// ---- in-place writes
def(["copy_.default"], {
  meta: (a) => {
    const self = T(a[0]);
    const src = T(a[1]);
    broadcastShapes(self.shape, src.shape);
    return self;
  },
  kernel: (a) => broadcastValues(T(a[1]), T(a[0])._sizes()),
});
def(["fill_.Scalar", "fill_.Tensor"], {
  meta: (a) => {
    if (a[1] instanceof Tensor) check(a[1].ndim === 0, `fill_ only supports 0-dimension value tensor but got tensor with ${a[1].ndim} dimensions.`);
    return a[0];
  },
  kernel: (a) => {
    const v = a[1] instanceof Tensor ? (a[1]._item() as number) : a[1];
    return new Float64Array(numelOf(T(a[0])._sizes())).fill(typeof v === "boolean" ? (v ? 1 : 0) : (v as number));
  },
});
def("zero_.default", { meta: (a) => a[0], kernel: (a) => new Float64Array(numelOf(T(a[0])._sizes())) });

// ---- cat / stack
function catMeta(tensors: readonly Tensor[], dim: number): Tensor {
  check(tensors.length > 0, "torch.cat(): expected a non-empty list of Tensors");
  // Legacy behaviour: 1-D empty tensors are skipped.
  const live = tensors.filter((t) => !(t.ndim === 1 && eqS(t.shape[0]!, 0)));
  const dtype = resultType(tensors.map((t) => ({ dtype: t.dtype, dim: 1 })));
  if (live.length === 0) return out([0], dtype);
  const ref = live[0]!;
  check(ref.ndim > 0, "zero-dimensional tensor (at position 0) cannot be concatenated");
  const d = wrapDim(dim, ref.ndim);
  let total: Size = 0;
  tensors.forEach((t, i) => {
    if (t.ndim === 1 && eqS(t.shape[0]!, 0)) return;
    check(t.ndim === ref.ndim, () => `Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    t.shape.forEach((s, k) => {
      if (k !== d) {
        check(eqS(s, ref.shape[k]!), () =>
          `Sizes of tensors must match except in dimension ${d}. Expected size ${String(ref.shape[k])} but got size ${String(s)} for tensor number ${i} in the list.`);
      }
    });
    total = sizeAdd(total, t.shape[d]!);
  });
  const shape = [...ref.shape];
  shape[d] = total;
  return out(shape, dtype);
}
function catKernel(tensors: readonly Tensor[], dim: number, r: Tensor): Float64Array {
  const shape = r._sizes();
  const res = new Float64Array(numelOf(shape));
  if (res.length === 0) return res;
  const d = wrapDim(dim, shape.length);
  const outer = numelOf(shape.slice(0, d));
  const inner = numelOf(shape.slice(d + 1));
  const rowLen = shape[d]! * inner;
  let at = 0;
  for (const t of tensors) {
    if (t.ndim === 1 && t.shape[0] === 0) continue;
    const v = t._values();
    const len = (t.shape[d] as number) * inner;
    for (let o = 0; o < outer; o++) for (let k = 0; k < len; k++) res[o * rowLen + at + k] = v[o * len + k]!;
    at += len;
  }
  return res;
}
def("cat.default", {
  meta: (a) => catMeta(a[0] as Tensor[], a[1] as number),
  kernel: (a, r) => catKernel(a[0] as Tensor[], a[1] as number, r as Tensor),
});
def("stack.default", {
  meta: (a) => {
    const ts = a[0] as Tensor[];
    check(ts.length > 0, "stack expects a non-empty TensorList");
    ts.forEach((t, i) => {
      check(t.ndim === ts[0]!.ndim && t.shape.every((s, k) => eqS(s, ts[0]!.shape[k]!)), () =>
        `stack expects each tensor to be equal size, but got ${fmtShape(ts[0]!.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    });
    const d = wrapDim(a[1] as number, ts[0]!.ndim + 1);
    const shape = [...ts[0]!.shape];
    shape.splice(d, 0, ts.length);
    return out(shape, resultType(ts.map((t) => ({ dtype: t.dtype, dim: 1 }))));
  },
  kernel: (a, r) => {
    const ts = a[0] as Tensor[];
    const d = wrapDim(a[1] as number, ts[0]!.ndim + 1);
    const shape = [...(ts[0]!.shape as number[])];
    shape.splice(d, 0, 1);
    const us = ts.map((t) => Tensor.fromStorage(Float64Array.from(t._values() as ArrayLike<number>), shape, t.dtype));
    return catKernel(us, d, r as Tensor);
  },
});

// ---- index remapping copies: out[i] = in[src(i)]
function remap(self: Tensor, outShape: readonly number[], src: (idx: number[]) => number): Float64Array {
  const v = self._values();
  const n = numelOf(outShape);
  const res = new Float64Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < n; i++) {
    res[i] = v[src(idx)]!;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return res;
}
const flatIndex = (idx: readonly number[], strides: readonly number[]) => {
  let p = 0;
  for (let k = 0; k < idx.length; k++) p += idx[k]! * strides[k]!;
  return p;
};

def("flip.default", {
  meta: (a) => {
    const s = T(a[0]);
    (a[1] as number[]).forEach((d) => wrapDim(d, s.ndim));
    return out(s.shape, s.dtype);
  },
  kernel: (a) => {
    const s = T(a[0]);
    const shape = s._sizes();
    const dims = new Set((a[1] as number[]).map((d) => wrapDim(d, s.ndim)));
    const st = contiguousStrides(shape);
    return remap(s, shape, (idx) => flatIndex(idx.map((x, k) => (dims.has(k) ? shape[k]! - 1 - x : x)), st));
  },
});

def("roll.default", {
  meta: (a) => out(T(a[0]).shape, T(a[0]).dtype),
  kernel: (a) => {
    const s = T(a[0]);
    const shape = s._sizes();
    const shifts = a[1] as number[];
    const dims = a[2] as number[];
    if (dims.length === 0) {
      // Roll the flattened tensor.
      const v = s._values();
      const n = v.length;
      const res = new Float64Array(n);
      const k = n === 0 ? 0 : ((shifts[0]! % n) + n) % n;
      for (let i = 0; i < n; i++) res[(i + k) % n] = v[i]!;
      return res;
    }
    check(shifts.length === dims.length, `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
    const sh = new Array<number>(shape.length).fill(0);
    dims.forEach((d, i) => {
      const w = wrapDim(d, s.ndim);
      sh[w] = sh[w]! + shifts[i]!;
    });
    const st = contiguousStrides(shape);
    return remap(s, shape, (idx) =>
      flatIndex(idx.map((x, k) => (shape[k] ? (((x - sh[k]!) % shape[k]!) + shape[k]!) % shape[k]! : x)), st));
  },
});

def("repeat.default", {
  meta: (a) => {
    const s = T(a[0]);
    const reps = a[1] as Size[];
    check(reps.length >= s.ndim, "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
    const pad = reps.length - s.ndim;
    return out(reps.map((r, i) => (i < pad ? r : sizeMul(r, s.shape[i - pad]!))), s.dtype);
  },
  kernel: (a, r) => {
    const s = T(a[0]);
    const outShape = (r as Tensor)._sizes();
    const pad = outShape.length - s.ndim;
    const inShape = s._sizes();
    const st = contiguousStrides(inShape);
    return remap(s, outShape, (idx) => {
      let p = 0;
      for (let k = 0; k < inShape.length; k++) p += (idx[k + pad]! % inShape[k]!) * st[k]!;
      return p;
    });
  },
});

for (const [name, keep] of [["tril", (i: number, j: number, k: number) => j - i <= k], ["triu", (i: number, j: number, k: number) => j - i >= k]] as const) {
  def(`${name}.default`, {
    meta: (a) => {
      const s = T(a[0]);
      check(s.ndim >= 2, `${name}: input tensor must have at least 2 dimensions`);
      return out(s.shape, s.dtype);
    },
    kernel: (a) => {
      const s = T(a[0]);
      const shape = s._sizes();
      const v = s._values();
      const R = shape[shape.length - 2]!;
      const C = shape[shape.length - 1]!;
      const res = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const j = i % C;
        const r = Math.floor(i / C) % R;
        res[i] = keep(r, j, a[1] as number) ? v[i]! : 0;
      }
      return res;
    },
  });
}

// ---- constant pad (negative pads crop)
def("constant_pad_nd.default", {
  meta: (a) => {
    const s = T(a[0]);
    const pad = a[1] as Size[];
    check(pad.length % 2 === 0, "Length of pad must be even but instead it equals " + pad.length);
    check(pad.length / 2 <= s.ndim, () =>
      `Length of pad should be no more than twice the number of dimensions of the input. Pad length is ${pad.length} while the input has ${s.ndim} dimensions.`);
    const shape = [...s.shape];
    for (let i = 0; i < pad.length / 2; i++) {
      const d = s.ndim - 1 - i;
      shape[d] = sizeAdd(sizeAdd(shape[d]!, pad[2 * i]!), pad[2 * i + 1]!);
      if (typeof shape[d] === "number") {
        check((shape[d] as number) >= 0, () =>
          `The input size ${String(s.shape[d])}, plus negative padding ${String(pad[2 * i])} and ${String(pad[2 * i + 1])} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`);
      }
    }
    return out(shape, s.dtype);
  },
  kernel: (a, r) => {
    const s = T(a[0]);
    const pad = a[1] as number[];
    const value = (a[2] as number) ?? 0;
    const inShape = s._sizes();
    const outShape = (r as Tensor)._sizes();
    const before = inShape.map((_, d) => {
      const i = s.ndim - 1 - d;
      return i < pad.length / 2 ? pad[2 * i]! : 0;
    });
    const st = contiguousStrides(inShape);
    const v = s._values();
    const n = numelOf(outShape);
    const res = new Float64Array(n);
    const idx = new Array<number>(outShape.length).fill(0);
    for (let i = 0; i < n; i++) {
      let p = 0;
      let inside = true;
      for (let k = 0; k < idx.length; k++) {
        const x = idx[k]! - before[k]!;
        if (x < 0 || x >= inShape[k]!) {
          inside = false;
          break;
        }
        p += x * st[k]!;
      }
      res[i] = inside ? v[p]! : typeof value === "boolean" ? (value ? 1 : 0) : value;
      for (let d = outShape.length - 1; d >= 0; d--) {
        if (++idx[d]! < outShape[d]!) break;
        idx[d] = 0;
      }
    }
    return res;
  },
});

// ---- diff (n=1 along dim, with optional prepend/append)
def("diff.default", {
  meta: (a) => {
    const s = T(a[0]);
    check(s.ndim >= 1, "diff expects input to be at least one-dimensional");
    const d = wrapDim(a[2] as number, s.ndim);
    const n = a[1] as number;
    let len: Size = s.shape[d]!;
    for (const extra of [a[3], a[4]]) if (extra instanceof Tensor) len = sizeAdd(len, extra.shape[d]!);
    const shape = [...s.shape];
    shape[d] = typeof len === "number" ? Math.max(len - n, 0) : sizeAdd(len, -n);
    return out(shape, s.dtype.name === "bool" ? s.dtype : s.dtype);
  },
  kernel: (a) => {
    let s = T(a[0]);
    const d = wrapDim(a[2] as number, s.ndim);
    const parts = [a[3], s, a[4]].filter((t): t is Tensor => t instanceof Tensor);
    if (parts.length > 1) {
      const m = catMeta(parts, d);
      s = Tensor.fromStorage(catKernel(parts, d, m), m._sizes(), s.dtype);
    }
    const isBool = s.dtype.name === "bool";
    for (let step = 0; step < (a[1] as number); step++) {
      const shape = s._sizes();
      const outShape = [...shape];
      outShape[d] = Math.max(shape[d]! - 1, 0);
      const st = contiguousStrides(shape);
      const vals = remap(s, outShape, (idx) => flatIndex(idx, st));
      const nxt = remap(s, outShape, (idx) => flatIndex(idx, st) + st[d]!);
      const res = vals.map((x, i) => (isBool ? (nxt[i] !== x ? 1 : 0) : nxt[i]! - x));
      s = Tensor.fromStorage(res, outShape, s.dtype);
    }
    return s._values();
  },
});
