// Advanced indexing with integer/boolean index tensors: index (x[idx]) and index_put (x[idx] = v).
// Both map every element of the indexed result to a position in self (indexPositions).
import { Tensor } from "../../tensor/tensor.js";
import { bool, int64, uint8 } from "../../tensor/dtype.js";
import { contiguousStrides, numelOf } from "../../tensor/strided.js";
import { broadcastValues } from "../kernels/elementwise.js";
import { check, TorchIndexError, TorchRuntimeError } from "../errors.js";
import { dispatchHooks } from "../dispatch.js";
import { sizeEq, type Size } from "../size.js";
import { broadcastShapes, def, fmtShape, out, T } from "./util.js";
import { flat, forEachIndex, nonzeroCount } from "./indexing.js";

const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const isMask = (t: Tensor | null) => t !== null && (t.dtype === bool || t.dtype === uint8);

/** Boolean masks become one int64 index vector per dim they cover (their nonzero coordinates). */
function expandBoolIndices(self: Tensor, indices: readonly (Tensor | null)[]): (Tensor | null)[] {
  const res: (Tensor | null)[] = [];
  let d = 0;
  for (const ix of indices) {
    if (ix && isMask(ix)) {
      for (let k = 0; k < ix.ndim; k++) {
        check(eqS(ix.shape[k]!, self.shape[d + k]!), () =>
          `The shape of the mask ${fmtShape(ix.shape)} at index ${k} does not match the shape of the indexed tensor ${fmtShape(self.shape)} at index ${d + k}`);
      }
      const shape = ix._sizes();
      const v = ix._values();
      const coords: number[][] = shape.map(() => []);
      forEachIndex(shape, (i, idx) => {
        if (v[i] !== 0) idx.forEach((x, k) => coords[k]!.push(x));
      });
      for (const c of coords) res.push(Tensor.fromStorage(Float64Array.from(c), [c.length], int64));
      d += ix.ndim;
    } else {
      res.push(ix);
      d++;
    }
  }
  return res;
}

/** Result shape of x[indices]: broadcast index shape placed where the indexed dims were (or first). */
function indexShape(self: Tensor, idx: readonly (Tensor | null)[]): { shape: Size[]; bshape: Size[]; first: number; contiguous: boolean } {
  check(idx.length <= self.ndim, () => `too many indices for tensor of dimension ${self.ndim} (got ${idx.length})`);
  const used = idx.map((t, i) => (t ? i : -1)).filter((i) => i >= 0);
  for (const i of used) {
    const t = idx[i]!;
    check(t.dtype === int64 || t.dtype.name === "int32" || isMask(t), "tensors used as indices must be long, int, byte or bool tensors");
  }
  const bshape = broadcastShapes(...used.map((i) => idx[i]!.shape));
  const contiguous = used.length === 0 || used[used.length - 1]! - used[0]! + 1 === used.length;
  const first = used[0] ?? 0;
  const rest = self.shape.map((d, i) => (idx[i] ? null : d));
  const shape = contiguous
    ? [...(rest.slice(0, first).filter((x) => x !== null) as Size[]), ...bshape, ...(rest.slice(first).filter((x) => x !== null) as Size[])]
    : [...bshape, ...(rest.filter((x) => x !== null) as Size[])];
  return { shape, bshape, first, contiguous };
}

