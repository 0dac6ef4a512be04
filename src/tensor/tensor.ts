// The Tensor: dtype, sizes, strides and storage offset, plus a storage (a typed array shared by
// views) — or no storage at all for a fake tensor, which only carries metadata (possibly symbolic
// sizes) for meta functions and the tracer. Op methods live in tensor_methods.ts.
import { DType, float32 } from "./dtype.js";
import type { Storage } from "./dtype.js";
import { contiguousStrides, gather, numelOf, scatterInto, isContiguousLayout } from "./strided.js";
import { isSymbolic, sizeEqSym, sizeNeSym, sizeLtSym, sizeMax, sizeMul, sizeProduct, type Size } from "../ops/size.js";
import { guardBool, guardOrFalse, guardOrTrue } from "../symbolic/symbool.js";
import { TorchIndexError, TorchRuntimeError } from "../ops/errors.js";

/** Symbolic-aware contiguous strides, as make_contiguous_strides_for: each size enters as
 * `sym_max(size, 1)`, so a symbolic size the expression constructors cannot show to be >= 1 leaves
 * a `Max(1, size)` factor (ShapeEnv.simplify drops it where the ranges allow). */
export function contiguousStridesOf(shape: readonly Size[]): Size[] {
  const s = new Array<Size>(shape.length);
  let acc: Size = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    if (i === 0) break; // the full product is not a stride
    const d = shape[i]!;
    acc = typeof d === "number" && typeof acc === "number" ? acc * Math.max(d, 1) : sizeMul(acc, sizeMax(d, 1));
  }
  return s;
}

/**
 * torch/_prims_common check_contiguous_sizes_strides (2.11), innermost dim first: a size-1 dim is
 * skipped (`guard_or_false(x == 1)`), and a stride matches either the plain product of the inner
 * sizes or the product of their `sym_max(x, 1)` (the two spellings of contiguous strides). With
 * `falseIfDde` the checks are guard_or_false / guard_or_true (no data-dependent error; backed
 * sizes still guard), else plain bool() (guards, or raises on unbacked sizes).
 */
export function checkContiguousSizesStrides(sizes: readonly Size[], strides: readonly Size[], falseIfDde = true): boolean {
  const orFalse = falseIfDde ? guardOrFalse : guardBool;
  const orTrue = falseIfDde ? guardOrTrue : guardBool;
  let expected: Size = 1;
  let expectedMax: Size = 1;
  for (let d = sizes.length - 1; d >= 0; d--) {
    const x = sizes[d]!;
    if (orFalse(sizeEqSym(x, 1))) continue;
    const y = strides[d]!;
    if (orTrue(sizeNeSym(y, expected)) && orTrue(sizeNeSym(y, expectedMax))) return false;
    expectedMax = sizeMul(expectedMax, sizeMax(x, 1));
    expected = sizeMul(expected, x);
  }
  return true;
}

/** is_contiguous_for_memory_format_or_false(t, contiguous_format) (2.11 _prims_common
 * is_contiguous with false_if_dde): a tensor of fewer than 2 elements is contiguous. */
export function isContiguousOrFalse(sizes: readonly Size[], strides: readonly Size[]): boolean {
  if (guardOrFalse(sizeLtSym(sizeProduct(sizes), 2))) return true;
  return checkContiguousSizesStrides(sizes, strides, true);
}

/** is_contiguous_for_memory_format_or_false(t, channels_last) (2.11 _prims_common
 * is_channels_last_contiguous_2d with false_if_dde): dims walked C, W, H, N. */
export function isChannelsLastContiguousOrFalse(sizes: readonly Size[], strides: readonly Size[]): boolean {
  // Only 4-d tensors are checked for channels_last (is_channels_last_contiguous_2d).
  if (sizes.length !== 4) return false;
  let expected: Size = 1;
  for (const idx of [1, 3, 2, 0]) {
    const length = sizes[idx]!;
    if (guardOrFalse(sizeEqSym(length, 1))) continue;
    if (guardOrTrue(sizeNeSym(strides[idx]!, expected))) return false;
    expected = sizeMul(expected, length);
  }
  return true;
}

