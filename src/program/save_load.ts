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
import { readPt2, type Pt2Archive } from "../serde/archive/reader.js";
import { writePt2, type Pt2WriteInput } from "../serde/archive/writer.js";
import { ArchiveFormatError } from "../serde/errors.js";
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
}

/** The file helpers of src/serde/node-file.ts (the Node entry registers them). */
export interface Pt2FileSystem {
  readPt2File(path: string): Promise<Pt2Archive>;
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

function fromArchive(archive: Pt2Archive, options: LoadOptions): ExportedProgram {
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
  return deserializeProgram(model);
}

/** torch.export.load from bytes. */
export function load(source: Uint8Array | ArrayBuffer, options?: LoadOptions): ExportedProgram;
/** torch.export.load from a Blob / File, or a path (Node). */
export function load(source: Blob | string, options?: LoadOptions): Promise<ExportedProgram>;
export function load(source: Uint8Array | ArrayBuffer | Blob | string, options: LoadOptions = {}): ExportedProgram | Promise<ExportedProgram> {
  if (source instanceof Uint8Array) return fromArchive(readPt2(source), options);
  if (source instanceof ArrayBuffer) return fromArchive(readPt2(new Uint8Array(source)), options);
  if (typeof source === "string") return files().readPt2File(source).then((a) => fromArchive(a, options));
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    return source.arrayBuffer().then((b) => fromArchive(readPt2(new Uint8Array(b)), options));
  }
  throw new TorchTypeError(`torch.export.load takes a Uint8Array, an ArrayBuffer, a Blob or a file path, got '${className(source)}'`);
}

