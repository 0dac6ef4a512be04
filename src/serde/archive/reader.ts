// Reads a .pt2 archive (the layout torch.export.save writes since 2.9) into typed structures,
// applying the checks torch.export.load / load_pt2 / PyTorchStreamReader apply, in that order.
import { ArchiveFormatError, LegacyArchiveError, UnsupportedArchiveFeatureError } from "../errors.js";
import { decodeSchemaBytes } from "../schema/codec.js";
import type { ExportedProgram, PayloadConfig } from "../schema/types.js";
import { checkSchemaVersion } from "../schema/version.js";
import { ZipReader, type ZipReadOptions } from "../zip/reader.js";
import * as L from "./layout.js";
import { resolvePayloads, type Payload } from "./payload.js";

export interface Pt2Model {
  readonly name: string;
  /** models/<name>.json, typed. */
  readonly program: ExportedProgram;
  readonly weightsConfig: PayloadConfig;
  readonly constantsConfig: PayloadConfig;
  /** state_dict FQN → tensor (parameters and persistent buffers). */
  readonly weights: Map<string, Payload>;
  /** FQN → tensor constants, non-persistent buffers, custom objects. */
  readonly constants: Map<string, Payload>;
  /** data/sample_inputs/<name>.pt: torch.save bytes, empty when the program had no example inputs. */
  readonly sampleInputs: Uint8Array;
}

export interface Pt2Archive {
  /** The top-level folder every entry lives in ("archive", or the saved file's base name). */
  readonly root: string;
  /** The zip-container version (.data/version), 6 for PT2 archives. */
  readonly fileFormatVersion: number;
  readonly serializationId: string | null;
  readonly byteorder: string | null;
  /** Every record below the root in zip order: relative name → bytes (views for STORED entries). */
  readonly records: Map<string, Uint8Array>;
  readonly models: Map<string, Pt2Model>;
  /** extra/<name> entries, decoded as UTF-8. */
  readonly extraFiles: Map<string, string>;
}

export type Pt2ReadOptions = ZipReadOptions;

const utf8 = new TextDecoder("utf-8");

