// torch.export.save / torch.export.load (torch/export/__init__.py → pt2_archive/_package.py):
//
//   save(ep, options?)              → Uint8Array, the .pt2 archive (top-level folder "archive/",
//                                     as PyTorch writes to a buffer)
//   save(ep, path, options?)        → Promise<void>; the folder is the file's base name (Node)
//   load(bytes | ArrayBuffer, options?)  → ExportedProgram
//   load(blob | path, options?)     → Promise<ExportedProgram> (a path needs Node)
//
// options.extra_files: save writes each entry as extra/<name>; load fills the given Map (or
// object) with the archive's contents for the names it holds, as PyTorch fills its dict.
// save options.opset_version overrides the opset versions written (default {aten: 10}).
// Archives are read and written by src/serde (readPt2 / writePt2); the program ⇄ model.json
// mapping is serialize.ts / deserialize.ts. Paths go through the file helpers the Node entry
// registers (setPt2FileSystem), so this module has no Node-only import and runs in browsers.
import { readPt2, type Pt2Archive, type Pt2ReadOptions } from "../serde/archive/reader.js";
import { writePt2, type Pt2WriteInput } from "../serde/archive/writer.js";
import { ArchiveFormatError, LoadLimitError } from "../serde/errors.js";
import { DEFAULT_LIMITS } from "../serde/archive/reader.js";
import { ExportedProgram } from "./exported_program.js";
import { TorchTypeError } from "../ops/errors.js";
import { deserializeProgram } from "./deserialize.js";
import { serializeModel } from "./serialize.js";
import { SerializeError } from "./serialize_errors.js";
import { className } from "../py_type.js";

export interface SaveOptions {
  extra_files?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  opset_version?: Readonly<Record<string, number>>;
}

export interface LoadOptions {
  /** Filled in place: each key present in the archive gets the content of extra/<key>. */
  extra_files?: Map<string, string> | Record<string, string>;
  /** Largest archive accepted, and the most bytes its compressed entries may inflate to in total. Default 2 GiB. */
  max_bytes?: number;
  /** Most zip entries accepted. Default 100,000. */
  max_entries?: number;
  /** Largest JSON record (models/model.json, the payload configs). Default 32 MiB. */
  max_json_bytes?: number;
  /** Largest weight or constant storage file. Default 2 GiB. */
  max_tensor_bytes?: number;
  /** Verify each record's CRC-32 as it is read (PyTorch does not). Default false. */
  verify_crc?: boolean;
}

const LIMIT_OPTIONS = ["max_bytes", "max_entries", "max_json_bytes", "max_tensor_bytes"] as const;

/** LoadOptions → the reader's options; limits must be positive integers (Infinity turns one off). */
function readOptions(options: LoadOptions): Pt2ReadOptions {
  if (options === null || typeof options !== "object") {
    throw new TorchTypeError(`torch.export.load takes its options as an object, got '${className(options)}'`);
  }
  for (const name of LIMIT_OPTIONS) {
    const v = options[name];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0) || (!Number.isInteger(v) && v !== Infinity))) {
      throw new TorchTypeError(`torch.export.load option ${name} must be a non-negative integer or Infinity, got ${typeof v === "number" ? v : className(v)}`);
    }
  }
  if (options.verify_crc !== undefined && typeof options.verify_crc !== "boolean") {
    throw new TorchTypeError(`torch.export.load option verify_crc must be a boolean, got '${className(options.verify_crc)}'`);
  }
  return {
    maxBytes: options.max_bytes,
    maxEntries: options.max_entries,
    maxJsonBytes: options.max_json_bytes,
    maxTensorBytes: options.max_tensor_bytes,
    // The zip reader's per-entry bound follows the larger of the per-kind limits.
    maxEntryBytes: options.max_bytes,
    checkCrc: options.verify_crc,
  };
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The file helpers of src/serde/node-file.ts (the Node entry registers them). */
export interface Pt2FileSystem {
  readPt2File(path: string, options?: Pt2ReadOptions): Promise<Pt2Archive>;
  writePt2File(path: string, input: Pt2WriteInput): Promise<void>;
}

let fileSystem: Pt2FileSystem | null = null;

