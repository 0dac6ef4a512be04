// Reads a .pt2 archive (the layout torch.export.save writes since 2.9) into typed structures,
// applying the checks torch.export.load / load_pt2 / PyTorchStreamReader apply, in that order.
import { ArchiveFormatError, JsonParseError, LegacyArchiveError, UnsupportedArchiveFeatureError } from "../errors.js";
import { decodeSchemaBytes } from "../schema/codec.js";
import type { ExportedProgram, PayloadConfig } from "../schema/types.js";
import { checkSchemaVersion } from "../schema/version.js";
import { readLegacyArchive } from "./legacy.js";
import { ZipReader, type EntryLimit, type ZipEntry, type ZipReadOptions } from "../zip/reader.js";
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
  /** data/sample_inputs/<name>.pt: torch.save bytes, empty when the program had no example inputs (read on first use). */
  readonly sampleInputs: Uint8Array;
}

export interface Pt2Archive {
  /** The top-level folder every entry lives in ("archive", or the saved file's base name). */
  readonly root: string;
  /** The zip-container version (.data/version), 6 for PT2 archives. */
  readonly fileFormatVersion: number;
  readonly serializationId: string | null;
  readonly byteorder: string | null;
  /**
   * Every record below the root in zip order: relative name → bytes (views for STORED entries).
   * Lazy: a record is read (and inflated) the first time it is looked up, so records the program
   * does not need cost nothing.
   */
  readonly records: Map<string, Uint8Array>;
  readonly models: Map<string, Pt2Model>;
  /** extra/<name> entries, decoded as UTF-8 (lazily, like `records`). */
  readonly extraFiles: Map<string, string>;
}

export interface Pt2ReadOptions extends ZipReadOptions {
  /** Largest JSON (or other text) record accepted, checked before it is read. Default 32 MiB. */
  maxJsonBytes?: number;
  /** Largest weight / constant storage file accepted, checked before it is read. Default 2 GiB. */
  maxTensorBytes?: number;
}

/** Default limits of readPt2 and torch.export.load (see README "Loading untrusted archives"). */
export const DEFAULT_LIMITS = {
  maxBytes: 2 ** 31,
  maxEntries: 100_000,
  maxJsonBytes: 32 * 2 ** 20,
  maxTensorBytes: 2 ** 31,
} as const;

const UNREAD = new Uint8Array(0);

/**
 * A Map of records that reads each one on first lookup (`get`, iteration), with the limit that
 * applies to its name checked against the declared size before anything is inflated.
 */
