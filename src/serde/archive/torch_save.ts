// A reader for the torch.save zip format as older torch.export.save wrote it into its archives
// (serialized_state_dict.pt, serialized_constants.pt, serialized_example_inputs.pt): a zip holding
// `<root>/data.pkl` (a pickle, protocol 2) whose tensors are persistent ids of raw little-endian
// storages `<root>/data/<key>`.
//
// The pickle is interpreted, never executed: the only globals accepted are the ones torch.save
// writes for tensors and containers (torch._utils._rebuild_tensor_v2 / _rebuild_parameter,
// collections.OrderedDict, torch.<Type>Storage); anything else is an UnsupportedArchiveFeatureError.
// Every count and offset is bounded by the bytes at hand.
import { ArchiveFormatError, UnsupportedArchiveFeatureError } from "../errors.js";
import { ZipReader } from "../zip/reader.js";
import type { ZipReadOptions } from "../zip/reader.js";

/** A tensor of a torch.save pickle: a strided view of one storage (storage bytes resolved lazily by key). */
export interface PickledTensor {
  readonly kind: "pickled_tensor";
  /** torch dtype name ("float32", "int64", ...). */
  readonly dtypeName: string;
  /** Storage key: the file `data/<key>`. */
  readonly storageKey: string;
  readonly storageNumel: number;
  readonly storageOffset: number;
  readonly sizes: number[];
  readonly strides: number[];
  readonly requiresGrad: boolean;
  readonly isParameter: boolean;
}

export interface TorchSaveFile {
  /** The unpickled object: dicts as Map, tuples and lists as arrays, tensors as PickledTensor. */
  readonly value: unknown;
  /** data/<key> → the storage's bytes. */
  storage(key: string): Uint8Array;
}

const STORAGE_DTYPES: Record<string, string> = {
  FloatStorage: "float32", DoubleStorage: "float64", HalfStorage: "float16", BFloat16Storage: "bfloat16",
  LongStorage: "int64", IntStorage: "int32", ShortStorage: "int16", CharStorage: "int8", ByteStorage: "uint8",
  BoolStorage: "bool", ComplexFloatStorage: "complex64", ComplexDoubleStorage: "complex128",
};

class Global {
  constructor(readonly module: string, readonly name: string) {}
}
class Mark {}
const MARK = new Mark();

/** Reads one torch.save zip (bytes of a record of the outer archive). */
export function readTorchSave(bytes: Uint8Array, what: string, options: ZipReadOptions = {}): TorchSaveFile {
  const zip = ZipReader.open(bytes, options);
  const pkl = zip.entries.find((e) => e.name.endsWith("/data.pkl") || e.name === "data.pkl");
  if (pkl === undefined) throw new ArchiveFormatError(`${what}: not a torch.save archive (no data.pkl)`);
  const root = pkl.name.slice(0, pkl.name.length - "data.pkl".length);
  const value = unpickle(zip.read(pkl), what);
  return {
    value,
    storage(key: string): Uint8Array {
      const name = `${root}data/${key}`;
      if (!zip.has(name)) throw new ArchiveFormatError(`${what}: storage ${name} not found`);
      return zip.read(name);
    },
  };
}

