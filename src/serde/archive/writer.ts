// Writes a .pt2 archive with torch.export.save's record order and zip layout:
//   per model: data/weights/<files>, <m>_weights_config.json, data/constants/<files>,
//              <m>_constants_config.json, models/<m>.json, data/sample_inputs/<m>.pt
//   then extra/<name>..., archive_format, archive_version, .data/version, byteorder,
//   .data/serialization_id.
import { ArchiveFormatError } from "../errors.js";
import { encodeSchemaBytes } from "../schema/codec.js";
import type { ExportedProgram, PayloadConfig } from "../schema/types.js";
import { crc32 } from "../zip/crc32.js";
import { writeZip, zipPieces, type ZipWriteEntry } from "../zip/writer.js";
import * as L from "./layout.js";
import { filesUnder, type Pt2Archive } from "./reader.js";

export interface Pt2ModelInput {
  program: ExportedProgram;
  weightsConfig: PayloadConfig;
  /** path_name → raw little-endian storage bytes, written in this order. */
  weightFiles: ReadonlyMap<string, Uint8Array>;
  constantsConfig: PayloadConfig;
  constantFiles: ReadonlyMap<string, Uint8Array>;
  /** torch.save bytes of (args, kwargs); omitted or empty = no example inputs (a 0-byte record). */
  sampleInputs?: Uint8Array;
}

export interface Pt2WriteInput {
  /** Top-level folder; "archive" like PyTorch writing to a buffer. */
  root?: string;
  /** Usually one model named "model" (the one torch.export.load returns). */
  models: ReadonlyMap<string, Pt2ModelInput>;
  extraFiles?: ReadonlyMap<string, string>;
  /**
   * Content of .data/serialization_id: a string is written as-is (e.g. kept from a read archive),
   * undefined computes a 40-digit id, null omits the record (loaders do not need it).
   */
  serializationId?: string | null;
}

const utf8 = new TextEncoder();

/** The archive bytes for `input`. */
export function writePt2(input: Pt2WriteInput): Uint8Array {
  return writeZip(pt2Entries(input));
}

/**
 * The archive as consecutive pieces (headers, and the payloads as they are given: views on the
 * tensors' storage), for writing to a file without building the whole archive in memory.
 */
export function writePt2Pieces(input: Pt2WriteInput): Uint8Array[] {
  return zipPieces(pt2Entries(input));
}

function pt2Entries(input: Pt2WriteInput): ZipWriteEntry[] {
  const root = input.root ?? L.DEFAULT_ROOT;
  if (!root || root.includes("/")) throw new ArchiveFormatError(`invalid archive root folder ${JSON.stringify(root)}`);
  if (input.models.size === 0) throw new ArchiveFormatError("a PT2 archive needs at least one model");
  const records: Array<{ name: string; data: Uint8Array; crc32?: number }> = [];
  const add = (name: string, data: Uint8Array): void => {
    records.push({ name, data });
  };

  for (const [model, m] of input.models) {
    if (!/^[^/]+$/.test(model)) throw new ArchiveFormatError(`invalid model name ${JSON.stringify(model)}`);
    writePayloads(add, L.WEIGHTS_DIR, m.weightsConfig, m.weightFiles, model);
    add(L.weightsConfigFile(model), encodeSchemaBytes("PayloadConfig", m.weightsConfig));
    writePayloads(add, L.CONSTANTS_DIR, m.constantsConfig, m.constantFiles, model);
    add(L.constantsConfigFile(model), encodeSchemaBytes("PayloadConfig", m.constantsConfig));
    add(L.modelFile(model), encodeSchemaBytes("ExportedProgram", m.program));
    add(L.sampleInputsFile(model), m.sampleInputs ?? new Uint8Array(0));
  }
  for (const [name, content] of input.extraFiles ?? []) add(L.EXTRA_DIR + name, utf8.encode(content));
  add(L.ARCHIVE_FORMAT, utf8.encode(L.ARCHIVE_FORMAT_VALUE));
  add(L.ARCHIVE_VERSION, utf8.encode(L.ARCHIVE_VERSION_VALUE));
  add(L.DATA_VERSION, utf8.encode(`${L.FILE_FORMAT_VERSION}\n`));
  add(L.BYTEORDER, utf8.encode("little"));

  for (const r of records) r.crc32 = crc32(r.data);
  if (input.serializationId !== null) {
    const id = input.serializationId ?? computeSerializationId(records.map((r) => r.name), records.map((r) => r.crc32!));
    add(L.SERIALIZATION_ID, utf8.encode(id));
  }
  return records.map((r) => ({ name: `${root}/${r.name}`, data: r.data, crc32: r.crc32 }));
}

