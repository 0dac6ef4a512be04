// The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?},
// then the data buffer the offsets index. load_safetensors validates everything it reads: a corrupt
// or hostile file raises SafetensorsError, never allocates beyond the file's own size.
import { Tensor } from "../tensor/tensor.js";
import { numelOf } from "../tensor/strided.js";
import { SafetensorsError } from "./errors.js";
import { encodeTensor, tensorFromBytes } from "./tensor_bytes.js";

const DTYPES: Record<string, [string, number]> = {
  F64: ["float64", 8], F32: ["float32", 4], F16: ["float16", 2], BF16: ["bfloat16", 2], I64: ["int64", 8],
  I32: ["int32", 4], I16: ["int16", 2], I8: ["int8", 1], U8: ["uint8", 1], BOOL: ["bool", 1],
};
const CODES: Record<string, string> = Object.fromEntries(Object.entries(DTYPES).map(([k, [n]]) => [n, k]));
const MAX_HEADER = 100_000_000; // the reference implementation's limit

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** safetensors.torch.load(bytes): name → tensor, in the header's order. */
export function load_safetensors(bytes: Uint8Array): Map<string, Tensor> {
  if (bytes.byteLength < 8) throw new SafetensorsError(`safetensors file too short (${bytes.byteLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw new SafetensorsError(`safetensors header too large (${n} bytes)`);
  const headerLen = Number(n);
  if (8 + headerLen > bytes.byteLength) throw new SafetensorsError(`safetensors header length ${headerLen} exceeds the file size`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw new SafetensorsError(`safetensors header is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) throw new SafetensorsError("safetensors header must be a JSON object");
  const data = bytes.subarray(8 + headerLen);
  const out = new Map<string, Tensor>();
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") continue;
    const e = raw as Entry;
    if (typeof e !== "object" || e === null || typeof e.dtype !== "string" || !Array.isArray(e.shape) || !Array.isArray(e.data_offsets) || e.data_offsets.length !== 2) {
      throw new SafetensorsError(`safetensors entry '${name}' must have dtype, shape and data_offsets`);
    }
    const dt = DTYPES[e.dtype];
    if (!dt) throw new SafetensorsError(`safetensors entry '${name}' has unsupported dtype ${e.dtype}`);
    if (!e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new SafetensorsError(`safetensors entry '${name}' has an invalid shape`);
    const [begin, end] = e.data_offsets;
    if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin || end > data.byteLength) {
      throw new SafetensorsError(`safetensors entry '${name}' has data_offsets [${begin}, ${end}] outside the data (${data.byteLength} bytes)`);
    }
    const numel = numelOf(e.shape);
    if ((end - begin) !== numel * dt[1]) {
      throw new SafetensorsError(`safetensors entry '${name}': ${end - begin} bytes do not hold shape [${e.shape.join(", ")}] of ${e.dtype}`);
    }
    spans.push([begin, end, name]);
    out.set(name, tensorFromBytes(data.subarray(begin, end), dt[0], e.shape));
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]![0] < spans[i - 1]![1]) throw new SafetensorsError(`safetensors entries '${spans[i - 1]![2]}' and '${spans[i]![2]}' overlap`);
  }
  return out;
}

/** safetensors.torch.save(tensors, metadata): the file's bytes (tensors written in the given order). */
export function save_safetensors(tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>, metadata: Record<string, string> | null = null): Uint8Array {
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors as Record<string, Tensor>);
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of list) {
    const code = CODES[t.dtype.name];
    if (!code) throw new SafetensorsError(`cannot save ${t.dtype.name} tensor '${name}' to safetensors`);
    const b = encodeTensor(t);
    header[name] = { dtype: code, shape: t._sizes(), data_offsets: [offset, offset + b.byteLength] };
    blobs.push(b);
    offset += b.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + json.length) % 8)) % 8); // pad so the data starts 8-byte aligned
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.byteLength), true);
  out.set(head, 8);
  let at = 8 + head.byteLength;
  for (const b of blobs) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}