/** A pickle (protocols 2-4, the opcodes torch.save emits) → plain values. */
export function unpickle(data: Uint8Array, what: string): unknown {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const fail = (m: string): never => {
    throw new ArchiveFormatError(`${what}: ${m}`);
  };
  const need = (n: number) => {
    if (p + n > data.length) fail("truncated pickle");
  };
  const u8 = () => (need(1), data[p++]!);
  const u16 = () => (need(2), (p += 2), dv.getUint16(p - 2, true));
  const u32 = () => (need(4), (p += 4), dv.getUint32(p - 4, true));
  const i32 = () => (need(4), (p += 4), dv.getInt32(p - 4, true));
  const bytesOf = (n: number) => (need(n), (p += n), data.subarray(p - n, p));
  const text = (n: number) => new TextDecoder().decode(bytesOf(n));
  const line = () => {
    const end = data.indexOf(0x0a, p);
    if (end < 0) fail("truncated pickle");
    const s = new TextDecoder().decode(data.subarray(p, end));
    p = end + 1;
    return s;
  };
  const pop = () => (stack.length === 0 ? fail("stack underflow") : stack.pop());
  const popMark = (): unknown[] => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i] !== MARK) i--;
    if (i < 0) fail("MARK not found");
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const top = () => (stack.length === 0 ? fail("stack underflow") : stack[stack.length - 1]);
  const setItem = (d: unknown, k: unknown, v: unknown) => {
    if (!(d instanceof Map)) fail("SETITEM on a non-dict");
    (d as Map<unknown, unknown>).set(k, v);
  };
  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: bytesOf(8); break; // FRAME
      case 0x2e: return pop(); // STOP
      case 0x28: stack.push(MARK); break; // MARK
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x8a: { // LONG1
        const n = u8();
        const b = bytesOf(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: need(8); stack.push(dv.getFloat64(p, false)); p += 8; break; // BINFLOAT (big-endian)
      case 0x58: stack.push(text(u32())); break; // BINUNICODE
      case 0x8c: stack.push(text(u8())); break; // SHORT_BINUNICODE
      case 0x54: stack.push(text(u32())); break; // BINSTRING
      case 0x55: stack.push(text(u8())); break; // SHORT_BINSTRING
      case 0x42: stack.push(bytesOf(u32()).slice()); break; // BINBYTES
      case 0x43: stack.push(bytesOf(u8()).slice()); break; // SHORT_BINBYTES
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: { const k = u8(); if (!memo.has(k)) fail(`memo ${k} not set`); stack.push(memo.get(k)); break; } // BINGET
      case 0x6a: { const k = u32(); if (!memo.has(k)) fail(`memo ${k} not set`); stack.push(memo.get(k)); break; } // LONG_BINGET
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x61: { const v = pop(); const l = top(); if (!Array.isArray(l)) fail("APPEND on a non-list"); (l as unknown[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); const l = top(); if (!Array.isArray(l)) fail("APPENDS on a non-list"); (l as unknown[]).push(...items); break; } // APPENDS
      case 0x73: { const v = pop(); const k = pop(); setItem(top(), k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        const d = top();
        for (let i = 0; i + 1 < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case 0x63: stack.push(new Global(line(), line())); break; // GLOBAL
      case 0x93: { const name = pop(); const mod = pop(); stack.push(new Global(String(mod), String(name))); break; } // STACK_GLOBAL
      case 0x51: stack.push(persistent(pop(), fail)); break; // BINPERSID
      case 0x52: { const args = pop(); const fn = pop(); stack.push(reduce(fn, args, fail)); break; } // REDUCE
      case 0x81: { const args = pop(); const cls = pop(); stack.push(reduce(cls, args, fail)); break; } // NEWOBJ
      case 0x62: pop(); break; // BUILD: state of OrderedDict / tensors' empty __dict__, ignored
      default:
        fail(`unsupported pickle opcode 0x${op.toString(16)} at byte ${p - 1}`);
    }
    if (stack.length > 1_000_000) fail("pickle stack too deep");
  }
}

interface PersistentStorage {
  readonly storage: true;
  readonly dtypeName: string;
  readonly key: string;
  readonly numel: number;
}

function persistent(pid: unknown, fail: (m: string) => never): PersistentStorage {
  // ('storage', torch.FloatStorage, key, location, numel)
  if (!Array.isArray(pid) || pid[0] !== "storage" || !(pid[1] instanceof Global)) fail("unsupported persistent id");
  const [, type, key, location, numel] = pid as [string, Global, unknown, unknown, unknown];
  const dtypeName = type.module === "torch" ? STORAGE_DTYPES[type.name] : undefined;
  if (dtypeName === undefined) throw new UnsupportedArchiveFeatureError(`storage type ${type.module}.${type.name} is not supported`);
  if (location !== "cpu") throw new UnsupportedArchiveFeatureError(`storage on device ${String(location)} is not supported (CPU only)`);
  if (typeof key !== "string" || typeof numel !== "number") fail("bad storage persistent id");
  return { storage: true, dtypeName, key: key as string, numel: numel as number };
}

const ints = (v: unknown, fail: (m: string) => never): number[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0) ? (v as number[]) : fail("bad tensor sizes or strides");

function reduce(fn: unknown, args: unknown, fail: (m: string) => never): unknown {
  if (!(fn instanceof Global)) fail("REDUCE of a non-global");
  const g = fn as Global;
  const a = Array.isArray(args) ? args : fail("REDUCE arguments are not a tuple");
  const qual = `${g.module}.${g.name}`;
  switch (qual) {
    case "collections.OrderedDict":
      return new Map();
    case "torch._utils._rebuild_tensor_v2": {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      const s = a[0] as PersistentStorage;
      if (!s || s.storage !== true) fail("_rebuild_tensor_v2 without a storage");
      const offset = typeof a[1] === "number" && a[1] >= 0 ? a[1] : fail("bad storage offset");
      const t: PickledTensor = {
        kind: "pickled_tensor", dtypeName: s.dtypeName, storageKey: s.key, storageNumel: s.numel, storageOffset: offset,
        sizes: ints(a[2], fail), strides: ints(a[3], fail), requiresGrad: a[4] === true, isParameter: false,
      };
      return t;
    }
    case "torch._utils._rebuild_parameter": {
      const t = a[0] as PickledTensor;
      if (!t || t.kind !== "pickled_tensor") fail("_rebuild_parameter of a non-tensor");
      return { ...t, requiresGrad: a[1] === true, isParameter: true };
    }
    default:
      throw new UnsupportedArchiveFeatureError(`the pickle calls ${qual}, which pt2js does not run (only tensors and containers are read)`);
  }
}

// ----- writing ---------------------------------------------------------------------------------

/** A tensor to pickle: its dtype name, shape and its elements as little-endian bytes (contiguous). */
export interface TensorToSave {
  readonly kind: "tensor_to_save";
  readonly dtypeName: string;
  readonly sizes: readonly number[];
  readonly requiresGrad: boolean;
  readonly bytes: Uint8Array;
}

const STORAGE_OF_DTYPE = new Map(Object.entries(STORAGE_DTYPES).map(([k, v]) => [v, k]));

/**
 * torch.save(value) as the zip PyTorch writes: `<root>/data.pkl` (pickle protocol 2), `byteorder`,
 * one `data/<key>` per tensor, `version`. Values: null, booleans, numbers (integers as ints),
 * strings, arrays (as tuples), plain objects and Maps with string keys (as dicts), tensors.
 */
export function writeTorchSave(value: unknown, root = "archive"): Array<{ name: string; data: Uint8Array }> {
  const out: number[] = [0x80, 0x02];
  const storages: Uint8Array[] = [];
  const enc = new TextEncoder();
  const u32 = (n: number) => out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  const str = (s: string) => {
    const b = enc.encode(s);
    out.push(0x58);
    u32(b.length);
    for (const x of b) out.push(x);
  };
  const global = (mod: string, name: string) => {
    out.push(0x63);
    for (const x of enc.encode(`${mod}\n${name}\n`)) out.push(x);
  };
  const int = (n: number) => {
    if (n >= 0 && n < 256) out.push(0x4b, n);
    else if (n >= -(2 ** 31) && n < 2 ** 31) {
      out.push(0x4a);
      u32(n >>> 0);
    } else {
      // LONG1: little-endian two's complement
      let v = BigInt(n);
      const bytes: number[] = [];
      for (;;) {
        bytes.push(Number(v & 0xffn));
        v >>= 8n;
        if ((v === 0n && !(bytes[bytes.length - 1]! & 0x80)) || (v === -1n && bytes[bytes.length - 1]! & 0x80)) break;
      }
      out.push(0x8a, bytes.length, ...bytes);
    }
  };
  const tuple = (items: readonly unknown[]) => {
    if (items.length === 0) return void out.push(0x29);
    out.push(0x28);
    items.forEach(write);
    out.push(0x74);
  };
  const write = (v: unknown): void => {
    if (v === null || v === undefined) return void out.push(0x4e);
    if (v === true) return void out.push(0x88);
    if (v === false) return void out.push(0x89);
    if (typeof v === "number") {
      if (Number.isSafeInteger(v)) return int(v);
      out.push(0x47);
      const b = new DataView(new ArrayBuffer(8));
      b.setFloat64(0, v, false);
      for (let i = 0; i < 8; i++) out.push(b.getUint8(i));
      return;
    }
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return tuple(v);
    if (typeof v === "object" && (v as TensorToSave).kind === "tensor_to_save") {
      const t = v as TensorToSave;
      const storage = STORAGE_OF_DTYPE.get(t.dtypeName);
      if (storage === undefined) throw new UnsupportedArchiveFeatureError(`torch.save of a ${t.dtypeName} tensor is not supported`);
      const key = String(storages.length);
      storages.push(t.bytes);
      const numel = t.sizes.reduce((a, b) => a * b, 1);
      const strides: number[] = [];
      let acc = 1;
      for (let i = t.sizes.length - 1; i >= 0; i--) {
        strides[i] = acc;
        acc *= t.sizes[i]!;
      }
      global("torch._utils", "_rebuild_tensor_v2");
      out.push(0x28); // MARK: the arguments
      out.push(0x28); // MARK: the persistent id
      str("storage");
      global("torch", storage);
      str(key);
      str("cpu");
      int(numel);
      out.push(0x74, 0x51); // TUPLE, BINPERSID
      int(0);
      tuple(t.sizes);
      tuple(strides);
      out.push(t.requiresGrad ? 0x88 : 0x89);
      global("collections", "OrderedDict");
      out.push(0x29, 0x52); // (), REDUCE
      out.push(0x74, 0x52); // TUPLE, REDUCE
      return;
    }
    const entries = v instanceof Map ? [...v] : Object.getPrototypeOf(v) === Object.prototype ? Object.entries(v as object) : null;
    if (entries === null) throw new UnsupportedArchiveFeatureError(`torch.save of a ${(v as object).constructor?.name ?? typeof v} is not supported`);
    out.push(0x7d);
    if (entries.length > 0) {
      out.push(0x28);
      for (const [k, x] of entries) {
        write(k);
        write(x);
      }
      out.push(0x75);
    }
  };
  write(value);
  out.push(0x2e);
  return [
    { name: `${root}/data.pkl`, data: Uint8Array.from(out) },
    { name: `${root}/byteorder`, data: enc.encode("little") },
    ...storages.map((data, i) => ({ name: `${root}/data/${i}`, data })),
    { name: `${root}/version`, data: enc.encode("3\n") },
  ];
}