function writePayloads(
  add: (name: string, data: Uint8Array) => void,
  dir: string,
  config: PayloadConfig,
  files: ReadonlyMap<string, Uint8Array>,
  model: string,
): void {
  for (const [fqn, meta] of config.config) {
    if (!files.has(meta.path_name)) {
      throw new ArchiveFormatError(`${dir}${meta.path_name} for ${fqn} of model ${model} has no file bytes`);
    }
  }
  for (const [pathName, data] of files) {
    if (!/^[^/]+$/.test(pathName) || pathName.endsWith(".json")) {
      throw new ArchiveFormatError(`invalid payload file name ${JSON.stringify(pathName)}`);
    }
    add(dir + pathName, data);
  }
}

const MASK64 = (1n << 64n) - 1n;
/** c10::hash_combine on 64-bit size_t. */
function hashCombine(seed: bigint, value: bigint): bigint {
  return (seed ^ ((value + 0x9e3779b9n + ((seed << 6n) & MASK64) + (seed >> 2n)) & MASK64)) & MASK64;
}

/** 64-bit FNV-1a of a record name (PyTorch uses std::hash, which JS cannot reproduce). */
function nameHash(name: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of utf8.encode(name)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & MASK64;
  return h;
}

/**
 * A 40-digit id shaped like PyTorchStreamWriter's (20 digits from record names, 20 from CRC-32s,
 * each folded with c10::hash_combine). It does not reproduce PyTorch's digits: those depend on
 * libstdc++'s std::hash and unordered_set order, and on miniz's write calls. The id is
 * informational (loaders only log it); rewriting a read archive keeps its original id instead.
 */
export function computeSerializationId(names: readonly string[], crcs: readonly number[]): string {
  let nameSeed = 0n;
  for (const n of names) nameSeed = hashCombine(nameSeed, nameHash(n));
  let crcSeed = 0n;
  for (const c of crcs) crcSeed = hashCombine(crcSeed, BigInt(c));
  return nameSeed.toString().padStart(20, "0") + crcSeed.toString().padStart(20, "0");
}

/**
 * Rebuilds the write input of an archive read by readPt2: same root, payload files, sample inputs,
 * extra files and serialization id; model.json and the configs are re-encoded from the typed values.
 */
export function pt2InputFromArchive(archive: Pt2Archive): Pt2WriteInput {
  const weightFiles = filesUnder(archive.records, L.WEIGHTS_DIR);
  const constantFiles = filesUnder(archive.records, L.CONSTANTS_DIR);
  const models = new Map<string, Pt2ModelInput>();
  for (const [name, m] of archive.models) {
    const own = (files: Map<string, Uint8Array>, cfg: PayloadConfig) => {
      const used = new Set([...cfg.config.values()].map((p) => p.path_name));
      return new Map([...files].filter(([k]) => used.has(k)));
    };
    models.set(name, {
      program: m.program,
      weightsConfig: m.weightsConfig,
      weightFiles: archive.models.size === 1 ? dropConfigs(weightFiles) : own(weightFiles, m.weightsConfig),
      constantsConfig: m.constantsConfig,
      constantFiles: archive.models.size === 1 ? dropConfigs(constantFiles) : own(constantFiles, m.constantsConfig),
      sampleInputs: m.sampleInputs,
    });
  }
  return {
    root: archive.root,
    models,
    extraFiles: archive.extraFiles,
    serializationId: archive.serializationId,
  };
}

function dropConfigs(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  return new Map([...files].filter(([k]) => !k.endsWith(".json")));
}
