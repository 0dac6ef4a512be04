// Zip container reader for .pt2 archives (and any zip PyTorch's miniz reader accepts: STORED or
// DEFLATED entries, data descriptors, zip64 records, optional extra fields).
//
// Hostile input: every offset and size is checked against the file before use, names that could
// escape a folder are rejected, and DEFLATED entries are bounded by the deflate ratio limit and
// `maxEntryBytes`, so memory stays proportional to the file and to what the caller allows.
import { Inflate } from "fflate";
import { LoadLimitError, ZipFormatError, ZipSecurityError } from "../errors.js";
import { crc32 } from "./crc32.js";

export interface ZipEntry {
  /** Full name inside the zip, '/'-separated. */
  readonly name: string;
  /** 0 = STORED, 8 = DEFLATED. */
  readonly method: 0 | 8;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  /** Offset of the entry's data in the file (what PyTorch's getRecordOffset returns). */
  readonly dataOffset: number;
}

export interface ZipReadOptions {
  /** Most entries accepted. Default 1,000,000. */
  maxEntries?: number;
  /** Largest uncompressed size accepted for a DEFLATED entry. Default 1 GiB. */
  maxEntryBytes?: number;
  /** Verify CRC-32 when reading entries (PyTorch does not). Default false. */
  checkCrc?: boolean;
  /**
   * Largest file accepted, and the most bytes all DEFLATED entries read may inflate to in total
   * (checked against their declared sizes before inflating). Default 2 GiB.
   */
  maxBytes?: number;
}

/** A per-entry limit `read` checks against the declared size before reading or inflating. */
export interface EntryLimit {
  readonly option: "max_json_bytes" | "max_tensor_bytes";
  readonly max: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
// Deflate cannot expand more than ~1032:1; anything claiming more is a lie or a bomb.
const MAX_DEFLATE_RATIO = 1032;

export class ZipReader {
  readonly entries: readonly ZipEntry[];
  private readonly byName: Map<string, ZipEntry>;
  /** Bytes inflated so far (bounded by maxBytes). */
  private inflated = 0;

  private constructor(
    readonly bytes: Uint8Array,
    entries: ZipEntry[],
    private readonly options: Required<ZipReadOptions>,
  ) {
    this.entries = entries;
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  /** Parses the central directory of `bytes`; entry data is read lazily by `read`. */
  static open(bytes: Uint8Array, options: ZipReadOptions = {}): ZipReader {
    const opts: Required<ZipReadOptions> = {
      maxEntries: options.maxEntries ?? 1_000_000,
      maxEntryBytes: options.maxEntryBytes ?? 2 ** 30,
      checkCrc: options.checkCrc ?? false,
      maxBytes: options.maxBytes ?? 2 ** 31,
    };
    if (bytes.length > opts.maxBytes) throw new LoadLimitError("max_bytes", opts.maxBytes, bytes.length, "archive size in bytes");
    return new ZipReader(bytes, parseCentralDirectory(bytes, opts), opts);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** The entry's bytes: a view into the file for STORED entries, a new buffer for DEFLATED ones. */
  read(nameOrEntry: string | ZipEntry, limit?: EntryLimit): Uint8Array {
    const e = typeof nameOrEntry === "string" ? this.byName.get(nameOrEntry) : nameOrEntry;
    if (!e) throw new ZipFormatError(`file not found in zip: ${String(nameOrEntry)}`);
    if (limit !== undefined && e.size > limit.max) throw new LoadLimitError(limit.option, limit.max, e.size, `size of ${e.name}`);
    const raw = this.bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    if (e.method === 8) {
      if (this.inflated + e.size > this.options.maxBytes) {
        throw new LoadLimitError("max_bytes", this.options.maxBytes, this.inflated + e.size, `bytes inflated reading ${e.name}`);
      }
      this.inflated += e.size;
    }
    const data = e.method === 0 ? raw : inflateBounded(raw, e.size, e.name);
    if (this.options.checkCrc && crc32(data) !== e.crc32) throw new ZipFormatError(`CRC-32 mismatch in ${e.name}`);
    return data;
  }
}

function inflateBounded(raw: Uint8Array, size: number, name: string): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    if (at + chunk.length > size) throw new ZipSecurityError(`${name} inflates beyond its declared size ${size}`);
    out.set(chunk, at);
    at += chunk.length;
    if (final) done = true;
  });
  const STEP = 1 << 16; // bounded expansion per push (<= ~66 MB)
  try {
    for (let i = 0; i < raw.length && !done; i += STEP) {
      inflater.push(raw.subarray(i, Math.min(raw.length, i + STEP)), i + STEP >= raw.length);
    }
  } catch (e) {
    if (e instanceof ZipFormatError) throw e;
    throw new ZipFormatError(`invalid deflate data in ${name}: ${(e as Error).message}`);
  }
  if (!done || at !== size) throw new ZipFormatError(`${name} inflated to ${at} bytes, expected ${size}`);
  return out;
}

