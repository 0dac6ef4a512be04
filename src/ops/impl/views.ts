// View ops: the output shares the input's storage with new sizes, strides and offset.
import { Tensor, contiguousStridesOf } from "../../tensor/tensor.js";
import { check, TorchIndexError, TorchRuntimeError } from "../errors.js";
import { SymInt, guardSize, isSymbolic, sizeAdd, sizeCeilDiv, sizeEq, sizeEqSym, sizeFloorDiv, sizeGeSym, sizeGtSym, sizeLeSym, sizeLtSym, sizeMax, sizeMin, sizeMul, sizeNeg, sizeSub, type Size } from "../size.js";
import { SymBool, guardBool, guardOrFalse } from "../../symbolic/symbool.js";
import { _check, expectTrue } from "../../symbolic/checks.js";
import { dispatchHooks } from "../dispatch.js";
import { op } from "../registry.js";
import { isContiguousLayout } from "../../tensor/strided.js";
import { def, fmtShape, T, wrapDim } from "./util.js";
import { inferSizeChecked, inferSizeSym, reshapeViewSym, viewHasUnbackedInput, viewUnbackedSym } from "./reshape_alg.js";

const view = (t: Tensor, shape: readonly Size[], stride: readonly Size[], offset: Size = t._offset) =>
  new Tensor(t.dtype, shape, stride, offset, null);

const mul = (a: Size, b: Size): Size => (typeof a === "number" && typeof b === "number" ? a * b : sizeMul(a, b));
const numel = (s: readonly Size[]) => s.reduce<Size>((n, d) => mul(n, d), 1);
const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));

/** Resolves one -1 in a requested shape against `n` elements (PyTorch's infer_size). */
export function inferSize(shape: readonly Size[], n: Size): Size[] {
  let infer = -1;
  let known: Size = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      check(infer < 0, "only one dimension can be inferred");
      infer = i;
    } else {
      if (typeof d === "number") check(d >= 0, `invalid shape dimension ${d}`);
      known = mul(known, d);
    }
  });
  const res = [...shape];
  const bad = () => new TorchRuntimeError(`shape '${fmtShape(shape)}' is invalid for input of size ${String(n)}`);
  if (infer >= 0) {
    if (eqS(known, 0)) throw new TorchRuntimeError(`cannot reshape tensor of 0 elements into shape ${fmtShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`);
    const q = sizeFloorDiv(n, known);
    if (!eqS(mul(q, known), n)) throw bad();
    res[infer] = q;
  } else if (!eqS(known, n)) throw bad();
  return res;
}

