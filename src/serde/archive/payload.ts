// Weights and constants: PayloadConfig entries resolved to tensors over the archive's raw storage
// files (torch/export/pt2_archive/_package.py: _build_file_map, _load_state_dict, _load_constants).
import { ArchiveFormatError } from "../errors.js";
import type { Device, PayloadConfig, PayloadMeta, ScalarType, SymInt, TensorMeta } from "../schema/types.js";
import { dtypeInfo, storageArray, type StorageArray } from "./dtypes.js";
import { CUSTOM_OBJ_PREFIX, TENSOR_CONSTANT_PREFIX } from "./layout.js";

/** A tensor stored as raw bytes: a strided view into one storage file (shared by tied weights). */
export interface StoredTensor {
  readonly kind: "tensor";
  readonly fqn: string;
  /** File name under the payload folder (`weight_0`). */
  readonly pathName: string;
  readonly isParam: boolean;
  readonly dtype: ScalarType;
  /** torch dtype name: "float32", "bfloat16", ... */
  readonly dtypeName: string;
  readonly sizes: number[];
  /** In elements. */
  readonly strides: number[];
  /** In elements. */
  readonly storageOffset: number;
  readonly requiresGrad: boolean;
  readonly device: Device;
  /** The whole storage file as a typed array (see dtypes.ts for the element conventions). */
  readonly storage: StorageArray;
  /** The storage file's bytes. */
  readonly bytes: Uint8Array;
  readonly meta: TensorMeta;
}

/** A payload pt2js keeps as opaque bytes: `use_pickle` tensors (torch.save) and torchbind objects. */
export interface OpaquePayload {
  readonly kind: "pickle" | "custom_obj";
  readonly fqn: string;
  readonly pathName: string;
  readonly isParam: boolean;
  readonly bytes: Uint8Array;
  readonly meta: TensorMeta | null;
}

export type Payload = StoredTensor | OpaquePayload;

function asInt(s: SymInt, what: string, fqn: string): number {
  if (!("as_int" in s) || s.as_int === undefined) {
    throw new ArchiveFormatError(`Only as_int is supported (${what} of ${fqn})`);
  }
  const v = Number(s.as_int);
  if (!Number.isSafeInteger(v)) throw new ArchiveFormatError(`${what} of ${fqn} out of range`);
  return v;
}

/**
 * Resolves every config entry to a payload; `files` maps path_name → file bytes.
 * `constants` selects the constants rules (path names must start with tensor_ or custom_obj_).
 */
export function resolvePayloads(
  config: PayloadConfig,
  files: { get(pathName: string): Uint8Array | undefined },
  folder: string,
  constants: boolean,
): Map<string, Payload> {
  const out = new Map<string, Payload>();
  for (const [fqn, meta] of config.config) {
    out.set(fqn, resolveOne(fqn, meta, files, folder, constants));
  }
  return out;
}

function resolveOne(
  fqn: string,
  meta: PayloadMeta,
  files: { get(pathName: string): Uint8Array | undefined },
  folder: string,
  constants: boolean,
): Payload {
  const bytes = files.get(meta.path_name);
  if (bytes === undefined) throw new ArchiveFormatError(`${folder}${meta.path_name} (for ${fqn}) not found in PT2 archive`);
  if (constants && meta.path_name.startsWith(CUSTOM_OBJ_PREFIX)) {
    return { kind: "custom_obj", fqn, pathName: meta.path_name, isParam: meta.is_param, bytes, meta: meta.tensor_meta };
  }
  if (constants && !meta.path_name.startsWith(TENSOR_CONSTANT_PREFIX)) {
    throw new ArchiveFormatError(`Unsupported constant type: ${meta.path_name}`);
  }
  if (meta.use_pickle) {
    return { kind: "pickle", fqn, pathName: meta.path_name, isParam: meta.is_param, bytes, meta: meta.tensor_meta };
  }
  const tm = meta.tensor_meta;
  if (!tm) throw new ArchiveFormatError(`tensor_meta missing for ${fqn}`);
  const info = dtypeInfo(tm.dtype);
  if (bytes.byteLength % info.itemsize !== 0) {
    throw new ArchiveFormatError(
      `${folder}${meta.path_name} has ${bytes.byteLength} bytes, not a multiple of the ${info.name} element size ${info.itemsize}`,
    );
  }
  const sizes = tm.sizes.map((s) => asInt(s, "size", fqn));
  const strides = tm.strides.map((s) => asInt(s, "stride", fqn));
  const storageOffset = asInt(tm.storage_offset, "storage_offset", fqn);
  if (sizes.length !== strides.length) throw new ArchiveFormatError(`sizes and strides of ${fqn} differ in length`);
  checkInBounds(fqn, sizes, strides, storageOffset, bytes.byteLength / info.itemsize);
  return {
    kind: "tensor",
    fqn,
    pathName: meta.path_name,
    isParam: meta.is_param,
    dtype: tm.dtype,
    dtypeName: info.name,
    sizes,
    strides,
    storageOffset,
    requiresGrad: tm.requires_grad,
    device: tm.device,
    storage: storageArray(info, bytes),
    bytes,
    meta: tm,
  };
}

// as_strided must stay inside the storage; an empty storage is allowed (PyTorch then uses zeros).
function checkInBounds(fqn: string, sizes: number[], strides: number[], offset: number, numel: number): void {
  if (sizes.some((s) => s < 0) || strides.some((s) => s < 0) || offset < 0) {
    throw new ArchiveFormatError(`negative size, stride or offset for ${fqn}`);
  }
  if (sizes.includes(0) || numel === 0) return;
  let last = offset;
  for (let i = 0; i < sizes.length; i++) last += (sizes[i] - 1) * strides[i];
  if (last >= numel) {
    throw new ArchiveFormatError(`tensor ${fqn} reaches element ${last}, beyond its storage of ${numel} elements`);
  }
}