/** PyTorch's maybe_wrap_dim: a negative dim counts from the end; raises IndexError when out of range. */
export function wrapDim(dim: number, ndim: number, scalarOk = true): number {
  const n = ndim === 0 && scalarOk ? 1 : ndim;
  if (dim < -n || dim >= n) {
    throw new TorchIndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

export type NestedList = number | boolean | NestedList[];

// Called when code reads `x.shape` (the tracer counts the model's reads: in PyTorch the getter is a
// torch function, `Tensor.shape.__get__`). pt2js's own Tensor methods read `_shape` instead.
let shapeReadHook: (() => void) | null = null;
export function setShapeReadHook(hook: (() => void) | null): void {
  shapeReadHook = hook;
}

export class Tensor {
  /** The storage; null for a fake tensor. Shared by views. */
  _storage: Storage | null;
  requires_grad = false;
  readonly _stride: readonly Size[];
  /** Known to be contiguous (built with default strides); undefined = compute on demand. */
  private _contiguous: boolean | undefined;

  constructor(
    readonly dtype: DType,
    readonly _shape: readonly Size[],
    stride?: readonly Size[],
    readonly _offset: Size = 0,
    storage: Storage | null = null,
  ) {
    this._storage = storage;
    this._stride = stride ?? contiguousStridesOf(_shape);
    // Symbolic layouts are checked on creation, as TensorImpl::refresh_contiguous does, so the
    // guards that check records come in PyTorch's order.
    if (_shape.some(isSymbolic)) this._contiguous = this.computeContiguous();
    else if (stride === undefined) this._contiguous = true;
  }

  /** The sizes (numbers, or SymInts for symbolic dimensions). */
  get shape(): readonly Size[] {
    if (shapeReadHook !== null) shapeReadHook();
    return this._shape;
  }

  /** A fake tensor: metadata only (sizes may be symbolic). */
  static fake(shape: readonly Size[], dtype: DType = float32, stride?: readonly Size[], offset: Size = 0): Tensor {
    return new Tensor(dtype, shape, stride, offset, null);
  }

  /** A contiguous tensor over `data` (taken as the storage, not copied). */
  static fromStorage(data: Storage, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(dtype, shape, contiguousStrides(shape), 0, data);
  }

  /** True when this tensor has no storage (metadata only). */
  get is_fake(): boolean {
    return this._storage === null;
  }
  get ndim(): number {
    return this._shape.length;
  }
  dim(): number {
    return this._shape.length;
  }
  /** `x.size()` is the shape; `x.size(i)` one dimension (negative i counts from the end). */
  size(): readonly Size[];
  size(dim: number | { dim: number }): Size;
  size(dim?: number | { dim: number }): Size | readonly Size[] {
    if (typeof dim === "object") dim = dim.dim;
    return dim === undefined ? this._shape : this._shape[wrapDim(dim, this.ndim, false)]!;
  }
  stride(): readonly Size[];
  stride(dim: number | { dim: number }): Size;
  stride(dim?: number | { dim: number }): Size | readonly Size[] {
    if (typeof dim === "object") dim = dim.dim;
    return dim === undefined ? this._stride : this._stride[wrapDim(dim, this.ndim, false)]!;
  }
  storage_offset(): Size {
    return this._offset;
  }
  numel(): Size {
    return (this._numel ??= this.computeNumel());
  }
  private _numel: Size | undefined;
  // Static factors first, so a symbolic shape costs one symbolic multiply per symbolic dim.
  private computeNumel(): Size {
    let n = 1;
    let sym: Size | null = null;
    for (const d of this._shape) {
      if (typeof d === "number") n *= d;
      else sym = sym === null ? d : sizeMul(sym, d);
    }
    return sym === null ? n : n === 1 ? sym : sizeMul(sym, n);
  }
  element_size(): number {
    return this.dtype.itemsize;
  }
  is_floating_point(): boolean {
    return this.dtype.category === 2;
  }
  get is_leaf(): boolean {
    return true;
  }
  get device(): string {
    return "cpu";
  }
  is_contiguous(): boolean {
    return (this._contiguous ??= this.computeContiguous());
  }
  private computeContiguous(): boolean {
    if (this._shape.some(isSymbolic) || this._stride.some(isSymbolic)) {
      // c10's _compute_contiguous_sym: fewer than 2 elements is contiguous (`numel <= 1`, which
      // guards a size like `s77 - 6`), then innermost first a size-1 dim is skipped, which asks
      // `size == 1` of a symbolic size and so records the guard PyTorch records (e.g. `Ne(W, 1)`
      // for a conv output); unbacked sizes (nonzero, item()) are not assumed (guard_or_false).
      return isContiguousOrFalse(this._shape, this._stride);
    }
    return isContiguousLayout(this._shape as number[], this._stride as number[]);
  }

  // ---- concrete data access (real tensors only) ----

  /** The sizes as numbers; raises for fake tensors with symbolic sizes. */
  _sizes(): number[] {
    for (const d of this._shape) if (typeof d !== "number") throw new TorchRuntimeError("expected concrete sizes");
    return this._shape as number[];
  }
  _data(): Storage {
    if (this._storage === null) {
      throw new TorchRuntimeError("Cannot access data of a fake tensor (it has no storage)");
    }
    return this._storage;
  }
  /** The elements in logical (row-major) order; may be the storage itself — do not write to it. */
  _values(): Storage {
    return gather(this._data(), this._sizes(), this._stride as number[], this._offset as number);
  }
  /** Allocates contiguous storage for this (fake-born) tensor. */
  _allocate(): void {
    const shape = this._sizes();
    let extent = 1;
    shape.forEach((d, i) => (extent += (d - 1) * (this._stride[i] as number)));
    this._storage = this.dtype.alloc(numelOf(shape) === 0 ? 0 : Math.max(extent + (this._offset as number), numelOf(shape)));
  }
  /** Writes logical-order values, converting to this dtype. */
  _writeLogical(values: ArrayLike<number>): void {
    scatterInto(this._data(), this._sizes(), this._stride as number[], this._offset as number, values,
      this.dtype.needsCast ? this.dtype.cast : null);
  }

  /** The value of a one-element tensor (a boolean for bool tensors). Under tracing, see methods.ts. */
  item(): number | boolean {
    return this._item();
  }
  /** Reads the value of a one-element tensor directly (the eager kernel of aten.item). */
  _item(): number | boolean {
    const n = this.numel();
    if (n !== 1) {
      throw new TorchRuntimeError(`a Tensor with ${String(n)} elements cannot be converted to Scalar`);
    }
    const v = this._data()[this._offset as number]!;
    return this.dtype.name === "bool" ? v !== 0 : v;
  }

  /** Nested arrays of the values (numbers, booleans for bool tensors); a scalar for 0-dim.
   * Under tracing, see methods.ts (unbacked symbols from unbind + item). */
  tolist(): NestedList {
    return this._tolist();
  }
  /** Reads the values directly (real tensors only). */
  _tolist(): NestedList {
    const vals = this._values();
    const shape = this._sizes();
    const isBool = this.dtype.name === "bool";
    const conv = (v: number): number | boolean => (isBool ? v !== 0 : v);
    if (shape.length === 0) return conv(vals[0]!);
    let pos = 0;
    const build = (d: number): NestedList[] => {
      const out: NestedList[] = [];
      for (let i = 0; i < shape[d]!; i++) out.push(d === shape.length - 1 ? conv(vals[pos++]!) : build(d + 1));
      return out;
    };
    return build(0);
  }

  toString(): string {
    const dt = this.dtype === float32 ? "" : `, dtype=${this.dtype}`;
    if (this.is_fake) return `FakeTensor(size=[${this._shape.map(String).join(", ")}]${dt})`;
    return `tensor(${JSON.stringify(this._tolist())}${dt})`;
  }
}
