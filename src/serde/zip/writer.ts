// Zip container writer with the byte layout PyTorch's PyTorchStreamWriter (miniz) produces:
// STORED entries whose data starts 64-byte aligned (padding in an "FB" extra field of 'Z' bytes),
// flags 0x0808 (data descriptor + UTF-8), zeroed DOS time, a data descriptor after each entry, a
// central directory without extras, then zip64 end record + locator + classic end record.
// Archives below 4 GiB come out byte-identical to torch.export.save's.
import { ZipFormatError } from "../errors.js";
import { crc32 } from "./crc32.js";
import { checkName } from "./reader.js";

const ALIGN = 64;
const U32_MAX = 0xffffffff;

export interface ZipWriteEntry {
  /** Full name inside the zip ("archive/models/model.json"). */
  name: string;
  data: Uint8Array;
  /** Precomputed CRC-32 of data (skips hashing, e.g. when copying entries). */
  crc32?: number;
}

interface Placed {
  nameBytes: Uint8Array;
  data: Uint8Array;
  crc: number;
  offset: number;
  pad: number;
}

/** Lays out `entries` in order and returns the zip file bytes. */
export function writeZip(entries: readonly ZipWriteEntry[]): Uint8Array {
  const pieces = zipPieces(entries);
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The zip file as consecutive pieces: each entry's local header (with its padding), its data as
 * given (not copied), its data descriptor; then the central directory and end records.
 */
export function zipPieces(entries: readonly ZipWriteEntry[]): Uint8Array[] {
  const enc = new TextEncoder();
  const seen = new Set<string>();
  const placed: Placed[] = [];
  let offset = 0;
  for (const e of entries) {
    checkName(e.name);
    if (seen.has(e.name)) throw new ZipFormatError(`Tried to serialize file twice: ${e.name}`);
    seen.add(e.name);
    const nameBytes = enc.encode(e.name);
    if (nameBytes.length > 0xffff) throw new ZipFormatError(`zip entry name too long: ${e.name}`);
    if (e.data.length >= U32_MAX || offset >= U32_MAX) {
      // miniz then adds zip64 extras to the local header; not needed for archives below 4 GiB.
      throw new ZipFormatError("entries or offsets of 4 GiB and more are not supported by this writer");
    }
    const start = offset + 30 + nameBytes.length + 4;
    const pad = (ALIGN - (start % ALIGN)) % ALIGN;
    placed.push({ nameBytes, data: e.data, crc: e.crc32 ?? crc32(e.data), offset, pad });
    offset = start + pad + e.data.length + 16;
  }
  const cdOffset = offset;
  let cdSize = 0;
  for (const p of placed) cdSize += 46 + p.nameBytes.length;
  const zip64Offset = cdOffset + cdSize;
  if (zip64Offset >= U32_MAX) throw new ZipFormatError("archives of 4 GiB and more are not supported by this writer");

  const pieces: Uint8Array[] = [];
  for (const p of placed) {
    const header = new Uint8Array(30 + p.nameBytes.length + 4 + p.pad);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(6, 0x0808, true); // version needed 0, flags: data descriptor + UTF-8
    // method, time, date, crc, sizes stay 0: they follow in the data descriptor
    view.setUint16(26, p.nameBytes.length, true);
    view.setUint16(28, 4 + p.pad, true);
    header.set(p.nameBytes, 30);
    const at = 30 + p.nameBytes.length;
    header[at] = 0x46; // 'F'
    header[at + 1] = 0x42; // 'B'
    view.setUint16(at + 2, p.pad, true);
    header.fill(0x5a, at + 4); // 'Z'
    const descriptor = new Uint8Array(16);
    const dv = new DataView(descriptor.buffer);
    dv.setUint32(0, 0x08074b50, true);
    dv.setUint32(4, p.crc, true);
    dv.setUint32(8, p.data.length, true);
    dv.setUint32(12, p.data.length, true);
    pieces.push(header, p.data, descriptor);
  }
  const tail = new Uint8Array(cdSize + 56 + 20 + 22);
  const view = new DataView(tail.buffer);
  let at = 0;
  for (const p of placed) {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 8, 0x0808, true);
    view.setUint32(at + 16, p.crc, true);
    view.setUint32(at + 20, p.data.length, true);
    view.setUint32(at + 24, p.data.length, true);
    view.setUint16(at + 28, p.nameBytes.length, true);
    view.setUint32(at + 42, p.offset, true);
    tail.set(p.nameBytes, at + 46);
    at += 46 + p.nameBytes.length;
  }
  const n = placed.length;
  // zip64 end of central directory record
  view.setUint32(at, 0x06064b50, true);
  view.setBigUint64(at + 4, 44n, true);
  view.setUint16(at + 12, 0x031e, true);
  view.setUint16(at + 14, 45, true);
  view.setBigUint64(at + 24, BigInt(n), true);
  view.setBigUint64(at + 32, BigInt(n), true);
  view.setBigUint64(at + 40, BigInt(cdSize), true);
  view.setBigUint64(at + 48, BigInt(cdOffset), true);
  at += 56;
  // zip64 locator
  view.setUint32(at, 0x07064b50, true);
  view.setBigUint64(at + 8, BigInt(zip64Offset), true);
  view.setUint32(at + 16, 1, true);
  at += 20;
  // classic end of central directory
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, Math.min(n, 0xffff), true);
  view.setUint16(at + 10, Math.min(n, 0xffff), true);
  view.setUint32(at + 12, cdSize, true);
  view.setUint32(at + 16, cdOffset, true);
  pieces.push(tail);
  return pieces;
}