class LazyRecords extends Map<string, Uint8Array> {
  constructor(
    private readonly zip: ZipReader | null,
    private readonly zipEntries: ReadonlyMap<string, ZipEntry>,
    private readonly limitFor: (name: string) => EntryLimit | undefined,
  ) {
    super();
    for (const name of zipEntries.keys()) super.set(name, UNREAD);
  }
  override get(name: string): Uint8Array | undefined {
    const v = super.get(name);
    if (v !== UNREAD) return v;
    const data = this.zip!.read(this.zipEntries.get(name)!, this.limitFor(name));
    super.set(name, data);
    return data;
  }
  override forEach(fn: (value: Uint8Array, key: string, map: Map<string, Uint8Array>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
  override *entries(): MapIterator<[string, Uint8Array]> {
    for (const k of super.keys()) yield [k, this.get(k)!];
  }
  override *values(): MapIterator<Uint8Array> {
    for (const k of super.keys()) yield this.get(k)!;
  }
  override [Symbol.iterator](): MapIterator<[string, Uint8Array]> {
    return this.entries();
  }
}

/** extra/<name> records decoded as UTF-8 on first lookup. */
class LazyText extends Map<string, string> {
  private readonly unread = new Set<string>();
  constructor(private readonly load: (name: string) => string, names: Iterable<string>) {
    super();
    for (const n of names) {
      super.set(n, "");
      this.unread.add(n);
    }
  }
  override get(name: string): string | undefined {
    if (this.unread.has(name)) {
      this.unread.delete(name);
      super.set(name, this.load(name));
    }
    return super.get(name);
  }
  override set(name: string, value: string): this {
    this.unread?.delete(name);
    return super.set(name, value);
  }
  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
  override *entries(): MapIterator<[string, string]> {
    for (const k of super.keys()) yield [k, this.get(k)!];
  }
  override *values(): MapIterator<string> {
    for (const k of super.keys()) yield this.get(k)!;
  }
  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

/** UTF-8 text of a record; a record over V8's string limit fails typed, not with a RangeError. */
function decodeText(name: string, data: Uint8Array): string {
  try {
    return utf8.decode(data);
  } catch (e) {
    throw new JsonParseError(`${name} could not be decoded as text: ${(e as Error).message}`);
  }
}

const utf8 = new TextDecoder("utf-8");

/** Opens a .pt2 archive; typed errors for corrupt, hostile, legacy or unsupported archives. */
export function readPt2(bytes: Uint8Array, options: Pt2ReadOptions = {}): Pt2Archive {
  if (bytes.length >= 8 && utf8.decode(bytes.subarray(0, 8)) === "PYTORCH1") {
    throw new ArchiveFormatError("File is an unsupported archive format from the preview release.");
  }
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_LIMITS.maxJsonBytes;
  const maxTensorBytes = options.maxTensorBytes ?? DEFAULT_LIMITS.maxTensorBytes;
  const zip = ZipReader.open(bytes, {
    maxBytes: DEFAULT_LIMITS.maxBytes,
    maxEntries: DEFAULT_LIMITS.maxEntries,
    ...options,
  });
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
    // torch.export.save of PyTorch 2.2 - 2.6: read, or a typed error naming its version.
    if (zip.has("serialized_exported_program.json")) return readLegacyArchive(zip, { maxJsonBytes, maxTensorBytes });
    if (zip.has("version")) {
      throw new LegacyArchiveError(
        "This is a legacy (pre-2.9) torch.export archive (top-level version / serialized_exported_program.json / " +
          "pickled serialized_state_dict.pt); pt2js reads only the PT2 archive layout. Re-save it with torch>=2.9.",
      );
    }
    throw new ArchiveFormatError(`file in archive is not in a subdirectory: ${first}`);
  }
  const root = first.slice(0, slash);
  const prefix = root + "/";
  const zipEntries = new Map<string, ZipEntry>();
  for (const e of zip.entries) {
    if (!e.name.startsWith(prefix)) throw new ArchiveFormatError(`file in archive is not in a subdirectory ${prefix}: ${e.name}`);
    if (e.name.endsWith("/")) continue; // directory entries some zip tools add
    zipEntries.set(e.name.slice(prefix.length), e);
  }
  const jsonLimit: EntryLimit = { option: "max_json_bytes", max: maxJsonBytes };
  const tensorLimit: EntryLimit = { option: "max_tensor_bytes", max: maxTensorBytes };
  const records: Map<string, Uint8Array> = new LazyRecords(zip, zipEntries, (name) => {
    if (name.endsWith(".json") || !name.includes("/") || name.startsWith(".data/")) return jsonLimit;
    if (name.startsWith(L.WEIGHTS_DIR) || name.startsWith(L.CONSTANTS_DIR)) return tensorLimit;
    return undefined; // extra files, sample inputs: bounded by max_bytes in total
  });
  const text = (name: string): string | null => {
    const r = records.get(name);
    return r === undefined ? null : decodeText(name, r);
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
      `Saved archive version ${printable(version)} does not match our current archive version ${L.ARCHIVE_VERSION_VALUE}.`,
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

  const extraNames = [...records.keys()].filter((n) => n.startsWith(L.EXTRA_DIR)).map((n) => n.slice(L.EXTRA_DIR.length));
  const extraFiles = new LazyText((n) => decodeText(L.EXTRA_DIR + n, records.get(L.EXTRA_DIR + n)!), extraNames);
  return { root, fileFormatVersion, serializationId, byteorder: text(L.BYTEORDER), records, models, extraFiles };
}

function requireRecord(records: Map<string, Uint8Array>, name: string): Uint8Array {
  const r = records.get(name);
  if (r === undefined) throw new ArchiveFormatError(`${name} not found in PT2 archive`);
  return r;
}

function readModel(model: string, records: Map<string, Uint8Array>): Pt2Model {
  if (!records.has(L.sampleInputsFile(model))) requireRecord(records, L.sampleInputsFile(model));
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
  // Only the payload files the configs name are read (filesUnder would read the whole folder).
  const weights = resolvePayloads(weightsConfig, fileLookup(records, L.WEIGHTS_DIR), L.WEIGHTS_DIR, false);
  const constants = resolvePayloads(constantsConfig, fileLookup(records, L.CONSTANTS_DIR), L.CONSTANTS_DIR, true);
  let sampleInputs: Uint8Array | null = null;
  return {
    name: model, program, weightsConfig, constantsConfig, weights, constants,
    get sampleInputs(): Uint8Array {
      sampleInputs ??= requireRecord(records, L.sampleInputsFile(model));
      return sampleInputs;
    },
  };
}

/** Files directly in `dir`, looked up (and read) one by one. */
function fileLookup(records: Map<string, Uint8Array>, dir: string): { get(name: string): Uint8Array | undefined } {
  return { get: (name) => (name.includes("/") ? undefined : records.get(dir + name)) };
}

/** Files directly in `dir` (no subfolders), by base name. */
export function filesUnder(records: Map<string, Uint8Array>, dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of records) {
    if (name.startsWith(dir) && !name.slice(dir.length).includes("/")) out.set(name.slice(dir.length), data);
  }
  return out;
}

/** A record's text as PyTorch prints it, when it is short printable ASCII; otherwise quoted and cut. */
function printable(s: string): string {
  return /^[\x20-\x7e]{0,40}$/.test(s) ? s : JSON.stringify(s.slice(0, 40));
}
