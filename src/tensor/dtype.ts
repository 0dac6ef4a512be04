// Tensor element types and their storage.
//
// Storage representation (one typed array per storage, shared by views):
//   float32 → Float32Array, float64 → Float64Array,
//   float16 / bfloat16 → Float32Array holding values already rounded to the narrow format
//                        (every write goes through `dtype.cast`), so kernels compute in plain numbers,
//   int64 → Float64Array of exact integers (|v| ≤ 2^53; PyTorch's wider values are out of range),
//   int32 → Int32Array, int16 → Int16Array, int8 → Int8Array, uint8 and bool → Uint8Array.
// Serde converts to PyTorch's byte layout at the edge.
import { TorchRuntimeError } from "../ops/errors.js";

export type Storage =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/** 0 bool, 1 integral, 2 floating: the categories of type promotion. */
export type Category = 0 | 1 | 2;

export class DType {
  /** Creates zeroed storage for `n` elements. */
  readonly alloc: (n: number) => Storage;
  constructor(
    /** Name without the `torch.` prefix, e.g. "float32". */
    readonly name: string,
    readonly itemsize: number,
    readonly category: Category,
    readonly isSigned: boolean,
    rawAlloc: (n: number) => Storage,
    /** Converts a number to the value this dtype stores (rounding, truncation, wrap-around). */
    readonly cast: (v: number) => number,
    /** True when `cast` is needed on write (typed arrays already convert the other types). */
    readonly needsCast: boolean,
  ) {
    // An allocation JavaScript refuses (a size past typed-array limits, no memory) is PyTorch's
    // allocator RuntimeError, not an untyped RangeError.
    const raw = rawAlloc;
    this.alloc = (n: number): Storage => {
      try {
        return raw(n);
      } catch (e) {
        if (e instanceof RangeError) throw new TorchRuntimeError(`DefaultCPUAllocator: not enough memory: you tried to allocate ${n * itemsize} bytes.`);
        throw e;
      }
    };
  }
  get is_floating_point(): boolean {
    return this.category === 2;
  }
  get is_signed(): boolean {
    return this.isSigned;
  }
  toString(): string {
    return `torch.${this.name}`;
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round to the nearest bfloat16 (round half to even), as PyTorch's c10::BFloat16 does. */
export function bf16round(v: number): number {
  if (Number.isNaN(v)) return NaN;
  f32[0] = v;
  const bits = u32[0]!;
  u32[0] = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
  return f32[0]!;
}

/** Round to the nearest IEEE half (round half to even), with overflow to infinity. */
export function f16round(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(Math.fround(v));
  if (a >= 65520) return v > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const q = a / ulp;
  let r = Math.round(q);
  if (r - q === 0.5 && r % 2 !== 0) r -= 1; // Math.round rounds half up; IEEE rounds half to even
  return (v < 0 ? -r : r) * ulp;
}

const id = (v: number) => v;
const trunc = (v: number) => (Number.isFinite(v) ? Math.trunc(v) : 0) + 0;
const toBool = (v: number) => (v !== 0 ? 1 : 0);

export const bool = new DType("bool", 1, 0, false, (n) => new Uint8Array(n), toBool, true);
export const uint8 = new DType("uint8", 1, 1, false, (n) => new Uint8Array(n), (v) => trunc(v) & 0xff, false);
export const int8 = new DType("int8", 1, 1, true, (n) => new Int8Array(n), (v) => (trunc(v) << 24) >> 24, false);
export const int16 = new DType("int16", 2, 1, true, (n) => new Int16Array(n), (v) => (trunc(v) << 16) >> 16, false);
export const int32 = new DType("int32", 4, 1, true, (n) => new Int32Array(n), (v) => trunc(v) | 0, false);
export const int64 = new DType("int64", 8, 1, true, (n) => new Float64Array(n), trunc, true);
export const float16 = new DType("float16", 2, 2, true, (n) => new Float32Array(n), f16round, true);
export const bfloat16 = new DType("bfloat16", 2, 2, true, (n) => new Float32Array(n), bf16round, true);
export const float32 = new DType("float32", 4, 2, true, (n) => new Float32Array(n), Math.fround, false);
export const float64 = new DType("float64", 8, 2, true, (n) => new Float64Array(n), id, false);

/** All dtypes in promotion order (PyTorch's ScalarType order for the real types). */
export const ALL_DTYPES: readonly DType[] = [bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64];

const BY_NAME: Record<string, DType> = {
  bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64,
  half: float16, float: float32, double: float64, long: int64, int: int32, short: int16,
};

/** Looks a dtype up by name ("float32", "torch.float32", "long", ...). */
export function dtypeFromName(name: string): DType {
  const d = BY_NAME[name.startsWith("torch.") ? name.slice(6) : name];
  if (!d) throw new TypeError(`unknown dtype ${name}`);
  return d;
}

/** The default floating dtype (torch.get_default_dtype()). */
export let defaultFloatDtype: DType = float32;
export function set_default_dtype(d: DType): void {
  if (d.category !== 2) throw new TypeError("only floating-point types are supported as the default type");
  defaultFloatDtype = d;
}
export function get_default_dtype(): DType {
  return defaultFloatDtype;
}
