// Raw little-endian tensor bytes ↔ pt2js storage (see src/tensor/dtype.ts for the storage kinds):
// float16/bfloat16 widen to Float32Array, int64 to Float64Array (exact up to 2^53).
import { Tensor } from "../tensor/tensor.js";
import { DType, dtypeFromName } from "../tensor/dtype.js";
import type { Storage } from "../tensor/dtype.js";
import { numelOf } from "../tensor/strided.js";
import { Pt2jsError } from "../core/errors.js";

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
function bf16ToFloat(h: number): number {
  u32[0] = h << 16;
  return f32[0]!;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Dtypes whose pt2js storage has the archive's byte layout: they can be views on the bytes.
const VIEWABLE: Record<string, (b: ArrayBufferLike, offset: number, n: number) => Storage> = {
  float32: (b, o, n) => new Float32Array(b, o, n),
  float64: (b, o, n) => new Float64Array(b, o, n),
  int32: (b, o, n) => new Int32Array(b, o, n),
  int16: (b, o, n) => new Int16Array(b, o, n),
  int8: (b, o, n) => new Int8Array(b, o, n),
  uint8: (b, o, n) => new Uint8Array(b, o, n),
};

/**
 * `count` elements of `name` (a torch dtype name) from little-endian bytes: a view on the bytes
 * when the storage has their layout and alignment allows (no copy of large weights), else a new
 * storage decoded element by element.
 */
export function decodeStorage(bytes: Uint8Array, name: string, count: number): [Storage, DType] {
  const dt = dtypeFromName(name);
  const viewOf = VIEWABLE[name];
  if (LITTLE_ENDIAN && viewOf !== undefined && bytes.byteOffset % dt.itemsize === 0 && bytes.byteLength >= count * dt.itemsize) {
    return [viewOf(bytes.buffer, bytes.byteOffset, count), dt];
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = dt.alloc(count);
  const need = count * dt.itemsize;
  if (bytes.byteLength < need) throw new Pt2jsError(`tensor data too short: ${bytes.byteLength} bytes for ${count} ${name} elements`);
  for (let i = 0; i < count; i++) {
    switch (name) {
      case "float32": out[i] = view.getFloat32(i * 4, true); break;
      case "float64": out[i] = view.getFloat64(i * 8, true); break;
      case "float16": out[i] = halfToFloat(view.getUint16(i * 2, true)); break;
      case "bfloat16": out[i] = bf16ToFloat(view.getUint16(i * 2, true)); break;
      case "int64": {
        const v = view.getBigInt64(i * 8, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new Pt2jsError(`int64 value ${v} is outside the range pt2js tensors hold exactly (|v| <= 2^53 - 1)`);
        }
        out[i] = Number(v);
        break;
      }
      case "int32": out[i] = view.getInt32(i * 4, true); break;
      case "int16": out[i] = view.getInt16(i * 2, true); break;
      case "int8": out[i] = view.getInt8(i); break;
      case "uint8": out[i] = view.getUint8(i); break;
      case "bool": out[i] = view.getUint8(i) !== 0 ? 1 : 0; break;
      default: throw new Pt2jsError(`unsupported tensor dtype ${name}`);
    }
  }
  return [out, dt];
}

/** A tensor over little-endian bytes with the given layout (strides and offset in elements). */
export function tensorFromBytes(bytes: Uint8Array, dtypeName: string, sizes: readonly number[],
  strides: readonly number[] | null = null, storageOffset = 0): Tensor {
  const itemsize = dtypeFromName(dtypeName).itemsize;
  const count = strides === null ? numelOf(sizes) : Math.floor(bytes.byteLength / itemsize);
  const [storage, dt] = decodeStorage(bytes, dtypeName, count);
  if (strides === null) return Tensor.fromStorage(storage, sizes as number[], dt);
  return new Tensor(dt, sizes, strides, storageOffset, storage);
}

/** The little-endian bytes of a tensor's elements in logical order (a view on its storage when that already has them). */
export function encodeTensor(t: Tensor): Uint8Array {
  const whole = t._storage !== null && t._offset === 0 && t.is_contiguous() && t._storage.length === Number(t.numel());
  const vals = whole ? t._storage! : t._values();
  // Storages with the archive's byte layout are returned as a byte view on them, not converted
  // element by element (callers copy the bytes into their file before the tensor can change).
  if (LITTLE_ENDIAN && VIEWABLE[t.dtype.name] !== undefined && vals.BYTES_PER_ELEMENT === t.dtype.itemsize) {
    return new Uint8Array(vals.buffer, vals.byteOffset, vals.byteLength);
  }
  const n = vals.length;
  const out = new Uint8Array(n * t.dtype.itemsize);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const v = vals[i]!;
    switch (t.dtype.name) {
      case "float32": view.setFloat32(i * 4, v, true); break;
      case "float64": view.setFloat64(i * 8, v, true); break;
      case "bfloat16": f32[0] = v; view.setUint16(i * 2, u32[0]! >>> 16, true); break;
      case "int64": view.setBigInt64(i * 8, BigInt(v), true); break;
      case "int32": view.setInt32(i * 4, v, true); break;
      case "int16": view.setInt16(i * 2, v, true); break;
      case "int8": view.setInt8(i, v); break;
      case "uint8": case "bool": view.setUint8(i, v); break;
      default: throw new Pt2jsError(`cannot encode ${t.dtype.name} tensors`);
    }
  }
  return out;
}
