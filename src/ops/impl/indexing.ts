// Indexing ops: gather, scatter, index_select, index_add, masked_fill, nonzero, embedding, one_hot,
// sort/argsort/topk. Advanced indexing (index, index_put) is in advanced_index.ts.
import { Tensor } from "../../tensor/tensor.js";
import { bool, int64 } from "../../tensor/dtype.js";
import { contiguousStrides, numelOf } from "../../tensor/strided.js";
import { ternaryMap } from "../kernels/elementwise.js";
import { check, TorchIndexError, TorchRuntimeError } from "../errors.js";
import { dispatchHooks } from "../dispatch.js";
import { SymInt, sizeEq, type Size } from "../size.js";
import { broadcastShapes, def, fmtShape, out, T, wrapDim } from "./util.js";

const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const isIndexDtype = (t: Tensor) => t.dtype === int64 || t.dtype.name === "int32";
/** Iterates over every multi-index of `shape` (row-major), calling f(flatIndex, idx). */
export function forEachIndex(shape: readonly number[], f: (i: number, idx: number[]) => void): void {
  const n = numelOf(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    f(i, idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}
export const flat = (idx: readonly number[], st: readonly number[]) => idx.reduce((p, x, k) => p + x * st[k]!, 0);

// ---- gather(self, dim, index): out[i][j] = self[index[i][j]][j] (dim 0)
def("gather.default", {
  meta: (a) => {
    const s = T(a[0]);
    const idx = T(a[2]);
    const d = wrapDim(a[1] as number, s.ndim);
    check(idx.dtype.category === 1, "gather(): Expected dtype int64 for index");
    check(idx.numel() === 0 || Math.max(idx.ndim, 1) === Math.max(s.ndim, 1), "Index tensor must have the same number of dimensions as input tensor");
    idx.shape.forEach((z, k) => {
      if (k !== d) check(typeof z !== "number" || typeof s.shape[k] !== "number" || z <= (s.shape[k] as number), () =>
        `Size does not match at dimension ${k} expected index ${fmtShape(idx.shape)} to be no larger than self ${fmtShape(s.shape)} apart from dimension ${d}`);
    });
    return out(idx.shape, s.dtype);
  },
  kernel: (a) => {
    const s = T(a[0]);
    const idx = T(a[2]);
    const d = wrapDim(a[1] as number, s.ndim);
    const sv = s._values();
    const iv = idx._values();
    const sShape = s._sizes();
    const st = contiguousStrides(sShape);
    const res = new Float64Array(iv.length);
    forEachIndex(idx._sizes(), (i, ix) => {
      const j = iv[i]!;
      const size = sShape[d] ?? 1;
      if (j < -size || j >= size) throw new TorchRuntimeError(`index ${j} is out of bounds for dimension ${d} with size ${size}`);
      const p = ix.map((x, k) => (k === d ? (j < 0 ? j + size : j) : x));
      res[i] = sv[s.ndim === 0 ? 0 : flat(p, st)]!;
    });
    return res;
  },
});

// ---- scatter(self, dim, index, src|value[, reduce])
function scatterKernel(a: unknown[], reduce: string | null): Float64Array {
  const s = T(a[0]);
  const idx = T(a[2]);
  const d = wrapDim(a[1] as number, s.ndim);
  const res = Float64Array.from(s._values() as ArrayLike<number>);
  const src = a[3];
  const srcV = src instanceof Tensor ? src._values() : null;
  const srcSt = src instanceof Tensor ? contiguousStrides(src._sizes()) : [];
  const sShape = s._sizes();
  const st = contiguousStrides(sShape);
  const iv = idx._values();
  forEachIndex(idx._sizes(), (i, ix) => {
    const j = iv[i]!;
    const size = sShape[d] ?? 1;
    if (j < -size || j >= size) throw new TorchRuntimeError(`index ${j} is out of bounds for dimension ${d} with size ${size}`);
    const p = ix.map((x, k) => (k === d ? (j < 0 ? j + size : j) : x));
    const at = s.ndim === 0 ? 0 : flat(p, st);
    const v = srcV ? srcV[flat(ix, srcSt)]! : (src as number);
    res[at] = reduce === "add" ? res[at]! + v : reduce === "multiply" ? res[at]! * v : v;
  });
  return res;
}
const scatterMeta = (a: unknown[]) => {
  const s = T(a[0]);
  wrapDim(a[1] as number, s.ndim);
  check(isIndexDtype(T(a[2])), "scatter(): Expected dtype int32/int64 for index");
  return out(s.shape, s.dtype);
};
def(["scatter.src", "scatter.value"], { meta: scatterMeta, kernel: (a) => scatterKernel(a, null) });
def(["scatter.reduce", "scatter.value_reduce"], { meta: scatterMeta, kernel: (a) => scatterKernel(a, a[4] as string) });
// scatter_add(self, dim, index, src): scatter with the add reduction (its in-place form writes self).
def("scatter_add.default", { meta: scatterMeta, kernel: (a) => scatterKernel(a, "add") });
def("scatter_add_.default", { meta: (a) => (scatterMeta(a), T(a[0])), kernel: (a) => scatterKernel(a, "add") });

// ---- index_select(self, dim, index)
def("index_select.default", {
  meta: (a) => {
    const s = T(a[0]);
    const d = wrapDim(a[1] as number, s.ndim);
    const idx = T(a[2]);
    check(idx.ndim <= 1, "index_select(): Index is supposed to be a vector");
    check(isIndexDtype(idx), "index_select(): Expected dtype int32 or int64 for index");
    const shape = [...s.shape];
    if (s.ndim > 0) shape[d] = idx.numel();
    return out(shape, s.dtype);
  },
  kernel: (a, r) => {
    const s = T(a[0]);
    const d = wrapDim(a[1] as number, s.ndim);
    const iv = T(a[2])._values();
    const sShape = s._sizes();
    const st = contiguousStrides(sShape);
    const sv = s._values();
    const res = new Float64Array(numelOf((r as Tensor)._sizes()));
    forEachIndex((r as Tensor)._sizes(), (i, ix) => {
      if (s.ndim === 0) {
        res[i] = sv[0]!;
        return;
      }
      const j = iv[ix[d]!]!;
      check(j >= -sShape[d]! && j < sShape[d]!, () => `index out of range in self`);
      res[i] = sv[flat(ix.map((x, k) => (k === d ? (j < 0 ? j + sShape[d]! : j) : x)), st)]!;
    });
    return res;
  },
});

// ---- index_add(self, dim, index, source, *, alpha)
function indexAdd(a: unknown[]): Float64Array {
  const s = T(a[0]);
  const d = wrapDim(a[1] as number, s.ndim);
  const iv = T(a[2])._values();
  const src = T(a[3]);
  const alpha = a[4] as number;
  const res = Float64Array.from(s._values() as ArrayLike<number>);
  const st = contiguousStrides(s._sizes());
  const sv = src._values();
  forEachIndex(src._sizes(), (i, ix) => {
    const j = iv[s.ndim === 0 ? 0 : ix[d]!]!;
    const at = s.ndim === 0 ? 0 : flat(ix.map((x, k) => (k === d ? (j < 0 ? j + (s.shape[d] as number) : j) : x)), st);
    res[at] = res[at]! + alpha * sv[i]!;
  });
  return res;
}
const indexAddMeta = (a: unknown[]) => {
  const s = T(a[0]);
  const d = wrapDim(a[1] as number, s.ndim);
  const idx = T(a[2]);
  const src = T(a[3]);
  check(idx.ndim <= 1, "index_add_(): Index is supposed to be a vector");
  check(isIndexDtype(idx), "index_add_(): Expected dtype int32/int64 for index");
  check(s.dtype === src.dtype, () => `index_add_(): self (${s.dtype.name}) and source (${src.dtype.name}) must have the same scalar type`);
  if (s.ndim > 0) check(eqS(src.shape[d] ?? 1, idx.numel()), "index_add_(): Number of indices should be equal to source.size(dim)");
  return s;
};
def("index_add.default", { meta: (a) => out(indexAddMeta(a).shape, T(a[0]).dtype), kernel: indexAdd });
def("index_add_.default", { meta: indexAddMeta, kernel: indexAdd });

// ---- masked_fill(self, mask, value)
const maskedMeta = (a: unknown[], inplace: boolean) => {
  const s = T(a[0]);
  const m = T(a[1]);
  check(m.dtype === bool, () => `masked_fill_ only supports boolean masks, but got mask with dtype ${m.dtype.name === "uint8" ? "unsigned char" : m.dtype.name}`);
  if (a[2] instanceof Tensor) {
    check(a[2].ndim === 0, () => `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${(a[2] as Tensor).ndim} dimension(s).`);
  }
  const shape = broadcastShapes(s.shape, m.shape);
  if (inplace) {
    check(shape.length === s.ndim && shape.every((d, i) => eqS(d, s.shape[i]!)), () =>
      `output with shape ${fmtShape(s.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
    return s;
  }
  return out(shape, s.dtype);
};
const maskedKernel = (a: unknown[], r: unknown) => {
  const s = T(a[0]);
  const v = a[2] instanceof Tensor ? (a[2]._item() as number) : (a[2] as number | boolean);
  const fill = s.dtype.cast(typeof v === "boolean" ? (v ? 1 : 0) : v);
  return ternaryMap(s, T(a[1]), fill, (r as Tensor)._sizes(), [s.dtype, bool, s.dtype], (x, k) => (k ? fill : x));
};
def(["masked_fill.Scalar", "masked_fill.Tensor"], { meta: (a) => maskedMeta(a, false), kernel: maskedKernel });
def(["masked_fill_.Scalar", "masked_fill_.Tensor"], { meta: (a) => maskedMeta(a, true), kernel: maskedKernel });

// ---- nonzero: data-dependent output size

/** The unbacked count of nonzero elements of `s`: in [0, numel], a symbolic numel bounded by its
 * ranges (fake_impls.nonzero: bound_sympy of the shape's product), so `u0 <= 400` for an input
 * (Dim(max=100), 4). An unbounded numel leaves the count unbounded: PyTorch's upper is then
 * sys.maxsize - 1, which pt2js's float ranges cannot hold exactly (docs/conformance.md). */
export function nonzeroCount(count: Size, s: Tensor): Size {
  if (count instanceof SymInt) {
    const numel = s.numel();
    const max = typeof numel === "number" ? numel : count.env.bound(numel.expr).upper;
    count.env.constrainRange(count.expr, 0, max);
  }
  return count;
}
def("nonzero.default", {
  meta: (a) => {
    const s = T(a[0]);
    const make = dispatchHooks.createUnbackedSymInt;
    if (!make) throw new TorchRuntimeError("nonzero() on a fake tensor needs an unbacked size (run under the tracer)");
    // Column-major, as PyTorch's meta lays it out: strides (1, nnz).
    const nnz = nonzeroCount(make(), s);
    return out([nnz, s.ndim], int64, [1, nnz]);
  },
  eager: (a) => {
    const s = T(a[0]);
    const shape = s._sizes();
    const v = s._values();
    const rows: number[] = [];
    forEachIndex(shape, (i, ix) => {
      if (v[i] !== 0) rows.push(...ix);
    });
    const r = out([rows.length / Math.max(shape.length, 1), shape.length], int64);
    if (shape.length === 0) return Tensor.fromStorage(new Float64Array(v[0] !== 0 ? 0 : 0), [v[0] !== 0 ? 1 : 0, 0], int64);
    r._allocate();
    r._writeLogical(rows);
    return r;
  },
});

// ---- embedding(weight, indices, padding_idx, ...)
def("embedding.default", {
  meta: (a) => {
    const w = T(a[0]);
    const idx = T(a[1]);
    check(w.ndim === 2, "'weight' must be 2-D");
    check(isIndexDtype(idx), () => `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${idx.dtype.name === "float32" ? "FloatTensor" : idx.dtype.name} instead (while checking arguments for embedding)`);
    return out([...idx.shape, w.shape[1]!], w.dtype);
  },
  kernel: (a) => {
    const w = T(a[0]);
    const wv = w._values();
    const [V, D] = w._sizes() as [number, number];
    const iv = T(a[1])._values();
    const res = new Float64Array(iv.length * D);
    for (let i = 0; i < iv.length; i++) {
      const j = iv[i]!;
      if (j < 0 || j >= V) throw new TorchIndexError("index out of range in self");
      for (let k = 0; k < D; k++) res[i * D + k] = wv[j * D + k]!;
    }
    return res;
  },
});

// ---- one_hot(self, num_classes=-1)
def("one_hot.default", {
  meta: (a) => {
    const s = T(a[0]);
    check(s.dtype === int64, "one_hot is only applicable to index tensor of type LongTensor.");
    const n = a[1] as number;
    if (n === -1) {
      if (s.is_fake) throw new TorchRuntimeError("one_hot with num_classes=-1 depends on the data; pass num_classes");
      const v = s._values();
      let mx = -1;
      for (let i = 0; i < v.length; i++) mx = Math.max(mx, v[i]!);
      return out([...s.shape, mx + 1], int64);
    }
    return out([...s.shape, n], int64);
  },
  kernel: (a, r) => {
    const v = T(a[0])._values();
    const shape = (r as Tensor)._sizes();
    const C = shape[shape.length - 1]!;
    const res = new Float64Array(v.length * C);
    for (let i = 0; i < v.length; i++) {
      check(v[i]! >= 0, "Class values must be non-negative.");
      check(v[i]! < C, "Class values must be smaller than num_classes.");
      res[i * C + v[i]!] = 1;
    }
    return res;
  },
});

// ---- sort / argsort / topk along a dim (stable; NaN sorts as the largest value)
function sortAlong(t: Tensor, dim: number, descending: boolean, k: number | null): [Float64Array, Float64Array, number[]] {
  const shape = t._sizes();
  const d = t.ndim === 0 ? 0 : wrapDim(dim, t.ndim);
  const v = t._values();
  const n = t.ndim === 0 ? 1 : shape[d]!;
  const after = t.ndim === 0 ? 1 : numelOf(shape.slice(d + 1));
  const before = t.ndim === 0 ? 1 : numelOf(shape.slice(0, d));
  const keep = k ?? n;
  const outShape = [...shape];
  if (t.ndim > 0) outShape[d] = keep;
  const vals = new Float64Array(before * keep * after);
  const idxs = new Float64Array(before * keep * after);
  const cmp = (x: number, y: number) => {
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn === yn ? 0 : xn ? (descending ? -1 : 1) : descending ? 1 : -1;
    return descending ? y - x : x - y;
  };
  const order = new Array<number>(n);
  for (let b = 0; b < before; b++) {
    for (let a = 0; a < after; a++) {
      for (let i = 0; i < n; i++) order[i] = i;
      const at = (i: number) => v[(b * n + i) * after + a]!;
      order.sort((i, j) => cmp(at(i), at(j)) || i - j);
      for (let i = 0; i < keep; i++) {
        vals[(b * keep + i) * after + a] = at(order[i]!);
        idxs[(b * keep + i) * after + a] = order[i]!;
      }
    }
  }
  return [vals, idxs, outShape];
}
def("sort.default", {
  meta: (a) => {
    const t = T(a[0]);
    if (t.ndim > 0) wrapDim(a[1] as number, t.ndim);
    return [out(t.shape, t.dtype), out(t.shape, int64)];
  },
  kernel: (a) => sortAlong(T(a[0]), a[1] as number, a[2] as boolean, null).slice(0, 2) as Float64Array[],
});
def("sort.stable", {
  meta: (a) => [out(T(a[0]).shape, T(a[0]).dtype), out(T(a[0]).shape, int64)],
  kernel: (a) => sortAlong(T(a[0]), a[2] as number, a[3] as boolean, null).slice(0, 2) as Float64Array[],
});
def("argsort.default", { meta: (a) => out(T(a[0]).shape, int64), kernel: (a) => sortAlong(T(a[0]), a[1] as number, a[2] as boolean, null)[1] });
def("argsort.stable", { meta: (a) => out(T(a[0]).shape, int64), kernel: (a) => sortAlong(T(a[0]), a[2] as number, a[3] as boolean, null)[1] });
def("topk.default", {
  meta: (a) => {
    const t = T(a[0]);
    const d = t.ndim === 0 ? 0 : wrapDim(a[2] as number, t.ndim);
    const k = a[1] as Size;
    const size = t.ndim === 0 ? 1 : t.shape[d]!;
    if (typeof k === "number" && typeof size === "number") {
      check(k >= 0 && k <= size, "selected index k out of range");
    }
    const shape = [...t.shape];
    if (t.ndim > 0) shape[d] = k;
    return [out(shape, t.dtype), out(shape, int64)];
  },
  kernel: (a) => sortAlong(T(a[0]), a[2] as number, a[3] as boolean, a[1] as number).slice(0, 2) as Float64Array[],
});
