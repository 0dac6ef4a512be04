// Python-only values that appear in FX node arguments, with the repr PyTorch prints for them.
// JavaScript has one number type, so an integral float needs the `PyFloat` wrapper (`float(1)`
// prints `1.0`); every other JS number prints as a Python int when integral and as a Python
// float otherwise. JS arrays are Python lists; `Tuple` marks a Python tuple.
import { pyFloatRepr, pyStrRepr } from "../serde/pyjson.js";

// The float and str reprs live with the other Python spellings in serde/pyjson (a leaf module
// the pytree layer shares); re-exported here under the names the FX API has always had.
export { pyFloatRepr, pyStrRepr as pyStr };

/** Short dtype names used in type annotations (torch.utils._dtype_abbrs). */
const DTYPE_ABBRS: Readonly<Record<string, string>> = {
  bfloat16: "bf16",
  float64: "f64",
  float32: "f32",
  float16: "f16",
  float8_e4m3fn: "f8e4m3fn",
  float8_e5m2: "f8e5m2",
  float8_e4m3fnuz: "f8e4m3fnuz",
  float8_e5m2fnuz: "f8e5m2fnuz",
  float8_e8m0fnu: "f8e8m0fnu",
  float4_e2m1fn_x2: "f4e2m1fnx2",
  complex32: "c32",
  complex64: "c64",
  complex128: "c128",
  int8: "i8",
  int16: "i16",
  int32: "i32",
  int64: "i64",
  bool: "b8",
  uint8: "u8",
  uint16: "u16",
  uint32: "u32",
  uint64: "u64",
  bits16: "b16",
  bits1x8: "b1x8",
};

/** Python aliases that name the same dtype (`torch.long` is `torch.int64`). */
const DTYPE_ALIASES: Readonly<Record<string, string>> = {
  float: "float32",
  double: "float64",
  half: "float16",
  long: "int64",
  int: "int32",
  short: "int16",
  cfloat: "complex64",
  cdouble: "complex128",
};

/** The abbreviation printed in annotations (`f32`); throws for an unknown dtype name. */
export function dtypeAbbr(name: string): string {
  const abbr = DTYPE_ABBRS[DTYPE_ALIASES[name] ?? name];
  if (abbr === undefined) throw new TypeError(`unknown dtype '${name}'`);
  return abbr;
}

/** A torch dtype; prints `torch.float32`. One instance per name. */
export class DType {
  private static readonly byName = new Map<string, DType>();
  private constructor(readonly name: string) {}

  static of(name: string): DType {
    const canonical = DTYPE_ALIASES[name] ?? name;
    if (DTYPE_ABBRS[canonical] === undefined) throw new TypeError(`unknown dtype '${name}'`);
    let d = DType.byName.get(canonical);
    if (d === undefined) {
      d = new DType(canonical);
      DType.byName.set(canonical, d);
    }
    return d;
  }

  get abbr(): string {
    return DTYPE_ABBRS[this.name]!;
  }

  toString(): string {
    return `torch.${this.name}`;
  }
}

/** A torch device; prints `device(type='cpu')` or `device(type='cuda', index=0)`. */
export class Device {
  constructor(
    readonly type: string,
    readonly index: number | null = null,
  ) {}

  /** Parses `"cpu"` or `"cuda:0"`. */
  static parse(spec: string): Device {
    const m = /^([a-z_]+)(?::(\d+))?$/.exec(spec);
    if (m === null) throw new TypeError(`invalid device string '${spec}'`);
    return new Device(m[1]!, m[2] === undefined ? null : Number(m[2]));
  }

  toString(): string {
    return this.index === null
      ? `device(type=${pyStrRepr(this.type)})`
      : `device(type=${pyStrRepr(this.type)}, index=${this.index})`;
  }
}

/** A torch layout; prints `torch.strided`. */
export class Layout {
  constructor(readonly name: string) {}
  toString(): string {
    return `torch.${this.name}`;
  }
}

/** A torch memory format; prints `torch.contiguous_format`. */
export class MemoryFormat {
  constructor(readonly name: string) {}
  toString(): string {
    return `torch.${this.name}`;
  }
}

/** A Python float whose value may be integral (`PyFloat(1)` prints `1.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
  toString(): string {
    return pyFloatRepr(this.value);
  }
  valueOf(): number {
    return this.value;
  }
}

/** Marks a number as a Python float. */
export function float(value: number): PyFloat {
  return new PyFloat(value);
}

/** A Python tuple of arguments (JS arrays are lists). */
export class Tuple<T = unknown> {
  readonly items: readonly T[];
  constructor(items: readonly T[]) {
    this.items = items;
  }
  get length(): number {
    return this.items.length;
  }
}

export function tuple<T>(...items: T[]): Tuple<T> {
  return new Tuple(items);
}

/** A Python slice; prints `slice(start, stop, step)`. */
export class Slice<T = unknown> {
  constructor(
    readonly start: T | null,
    readonly stop: T | null,
    readonly step: T | null = null,
  ) {}
}

/** Python's repr of a JS number: integral values are ints (all digits, `-0` is `0`), others
 * floats. Wrap a float that happens to be integral in `PyFloat`. */
export function pyNumberRepr(x: number): string {
  if (Number.isInteger(x)) return Number.isSafeInteger(x) ? String(x + 0) : BigInt(x).toString();
  return pyFloatRepr(x);
}

/** Python's repr of an int, float or bool argument, which is also its str(); null for any
 * other value. Shared by the FX code printer (repr) and format_node (str). */
export function pyScalarRepr(a: unknown): string | null {
  switch (typeof a) {
    case "number":
      return pyNumberRepr(a);
    case "bigint":
      return a.toString();
    case "boolean":
      return a ? "True" : "False";
  }
  return null;
}

/** Common constants, named as in torch. */
export const torchValues = {
  float32: DType.of("float32"),
  float64: DType.of("float64"),
  float16: DType.of("float16"),
  bfloat16: DType.of("bfloat16"),
  int64: DType.of("int64"),
  int32: DType.of("int32"),
  int16: DType.of("int16"),
  int8: DType.of("int8"),
  uint8: DType.of("uint8"),
  bool: DType.of("bool"),
  strided: new Layout("strided"),
  sparse_coo: new Layout("sparse_coo"),
  contiguous_format: new MemoryFormat("contiguous_format"),
  channels_last: new MemoryFormat("channels_last"),
  preserve_format: new MemoryFormat("preserve_format"),
  cpu: new Device("cpu"),
} as const;
