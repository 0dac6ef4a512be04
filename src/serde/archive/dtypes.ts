// ScalarType codes of schema 8.17 → element size, torch name and the typed array that holds the
// raw little-endian storage bytes. Types JS has no array for are exposed as their bit patterns:
// float16/bfloat16 as Uint16Array, float8 as Uint8Array, complex as interleaved (re, im) floats.
import { UnknownEnumValueError } from "../errors.js";
import { ScalarType } from "../schema/types.js";

export type StorageArray =
  | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array | BigInt64Array;

type ArrayCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): StorageArray; BYTES_PER_ELEMENT: number };

export interface DtypeInfo {
  readonly code: ScalarType;
  /** torch dtype name without "torch." */
  readonly name: string;
  readonly itemsize: number;
  readonly array: ArrayCtor;
}

const S = ScalarType;
const table: DtypeInfo[] = [
  { code: S.BYTE, name: "uint8", itemsize: 1, array: Uint8Array },
  { code: S.CHAR, name: "int8", itemsize: 1, array: Int8Array },
  { code: S.SHORT, name: "int16", itemsize: 2, array: Int16Array },
  { code: S.INT, name: "int32", itemsize: 4, array: Int32Array },
  { code: S.LONG, name: "int64", itemsize: 8, array: BigInt64Array },
  { code: S.HALF, name: "float16", itemsize: 2, array: Uint16Array },
  { code: S.FLOAT, name: "float32", itemsize: 4, array: Float32Array },
  { code: S.DOUBLE, name: "float64", itemsize: 8, array: Float64Array },
  { code: S.COMPLEXHALF, name: "complex32", itemsize: 4, array: Uint16Array },
  { code: S.COMPLEXFLOAT, name: "complex64", itemsize: 8, array: Float32Array },
  { code: S.COMPLEXDOUBLE, name: "complex128", itemsize: 16, array: Float64Array },
  { code: S.BOOL, name: "bool", itemsize: 1, array: Uint8Array },
  { code: S.BFLOAT16, name: "bfloat16", itemsize: 2, array: Uint16Array },
  { code: S.UINT16, name: "uint16", itemsize: 2, array: Uint16Array },
  { code: S.FLOAT8E4M3FN, name: "float8_e4m3fn", itemsize: 1, array: Uint8Array },
  { code: S.FLOAT8E5M2, name: "float8_e5m2", itemsize: 1, array: Uint8Array },
  { code: S.FLOAT8E4M3FNUZ, name: "float8_e4m3fnuz", itemsize: 1, array: Uint8Array },
  { code: S.FLOAT8E5M2FNUZ, name: "float8_e5m2fnuz", itemsize: 1, array: Uint8Array },
];
const byCode = new Map(table.map((d) => [d.code as number, d]));

/** Facts about a dtype code; throws UnknownEnumValueError for codes schema 8.17 lacks (e.g. 0, 33). */
export function dtypeInfo(code: number): DtypeInfo {
  const d = byCode.get(code);
  if (!d) throw new UnknownEnumValueError(`Unsupported dtype code ${code} in tensor payload`);
  return d;
}

/**
 * A typed array over `bytes` (little-endian storage). Zero-copy when the bytes are suitably
 * aligned, as PyTorch's 64-byte-aligned archives always are; otherwise a copy.
 */
export function storageArray(info: DtypeInfo, bytes: Uint8Array): StorageArray {
  const el = info.array.BYTES_PER_ELEMENT;
  const length = bytes.byteLength / el;
  if (bytes.byteOffset % el === 0) return new info.array(bytes.buffer, bytes.byteOffset, length);
  const copy = bytes.slice();
  return new info.array(copy.buffer, 0, length);
}

/** Facts about a dtype by its torch name ("float32"), or undefined. */
export function dtypeInfoByName(name: string): DtypeInfo | undefined {
  return table.find((d) => d.name === name);
}