/** The indexed result's shape and, per result element, its logical position in self. */
function indexPositions(self: Tensor, raw: readonly (Tensor | null)[]): { shape: number[]; pos: Float64Array } {
  const idx = expandBoolIndices(self, raw);
  const { shape, bshape, first, contiguous } = indexShape(self, idx);
  const outShape = shape as number[];
  const bs = bshape as number[];
  const sShape = self._sizes();
  const st = contiguousStrides(sShape);
  const ivs = idx.map((t) => (t ? broadcastValues(t, bs) : null));
  const bst = contiguousStrides(bs);
  const restDims = sShape.map((_, i) => i).filter((i) => !idx[i]);
  const nBefore = contiguous ? restDims.filter((d) => d < first).length : 0;
  const pos = new Float64Array(numelOf(outShape));
  forEachIndex(outShape, (i, ix) => {
    const bflat = flat(ix.slice(nBefore, nBefore + bs.length), bst);
    const restIx = [...ix.slice(0, nBefore), ...ix.slice(nBefore + bs.length)];
    let p = 0;
    let r = 0;
    for (let dim = 0; dim < sShape.length; dim++) {
      let j: number;
      if (idx[dim]) {
        j = ivs[dim]![bflat]!;
        if (j < -sShape[dim]! || j >= sShape[dim]!) {
          throw new TorchIndexError(`index ${j} is out of bounds for dimension ${dim} with size ${sShape[dim]}`);
        }
        if (j < 0) j += sShape[dim]!;
      } else j = restIx[r++]!;
      p += j * st[dim]!;
    }
    pos[i] = p;
  });
  return { shape: outShape, pos };
}

/** Fake-tensor shape: a mask contributes one unbacked-length index per dim it covers. */
function indexMetaShape(self: Tensor, raw: readonly (Tensor | null)[]): Size[] {
  let idx = raw;
  // Real masks have a concrete count; only fake ones need an unbacked size.
  if (raw.some(isMask) && raw.every((t) => !isMask(t) || !t!.is_fake)) idx = expandBoolIndices(self, raw);
  else if (raw.some(isMask)) {
    const make = dispatchHooks.createUnbackedSymInt;
    if (!make) throw new TorchRuntimeError("boolean mask indexing on a fake tensor needs an unbacked size (run under the tracer)");
    const mask = raw.find((t) => t && isMask(t))!;
    const u = nonzeroCount(make(), mask);
    idx = raw.flatMap((t) => (t && isMask(t) ? Array.from({ length: t.ndim }, () => out([u], int64)) : [t]));
  }
  return indexShape(self, idx).shape;
}

def("index.Tensor", {
  meta: (a) => out(indexMetaShape(T(a[0]), a[1] as (Tensor | null)[]), T(a[0]).dtype),
  eager: (a) => {
    const self = T(a[0]);
    const { shape, pos } = indexPositions(self, a[1] as (Tensor | null)[]);
    const sv = self._values();
    const t = out(shape, self.dtype);
    t._allocate();
    t._writeLogical(pos.map((p) => sv[p]!));
    return t;
  },
});

// index_put(self, indices, values, accumulate): values broadcast to the indexed shape.
function indexPut(a: unknown[]): Float64Array {
  const self = T(a[0]);
  const values = T(a[2]);
  const { shape, pos } = indexPositions(self, a[1] as (Tensor | null)[]);
  const vals = broadcastValues(values, shape);
  const res = Float64Array.from(self._values() as ArrayLike<number>);
  for (let i = 0; i < pos.length; i++) res[pos[i]!] = a[3] ? res[pos[i]!]! + vals[i]! : vals[i]!;
  return res;
}
function indexPutMeta(a: unknown[]): Tensor {
  const self = T(a[0]);
  const values = T(a[2]);
  check(values.dtype === self.dtype, () =>
    `Index put requires the source and destination dtypes match, got ${self.dtype.name === "float32" ? "Float" : self.dtype.name} for the destination and ${values.dtype.name === "float32" ? "Float" : values.dtype.name} for the source.`);
  const shape = indexMetaShape(self, a[1] as (Tensor | null)[]);
  broadcastShapes(values.shape, shape);
  return self;
}
def(["index_put_.default", "index_put_.hacked_twin"], { meta: indexPutMeta, kernel: indexPut });
def(["index_put.default", "index_put.hacked_twin"], {
  meta: (a) => out(indexPutMeta(a).shape, T(a[0]).dtype),
  kernel: indexPut,
});