/** Opens a .pt2 archive; typed errors for corrupt, hostile, legacy or unsupported archives. */
export function readPt2(bytes: Uint8Array, options: Pt2ReadOptions = {}): Pt2Archive {
  if (bytes.length >= 8 && utf8.decode(bytes.subarray(0, 8)) === "PYTORCH1") {
    throw new ArchiveFormatError("File is an unsupported archive format from the preview release.");
  }
  const zip = ZipReader.open(bytes, options);
  if (zip.entries.length === 0) throw new ArchiveFormatError("archive does not contain any files");

  const first = zip.entries[0].name;
  const slash = first.indexOf("/");
  if (slash < 0) {
    if (zip.has("archive_format")) {
      throw new LegacyArchiveError(
        "This is a folder-less PT2 archive (the layout of torch 2.7/2.8, before records moved under a top-level " +
          "folder); pt2js reads the torch>=2.9 layout. Re-save it with torch>=2.9.",
      );
    }
    if (zip.has("serialized_exported_program.json") || zip.has("version")) {
      throw new LegacyArchiveError(
        "This is a legacy (pre-2.9) torch.export archive (top-level version / serialized_exported_program.json / " +
          "pickled serialized_state_dict.pt); pt2js reads only the PT2 archive layout. Re-save it with torch>=2.9.",
      );
    }
    throw new ArchiveFormatError(`file in archive is not in a subdirectory: ${first}`);
  }
  const root = first.slice(0, slash);
  const prefix = root + "/";
  const records = new Map<string, Uint8Array>();
  for (const e of zip.entries) {
    if (!e.name.startsWith(prefix)) throw new ArchiveFormatError(`file in archive is not in a subdirectory ${prefix}: ${e.name}`);
    if (e.name.endsWith("/")) continue; // directory entries some zip tools add
    records.set(e.name.slice(prefix.length), zip.read(e));
  }
  const text = (name: string): string | null => {
    const r = records.get(name);
    return r === undefined ? null : utf8.decode(r);
  };

  const serializationId = text(L.SERIALIZATION_ID);
  const versionText = text(L.DATA_VERSION) ?? text(L.LEGACY_VERSION);
  if (versionText === null) throw new ArchiveFormatError('Expected hasRecord("version") to be true');
  const fileFormatVersion = /^\s*\d+\s*$/.test(versionText) ? Number(versionText) : NaN;
  if (!Number.isSafeInteger(fileFormatVersion)) {
    throw new ArchiveFormatError(`Couldn't parse the version ${JSON.stringify(versionText.slice(0, 40))} as Long Long.`);
  }
  if (fileFormatVersion < L.MIN_FILE_FORMAT_VERSION || fileFormatVersion > L.MAX_FILE_FORMAT_VERSION) {
    throw new ArchiveFormatError(
      `Attempted to read a PyTorch file with version ${fileFormatVersion}, but the supported versions are ` +
        `${L.MIN_FILE_FORMAT_VERSION} to ${L.MAX_FILE_FORMAT_VERSION}.`,
    );
  }

  if (records.has("serialized_exported_program.json")) {
    throw new LegacyArchiveError(
      "This is a legacy (pre-2.9) torch.export archive (serialized_exported_program.json); pt2js reads only the PT2 archive layout.",
    );
  }
  const format = text(L.ARCHIVE_FORMAT);
  if (format === null) throw new ArchiveFormatError(`${L.ARCHIVE_FORMAT} not found in archive: not a PT2 archive`);
  if (format !== L.ARCHIVE_FORMAT_VALUE) throw new ArchiveFormatError(`Invalid archive format: ${JSON.stringify(format.slice(0, 40))}`);
  const version = text(L.ARCHIVE_VERSION);
  if (version === null) throw new ArchiveFormatError(`${L.ARCHIVE_VERSION} not found in archive`);
  if (version !== L.ARCHIVE_VERSION_VALUE) {
    throw new ArchiveFormatError(
      `Saved archive version ${JSON.stringify(version.slice(0, 40))} does not match our current archive version ${L.ARCHIVE_VERSION_VALUE}.`,
    );
  }
  for (const name of records.keys()) {
    if (name.startsWith(L.AOTINDUCTOR_DIR)) {
      throw new UnsupportedArchiveFeatureError("AOTInductor packages (data/aotinductor/) are not supported");
    }
  }

  const models = new Map<string, Pt2Model>();
  for (const name of records.keys()) {
    if (!name.startsWith(L.MODELS_DIR) || !name.endsWith(".json")) continue;
    const model = name.slice(L.MODELS_DIR.length, -".json".length);
    models.set(model, readModel(model, records));
  }
  if (models.size === 0) throw new ArchiveFormatError("PT2 archive holds no models/<name>.json");

  const extraFiles = new Map<string, string>();
  for (const [name, data] of records) {
    if (name.startsWith(L.EXTRA_DIR)) extraFiles.set(name.slice(L.EXTRA_DIR.length), utf8.decode(data));
  }
  return { root, fileFormatVersion, serializationId, byteorder: text(L.BYTEORDER), records, models, extraFiles };
}

function requireRecord(records: Map<string, Uint8Array>, name: string): Uint8Array {
  const r = records.get(name);
  if (r === undefined) throw new ArchiveFormatError(`${name} not found in PT2 archive`);
  return r;
}

function readModel(model: string, records: Map<string, Uint8Array>): Pt2Model {
  const sampleInputs = requireRecord(records, L.sampleInputsFile(model));
  const program = decodeSchemaBytes("ExportedProgram", requireRecord(records, L.modelFile(model)));
  checkSchemaVersion(program.schema_version);

  if (records.has(`${L.WEIGHTS_DIR}${model}.pt`) || records.has(`${L.CONSTANTS_DIR}${model}.pt`)) {
    throw new LegacyArchiveError(
      `This archive stores weights in the pre-2.9 PT2 layout (one pickled ${L.WEIGHTS_DIR}${model}.pt / ` +
        `${L.CONSTANTS_DIR}${model}.pt); pt2js reads the raw-bytes payload layout of torch>=2.9. Re-save it with torch>=2.9.`,
    );
  }
  const weightsConfig = decodeSchemaBytes("PayloadConfig", requireRecord(records, L.weightsConfigFile(model)));
  const constantsConfig = decodeSchemaBytes("PayloadConfig", requireRecord(records, L.constantsConfigFile(model)));
  const weights = resolvePayloads(weightsConfig, filesUnder(records, L.WEIGHTS_DIR), L.WEIGHTS_DIR, false);
  const constants = resolvePayloads(constantsConfig, filesUnder(records, L.CONSTANTS_DIR), L.CONSTANTS_DIR, true);
  return { name: model, program, weightsConfig, constantsConfig, weights, constants, sampleInputs };
}

/** Files directly in `dir` (no subfolders), by base name. */
export function filesUnder(records: Map<string, Uint8Array>, dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of records) {
    if (name.startsWith(dir) && !name.slice(dir.length).includes("/")) out.set(name.slice(dir.length), data);
  }
  return out;
}