/** Strides for viewing (oldShape, oldStride) as newShape, or null when impossible (computeStride). */
export function viewStrides(oldShape: readonly Size[], oldStride: readonly Size[], newShape: readonly Size[]): Size[] | null {
  if (oldShape.some(isSymbolic) || newShape.some(isSymbolic) || oldStride.some(isSymbolic)) {
    // Symbolic: only contiguous inputs can be viewed (what PyTorch guards on, too).
    const cs = contiguousStridesOf(oldShape);
    return oldStride.every((s, i) => s === cs[i] || oldShape[i] === 1) ? contiguousStridesOf(newShape) : null;
  }
  const os = oldShape.length ? (oldShape as number[]) : [1];
  const ost = oldStride.length ? (oldStride as number[]) : [1];
  const ns = newShape as number[];
  const n = os.reduce((a, b) => a * b, 1);
  if (n === 0) return contiguousStridesOf(ns);
  const res = new Array<number>(ns.length);
  let viewD = ns.length - 1;
  let chunkBase = ost[ost.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = os.length - 1; d >= 0; d--) {
    tensorNumel *= os[d]!;
    if (d === 0 || (os[d - 1] !== 1 && ost[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || ns[viewD] === 1)) {
        res[viewD] = viewNumel * chunkBase;
        viewNumel *= ns[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = ost[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return res;
}

const anySym = (...lists: (readonly Size[])[]) => lists.some((l) => l.some(isSymbolic));

/**
 * Fast path for the common traced view `x.view(b, t, 4, 8)`: when the leading sizes are the very
 * same values and everything after them is static, the reference algorithm only compares static
 * numbers past the prefix (no guards), so it runs on the static suffix alone.
 */
function staticSuffixReshape(self: Tensor, size: readonly Size[]): { shape: Size[]; stride: Size[] } | null {
  // `x.view(-1, C)` on a contiguous [*, C]: flattening the leading dims is the reference
  // algorithm's contiguous nd→1d case on those dims (its only comparisons are static there).
  if (size.length >= 2 && size[0] === -1 && self.is_contiguous() && self.ndim > size.length) {
    const tail = size.slice(1);
    const off = self.ndim - tail.length;
    if (tail.every((d, i) => typeof d === "number" && d === self.shape[off + i])) {
      const lead = self.shape.slice(0, off).reduce<Size>((a, d) => sizeMul(a, d), 1);
      const shape = [lead, ...tail];
      return { shape, stride: contiguousStridesOf(shape) };
    }
  }
  let k = 0;
  while (k < self.ndim && k < size.length && self.shape[k] === size[k] && size[k] !== -1) k++;
  if (k === 0) return null;
  const oldS = self.shape.slice(k);
  const newS = size.slice(k);
  const oldSt = self._stride.slice(k);
  if (oldS.some(isSymbolic) || newS.some(isSymbolic) || oldSt.some(isSymbolic) || oldS.length === 0 || newS.length === 0) return null;
  const n = (oldS as number[]).reduce((a, b) => a * b, 1);
  const shape = inferSizeSym(newS, n);
  const l = reshapeViewSym(oldS, oldSt, shape, n, isContiguousLayout(oldS as number[], oldSt as number[]));
  if (!l) return null;
  return { shape: [...size.slice(0, k), ...l.shape], stride: [...self._stride.slice(0, k), ...l.stride] };
}

/** View or reshape with symbolic sizes: PyTorch's reference algorithm (its guards included). */
function symbolicReshape(self: Tensor, size: readonly Size[], allowCopy: boolean): Tensor {
  const fast = staticSuffixReshape(self, size);
  if (fast) return view(self, fast.shape, fast.stride);
  const numel = self.numel();
  if (viewHasUnbackedInput(self.shape, self._stride, size)) {
    // fake_impls._view_meta: size-oblivious, torch._check instead of data-dependent guards.
    const u = viewUnbackedSym(self.shape, self._stride, size, numel);
    if (u) return view(self, u.shape, u.stride);
    if (!allowCopy) {
      throw new TorchRuntimeError(`Cannot view a tensor with shape ${fmtShape(self.shape)} and strides ${fmtShape(self._stride)} as a tensor with shape ${fmtShape(size)}!`);
    }
    return new Tensor(self.dtype, inferSizeChecked(size, numel), undefined, 0, null);
  }
  const shape = inferSizeSym(size, numel);
  const l = reshapeViewSym(self.shape, self._stride, shape, numel, self.is_contiguous(), allowCopy);
  if (l) return view(self, l.shape, l.stride);
  if (!allowCopy) {
    throw new TorchRuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  }
  return new Tensor(self.dtype, shape, undefined, 0, null);
}

function viewMeta(self: Tensor, size: readonly Size[]): Tensor {
  if (anySym(self.shape, self._stride, size)) return symbolicReshape(self, size, false);
  const shape = inferSize(size, self.numel());
  const st = self.is_contiguous() ? contiguousStridesOf(shape) : viewStrides(self.shape, self._stride, shape);
  if (!st) {
    throw new TorchRuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  }
  return view(self, shape, st);
}
def(["view.default", "_unsafe_view.default"], { meta: (a) => viewMeta(T(a[0]), a[1] as Size[]) });
def("view_as.default", { meta: (a) => viewMeta(T(a[0]), T(a[1]).shape) });
def("alias.default", { meta: (a) => view(T(a[0]), T(a[0]).shape, T(a[0])._stride) });
def(["detach.default"], { meta: (a) => view(T(a[0]), T(a[0]).shape, T(a[0])._stride) });

export function expandMeta(self: Tensor, size: readonly Size[]): Tensor {
  check(size.length >= self.ndim, () =>
    `expand(torch.FloatTensor{[${self.shape.join(", ")}]}, size=[${size.join(", ")}]): the number of sizes provided (${size.length}) must be greater or equal to the number of dimensions in the tensor (${self.ndim})`);
  const off = size.length - self.ndim;
  const shape: Size[] = [];
  const stride: Size[] = [];
  size.forEach((d, i) => {
    const j = i - off;
    if (j < 0) {
      check(d !== -1, `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      shape.push(d);
      stride.push(0);
      return;
    }
    const cur = self.shape[j]!;
    if (d === -1 || d === cur) {
      shape.push(cur);
      stride.push(self._stride[j]!);
    } else if (typeof cur === "number" ? cur === 1 : guardOrFalse(sizeEqSym(cur, 1))) {
      shape.push(d);
      stride.push(0);
    } else if (isUnbacked(cur) || isUnbacked(d)) {
      // A data-dependent size not known to be 1 is not broadcast: it must equal the target,
      // checked at run time (torch._check: a deferred assert, e.g. Eq(u0, u1)).
      _check(sizeEqSym(cur, d), () =>
        `The expanded size of the tensor (${String(d)}) must match the existing size (${String(cur)}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(size)}.  Tensor sizes: ${fmtShape(self.shape)}`);
      shape.push(cur);
      stride.push(self._stride[j]!);
    } else if (eqS(cur, d)) {
      shape.push(cur);
      stride.push(self._stride[j]!);
    } else {
      throw new TorchRuntimeError(
        `The expanded size of the tensor (${String(d)}) must match the existing size (${String(cur)}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(size)}.  Tensor sizes: ${fmtShape(self.shape)}`);
    }
  });
  return view(self, shape, stride);
}
def("expand.default", { meta: (a) => expandMeta(T(a[0]), a[1] as Size[]) });

function permuteMeta(self: Tensor, dims: readonly number[]): Tensor {
  check(dims.length === self.ndim, () =>
    `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${self.ndim} is not equal to len(dims) = ${dims.length}`);
  const w = dims.map((d) => wrapDim(d, self.ndim));
  const seen = new Set<number>();
  for (const d of w) {
    check(!seen.has(d), "permute(): duplicate dims are not allowed.");
    seen.add(d);
  }
  return view(self, w.map((d) => self.shape[d]!), w.map((d) => self._stride[d]!));
}
def("permute.default", { meta: (a) => permuteMeta(T(a[0]), a[1] as number[]) });

function transposeMeta(self: Tensor, d0: number, d1: number): Tensor {
  const n = self.ndim;
  if (n === 0) return view(self, [], []);
  const a = wrapDim(d0, n);
  const b = wrapDim(d1, n);
  const perm = Array.from({ length: n }, (_, i) => (i === a ? b : i === b ? a : i));
  return view(self, perm.map((d) => self.shape[d]!), perm.map((d) => self._stride[d]!));
}
def("transpose.int", { meta: (a) => transposeMeta(T(a[0]), a[1] as number, a[2] as number) });
def("t.default", {
  meta: (a) => {
    const s = T(a[0]);
    check(s.ndim <= 2, `t() expects a tensor with <= 2 dimensions, but self is ${s.ndim}D`);
    return transposeMeta(s, 0, s.ndim < 2 ? 0 : 1);
  },
});

function unsqueezeMeta(self: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, self.ndim + 1);
  const shape = [...self.shape];
  const stride = [...self._stride];
  const st = d >= self.ndim ? 1 : mul(self.shape[d]!, self._stride[d]!);
  shape.splice(d, 0, 1);
  stride.splice(d, 0, st);
  return view(self, shape, stride);
}
def("unsqueeze.default", { meta: (a) => unsqueezeMeta(T(a[0]), a[1] as number) });

function squeezeMeta(self: Tensor, dims: readonly number[] | null): Tensor {
  const w = dims === null ? null : dims.map((d) => wrapDim(d, self.ndim));
  const shape: Size[] = [];
  const stride: Size[] = [];
  self.shape.forEach((s, i) => {
    const drop = (w === null || w.includes(i)) && (typeof s === "number" ? s === 1 : false);
    if (!drop) {
      shape.push(s);
      stride.push(self._stride[i]!);
    }
  });
  return view(self, shape, stride);
}
def("squeeze.default", { meta: (a) => squeezeMeta(T(a[0]), null) });
def("squeeze.dim", { meta: (a) => squeezeMeta(T(a[0]), [a[1] as number]) });
def("squeeze.dims", { meta: (a) => squeezeMeta(T(a[0]), a[1] as number[]) });

/** Clamps a Python-style slice bound into [0, size]; bigint bounds (INT64_MAX) mean "open". */
function clampIndex(v: Size | bigint | null, size: Size, dflt: Size): Size | null {
  if (v === null || v === undefined) return dflt;
  // A number past 2^53 (sys.maxsize given as a JS number) is as far out as its exact int64 value.
  if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) v = BigInt(v);
  if (typeof v === "bigint") {
    if (v >= 2n ** 53n) return size;
    if (v <= -(2n ** 53n)) return 0;
    v = Number(v);
  }
  if (typeof v === "number" && typeof size === "number") {
    if (v < 0) v += size;
    return Math.min(Math.max(v, 0), size);
  }
  if (typeof v === "number" && v < 0) v = sizeAdd(v, size);
  if (v instanceof SymInt && v.hint === null) {
    // A data-dependent bound (item()): used as is when its range keeps it inside [0, size] (or
    // [-size, 0) from the end), else the slice's length is a fresh unbacked size (null here).
    if (known(sizeGeSym(v, 0)) && known(sizeLeSym(v, size))) return v;
    if (known(sizeLtSym(v, 0)) && known(sizeGeSym(sizeAdd(v, size), 0))) return sizeAdd(v, size);
    return null;
  }
  // A backed symbolic bound: fake_impls' _compute_slice_index, whose guard_or_false guards on
  // the example values (`round(s77/2) >= 0 and round(s77/2) <= s77`).
  if (guardOrFalse(symAnd(sizeGeSym(v, 0), sizeLeSym(v, size)))) return v;
  if (guardOrFalse(symAnd(sizeLtSym(v, 0), sizeGeSym(v, sizeNeg(size))))) return sizeAdd(v, size);
  if (guardOrFalse(sizeLtSym(v, sizeNeg(size)))) return 0;
  if (guardOrFalse(sizeGtSym(v, size))) return size;
  if (guardOrFalse(sizeGeSym(v, 0))) return sizeMin(v, size);
  if (guardOrFalse(sizeLtSym(v, 0))) return sizeMax(sizeAdd(v, size), 0);
  return sizeMin(sizeMax(v, 0), size);
}

/** torch.sym_and on booleans and SymBools. */
function symAnd(a: SymBool | boolean, b: SymBool | boolean): SymBool | boolean {
  if (a === false || b === false) return false;
  if (a === true) return b;
  return a.and(b);
}

const known = (b: boolean | { staticallyKnownTrue(): boolean }): boolean => (typeof b === "boolean" ? b : b.staticallyKnownTrue());

// A slice length that depends on data: an unbacked size in [0, size].
function unbackedLength(size: Size): Size {
  const make = dispatchHooks.createUnbackedSymInt;
  if (!make) throw new TorchRuntimeError("slice() with a data-dependent bound needs an unbacked size (run under the tracer)");
  const len = make();
  if (len instanceof SymInt) len.env.constrainRange(len.expr, 0, typeof size === "number" ? size : Infinity);
  return len;
}

const isUnbacked = (v: Size): boolean => v instanceof SymInt && v.hint === null;

export function sliceMeta(self: Tensor, dim: number, start: Size | bigint | null, end: Size | bigint | null, step: number): Tensor {
  check(self.ndim > 0, "slice() cannot be applied to a 0-dim tensor.");
  const d = wrapDim(dim, self.ndim);
  check(step > 0, "slice step must be positive");
  const size = self.shape[d]!;
  const s1 = clampIndex(start, size, 0);
  let e0 = clampIndex(end, size, size);
  const s0 = s1 ?? (start as Size);
  let len: Size;
  if (s1 === null || e0 === null) len = unbackedLength(size);
  else {
    if (typeof s0 === "number" && typeof e0 === "number" && e0 < s0) e0 = s0;
    else if (isUnbacked(s0) || isUnbacked(e0)) {
      if (!known(sizeGeSym(e0, s0))) e0 = sizeMax(e0, s0);
    } else if (typeof s0 !== "number" || typeof e0 !== "number") {
      // slice_forward: guard_or_false(end >= start), then (start >= end) gives 0, else max(end - start, 0).
      if (!guardOrFalse(sizeGeSym(e0, s0))) e0 = guardOrFalse(sizeGeSym(s0, e0)) ? s0 : sizeMax(e0, s0);
    }
    len = step === 1 ? sizeSub(e0, s0) : sizeFloorDiv(sizeAdd(sizeSub(e0, s0), step - 1), step);
  }
  const shape = [...self.shape];
  const stride = [...self._stride];
  shape[d] = len;
  stride[d] = mul(self._stride[d]!, step);
  return view(self, shape, stride, sizeAdd(self._offset, mul(s0, self._stride[d]!)));
}
def("slice.Tensor", { meta: (a) => sliceMeta(T(a[0]), a[1] as number, a[2] as Size | null, a[3] as Size | null, a[4] as number) });

export function selectMeta(self: Tensor, dim: number, index: Size): Tensor {
  if (self.ndim === 0) throw new TorchIndexError("select() cannot be applied to a 0-dim tensor.");
  const d = wrapDim(dim, self.ndim);
  const size = self.shape[d]!;
  let i = index;
  if (typeof i === "number" && typeof size === "number") {
    if (i < -size || i >= size) {
      throw new TorchIndexError(`select(): index ${i} out of range for tensor of size ${fmtShape(self.shape)} at dimension ${d}`);
    }
    if (i < 0) i += size;
  } else if (typeof i === "number" && i < 0) i = sizeAdd(i, size);
  const shape = self.shape.filter((_, k) => k !== d);
  const stride = self._stride.filter((_, k) => k !== d);
  return view(self, shape, stride, sizeAdd(self._offset, mul(i, self._stride[d]!)));
}
def("select.int", { meta: (a) => selectMeta(T(a[0]), a[1] as number, a[2] as Size) });

def("narrow.default", {
  meta: (a) => {
    const self = T(a[0]);
    const d = wrapDim(a[1] as number, self.ndim);
    let start = a[2] as Size;
    const len = a[3] as Size;
    const size = self.shape[d]!;
    if (typeof start === "number" && typeof len === "number" && typeof size === "number") {
      const s = start < 0 ? start + size : start;
      check(s >= 0 && s + len <= size, `start (${s}) + length (${len}) exceeds dimension size (${size}).`);
      return sliceMeta(self, d, s, s + len, 1);
    }
    // narrow_symint: TORCH_SYM_CHECKs (deferred on data-dependent values), but `if (start < 0)` is
    // a plain guard, which raises on a data-dependent start (u0 < 0) as PyTorch does.
    _check(sizeGeSym(len, 0), () => "narrow(): length must be non-negative.");
    if (!expectTrue(sizeLeSym(sizeNeg(size), start)) || !expectTrue(sizeLeSym(start, size))) {
      throw new TorchIndexError(`start out of range (expected to be in range of [${String(sizeNeg(size))}, ${String(size)}], but got ${String(start)})`);
    }
    if (typeof start === "number" ? start < 0 : guardBool(sizeLtSym(start, 0))) start = sizeAdd(start, size);
    _check(sizeLeSym(start, sizeSub(size, len)), () => `start (${String(start)}) + length (${String(len)}) exceeds dimension size (${String(size)}).`);
    return sliceMeta(self, d, start, sizeAdd(start, len), 1);
  },
});

function splitSizes(size: Size, split: Size): Size[] {
  if (typeof size === "number" && typeof split === "number") {
    check(split >= 0, `split expects split_size be non-negative, but got split_size=${split}`);
    if (split === 0) return size === 0 ? [0] : [];
    const n = Math.max(Math.ceil(size / split), 1);
    return Array.from({ length: n }, (_, i) => Math.min(split, size - i * split));
  }
  // PyTorch's split: num_splits = max(ceil(dim_size / split_size), 1) is an int (a guard on the
  // symbolic count); every chunk is split_size but the last, dim_size - split_size * (num_splits - 1).
  check(typeof split !== "number" || split > 0, () => `split expects split_size be non-negative, but got split_size=${String(split)}`);
  const n = Math.max(guardSize(sizeCeilDiv(size, split)), 1);
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? split : sizeSub(size, sizeMul(split, n - 1))));
}

function splitWithSizesMeta(self: Tensor, sizes: readonly Size[], dim: number): Tensor[] {
  const d = wrapDim(dim, self.ndim);
  const total = sizes.reduce<Size>((x, y) => sizeAdd(x, y), 0);
  check(eqS(total, self.shape[d]!), () =>
    `split_with_sizes expects split_sizes to sum exactly to ${String(self.shape[d])} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(sizes)}`);
  let start: Size = 0;
  return sizes.map((s) => {
    const t = sliceMeta(self, d, start, sizeAdd(start, s), 1);
    start = sizeAdd(start, s);
    return t;
  });
}
def("split_with_sizes.default", { meta: (a) => splitWithSizesMeta(T(a[0]), a[1] as Size[], a[2] as number) });
def("split.Tensor", {
  meta: (a) => {
    const self = T(a[0]);
    const d = wrapDim(a[2] as number, self.ndim);
    return splitWithSizesMeta(self, splitSizes(self.shape[d]!, a[1] as Size), d);
  },
});
def("split.sizes", { meta: (a) => splitWithSizesMeta(T(a[0]), a[1] as Size[], a[2] as number) });
def("chunk.default", {
  meta: (a) => {
    const self = T(a[0]);
    const chunks = a[1] as number;
    check(chunks > 0, `chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
    const d = wrapDim(a[2] as number, self.ndim);
    const size = self.shape[d]!;
    const each = typeof size === "number" ? Math.ceil(size / chunks) : sizeFloorDiv(sizeAdd(size, chunks - 1), chunks);
    return splitWithSizesMeta(self, splitSizes(size, each), d);
  },
});
def("unbind.int", {
  meta: (a) => {
    const self = T(a[0]);
    const d = wrapDim(a[1] as number, self.ndim);
    const n = self.shape[d]!;
    if (typeof n !== "number") throw new TorchRuntimeError("unbind over a symbolic dimension is data-dependent");
    return Array.from({ length: n }, (_, i) => selectMeta(self, d, i));
  },
});

def("flatten.using_ints", {
  meta: (a) => {
    const self = T(a[0]);
    if (self.ndim === 0) return viewOrCopyMeta(self, [1]);
    const s = wrapDim(a[1] as number, self.ndim);
    const e = wrapDim(a[2] as number, self.ndim);
    check(s <= e, "flatten() has invalid args: start_dim cannot come after end_dim");
    if (s === e) return view(self, self.shape, self._stride);
    const merged = numel(self.shape.slice(s, e + 1));
    return viewOrCopyMeta(self, [...self.shape.slice(0, s), merged, ...self.shape.slice(e + 1)]);
  },
});
def("unflatten.int", {
  meta: (a) => {
    const self = T(a[0]);
    const d = wrapDim(a[1] as number, self.ndim);
    const sizes = a[2] as Size[];
    check(sizes.length > 0, "unflatten: sizes must be non-empty");
    const inner = inferSize(sizes, self.shape[d]!);
    return viewOrCopyMeta(self, [...self.shape.slice(0, d), ...inner, ...self.shape.slice(d + 1)]);
  },
});

/** reshape's meta: a view when the strides allow it, else a fresh contiguous tensor. */
export function viewOrCopyMeta(self: Tensor, size: readonly Size[]): Tensor {
  if (anySym(self.shape, self._stride, size)) return symbolicReshape(self, size, true);
  const shape = inferSize(size, self.numel());
  const st = viewStrides(self.shape, self._stride, shape);
  return st ? view(self, shape, st) : new Tensor(self.dtype, shape, contiguousStridesOf(shape), 0, null);
}

// reshape / flatten / unflatten alias the input only when a view is possible, so eager mode
// decides per call instead of trusting the schema's alias annotation.
function reshapeEager(self: Tensor, size: readonly Size[]): Tensor {
  const r = viewOrCopyMeta(self, size);
  if (r._offset === self._offset && viewStrides(self.shape, self._stride, r.shape)) {
    r._storage = self._storage;
    return r;
  }
  r._allocate();
  r._writeLogical(self._values());
  return r;
}
def("reshape.default", {
  meta: (a) => viewOrCopyMeta(T(a[0]), a[1] as Size[]),
  eager: (a) => reshapeEager(T(a[0]), a[1] as Size[]),
});
for (const key of ["flatten.using_ints", "unflatten.int"]) {
  const meta = op(key).impl!.meta;
  op(key).impl = { meta, eager: (a) => reshapeEager(T(a[0]), (meta(a) as Tensor).shape) };
}
def("expand_as.default", { meta: (a) => expandMeta(T(a[0]), T(a[1]).shape) });