function parseCentralDirectory(bytes: Uint8Array, opts: Required<ZipReadOptions>): ZipEntry[] {
  const size = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size < 22) throw new ZipFormatError(`not a zip file: ${size} bytes is too short (truncated?)`);
  const magic = view.getUint32(0, true);
  if (magic !== SIG_LOCAL && magic !== SIG_EOCD) {
    throw new ZipFormatError("not a zip file: wrong magic number at offset 0");
  }

  // End of central directory: the last 22 bytes unless a comment follows it.
  let eocd = -1;
  for (let p = size - 22; p >= Math.max(0, size - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === SIG_EOCD && p + 22 + view.getUint16(p + 20, true) === size) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError("not a zip file: end of central directory not found (truncated?)");

  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  let cdEnd = eocd;
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === SIG_ZIP64_LOCATOR) {
    const z64 = u64(view, eocd - 20 + 8, "zip64 end record offset");
    if (z64 + 56 > eocd - 20 || view.getUint32(z64, true) !== SIG_ZIP64_EOCD) {
      throw new ZipFormatError("corrupt zip64 end of central directory");
    }
    count = u64(view, z64 + 32, "entry count");
    cdSize = u64(view, z64 + 40, "central directory size");
    cdOffset = u64(view, z64 + 48, "central directory offset");
    cdEnd = z64;
  }
  if (cdOffset + cdSize > cdEnd) throw new ZipFormatError("central directory lies beyond the end of the file (truncated?)");
  if (count > opts.maxEntries) throw new LoadLimitError("max_entries", opts.maxEntries, count, "number of zip entries");
  if (count * 46 > cdSize) throw new ZipFormatError(`central directory too small for ${count} entries`);

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOffset + cdSize || view.getUint32(p, true) !== SIG_CENTRAL) {
      throw new ZipFormatError(`corrupt central directory entry ${i}`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let csize = view.getUint32(p + 20, true);
    let usize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) throw new ZipFormatError(`central directory entry ${i} overruns the directory`);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    // zip64 extra field (id 1): the 64-bit values of the fields that are 0xFFFFFFFF, in order.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = view.getUint16(x, true);
      const len = view.getUint16(x + 2, true);
      if (x + 4 + len > p + 46 + nameLen + extraLen) throw new ZipFormatError(`corrupt extra field in entry ${i}`);
      if (id === 1) {
        let q = x + 4;
        const take = (what: string): number => {
          if (q + 8 > x + 4 + len) throw new ZipFormatError(`short zip64 extra field in entry ${i}`);
          const v = u64(view, q, what);
          q += 8;
          return v;
        };
        if (usize === 0xffffffff) usize = take("size");
        if (csize === 0xffffffff) csize = take("compressed size");
        if (local === 0xffffffff) local = take("local header offset");
      }
      x += 4 + len;
    }
    if (flags & 1) throw new ZipFormatError(`entry ${i} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipFormatError(`entry ${i} uses unsupported compression method ${method}`);
    const name = decodeName(nameBytes, (flags & 0x800) !== 0);
    checkName(name);
    if (seen.has(name)) throw new ZipSecurityError(`duplicate zip entry name: ${name}`);
    seen.add(name);

    if (local + 30 > cdOffset || view.getUint32(local, true) !== SIG_LOCAL) {
      throw new ZipFormatError(`bad local header for ${name}`);
    }
    const lNameLen = view.getUint16(local + 26, true);
    const lExtraLen = view.getUint16(local + 28, true);
    const dataOffset = local + 30 + lNameLen + lExtraLen;
    if (dataOffset + csize > cdOffset) {
      throw new ZipFormatError(`data of ${name} (${csize} bytes at ${dataOffset}) lies beyond the file (truncated?)`);
    }
    if (method === 0 && csize !== usize) throw new ZipFormatError(`stored entry ${name} has different sizes`);
    if (method === 8) {
      if (usize > opts.maxEntryBytes) {
        // torch.export.load passes max_bytes as the per-entry bound.
        throw new LoadLimitError("max_bytes", opts.maxEntryBytes, usize, `declared uncompressed size of ${name}`);
      }
      if (usize > csize * MAX_DEFLATE_RATIO + 1024) {
        throw new ZipSecurityError(`${name} declares an impossible compression ratio (${usize} from ${csize} bytes)`);
      }
    }
    entries.push({ name, method: method as 0 | 8, crc32: crc, compressedSize: csize, size: usize, localHeaderOffset: local, dataOffset });
    p = next;
  }
  rejectOverlaps(entries);
  return entries;
}

/**
 * Each entry must own its bytes: two central-directory records pointing at one local header or
 * compressed stream (a "zip bomb" by aliasing: one small stream inflated once per record), or
 * entries whose data overlap, are refused. Data descriptors live between an entry's data and the
 * next header, so valid zips always pass.
 */
function rejectOverlaps(entries: readonly ZipEntry[]): void {
  if (entries.length < 2) return;
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1];
    const cur = byOffset[i];
    if (cur.localHeaderOffset < prev.dataOffset + prev.compressedSize) {
      throw new ZipSecurityError(`zip entries ${prev.name} and ${cur.name} overlap (aliased or overlapping entry data)`);
    }
  }
}

function u64(view: DataView, at: number, what: string): number {
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(`zip ${what} too large`);
  return Number(v);
}

function decodeName(b: Uint8Array, utf8: boolean): string {
  if (!utf8) {
    // CP437 for the ASCII range; bytes >= 0x80 mapped as Latin-1 (names PyTorch writes are ASCII).
    let s = "";
    for (const c of b) s += String.fromCharCode(c);
    return s;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    throw new ZipFormatError("zip entry name is not valid UTF-8");
  }
}

/** Rejects names that could escape the archive folder when extracted or confuse lookups. */
export function checkName(name: string): void {
  const bad =
    name.length === 0 ||
    name.startsWith("/") ||
    name.includes("\\") ||
    name.includes("\0") ||
    /^[A-Za-z]:/.test(name) ||
    name.split("/").some((seg, i, all) => seg === ".." || seg === "." || (seg === "" && i < all.length - 1));
  if (bad) throw new ZipSecurityError(`unsafe zip entry name: ${JSON.stringify(name)}`);
}