/** Lets save/load take file paths (called by the Node entry with src/serde/node-file.ts). */
export function setPt2FileSystem(fs: Pt2FileSystem | null): void {
  fileSystem = fs;
}

function files(): Pt2FileSystem {
  if (fileSystem === null) {
    throw new SerializeError("saving to or loading from a file path needs Node (pt2js's node entry); pass bytes, an ArrayBuffer or a Blob instead");
  }
  return fileSystem;
}

function writeInput(ep: ExportedProgram, options: SaveOptions): Pt2WriteInput {
  if (!(ep instanceof ExportedProgram)) {
    throw new TorchTypeError(`The 'ep' parameter must be an instance of 'ExportedProgram', got '${className(ep)}' instead.`);
  }
  if (options === null || typeof options !== "object") {
    throw new TorchTypeError(`torch.export.save takes its options as an object { extra_files, opset_version }, got '${className(options)}'`);
  }
  const model = serializeModel(ep);
  if (options.opset_version !== undefined) {
    model.program.opset_version = new Map(Object.entries(options.opset_version));
    if (!model.program.opset_version.has("aten")) model.program.opset_version.set("aten", 10);
  }
  const extra = options.extra_files;
  return {
    models: new Map([["model", model]]),
    extraFiles: extra === undefined ? undefined : new Map(extra instanceof Map ? extra : Object.entries(extra)),
  };
}

/** torch.export.save: the archive's bytes. */
export function save(ep: ExportedProgram, options?: SaveOptions): Uint8Array;
/** torch.export.save to a file (Node). */
export function save(ep: ExportedProgram, path: string, options?: SaveOptions): Promise<void>;
export function save(ep: ExportedProgram, pathOrOptions?: string | SaveOptions, maybeOptions?: SaveOptions): Uint8Array | Promise<void> {
  if (typeof pathOrOptions === "string") {
    const input = writeInput(ep, maybeOptions ?? {});
    return files().writePt2File(pathOrOptions, input);
  }
  return writePt2(writeInput(ep, pathOrOptions ?? {}));
}

function fromArchive(archive: Pt2Archive, options: LoadOptions, copyWeights: boolean): ExportedProgram {
  const model = archive.models.get("model");
  if (model === undefined) {
    throw new ArchiveFormatError(`the archive has no model named "model" (it has: ${[...archive.models.keys()].join(", ") || "none"})`);
  }
  const extra = options.extra_files;
  if (extra !== undefined) {
    for (const key of extra instanceof Map ? [...extra.keys()] : Object.keys(extra)) {
      const text = archive.extraFiles.get(key);
      if (text === undefined) continue;
      if (extra instanceof Map) extra.set(key, text);
      else extra[key] = text;
    }
  }
  return deserializeProgram(model, { copyWeights, maxTensorBytes: options.max_tensor_bytes });
}

/** torch.export.load from bytes. */
export function load(source: Uint8Array | ArrayBuffer, options?: LoadOptions): ExportedProgram;
/** torch.export.load from a Blob / File, or a path (Node). */
export function load(source: Blob | string, options?: LoadOptions): Promise<ExportedProgram>;
export function load(source: Uint8Array | ArrayBuffer | Blob | string, options: LoadOptions = {}): ExportedProgram | Promise<ExportedProgram> {
  const read = defined(readOptions(options));
  // Bytes the caller holds are never written: weights are copied out of them. A file or a Blob is
  // read into a fresh buffer only this program holds, so its weights stay views on it.
  if (source instanceof Uint8Array) return fromArchive(readPt2(source, read), options, true);
  if (source instanceof ArrayBuffer) return fromArchive(readPt2(new Uint8Array(source), read), options, true);
  if (typeof source === "string") return files().readPt2File(source, read).then((a) => fromArchive(a, options, false));
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    // The size is known before reading: an upload over max_bytes fails before its bytes are read.
    const max = read.maxBytes ?? DEFAULT_LIMITS.maxBytes;
    if (source.size > max) return Promise.reject(new LoadLimitError("max_bytes", max, source.size, "archive size in bytes"));
    return source.arrayBuffer().then((b) => fromArchive(readPt2(new Uint8Array(b), read), options, false));
  }
  throw new TorchTypeError(`torch.export.load takes a Uint8Array, an ArrayBuffer, a Blob or a file path, got '${className(source)}'`);
}

