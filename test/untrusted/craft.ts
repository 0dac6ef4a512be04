// Hand-built zips for the hostile-archive tests: entries whose data is given already compressed,
// and central-directory records that may point at another record's local header (aliasing).
import { deflateRawSync } from "node:zlib";
import { crc32, readPt2 } from "../../src/serde/index.js";
import { archiveBytes } from "../serde_program/corpus.js";

export interface CraftEntry {
  name: string;
  /** Uncompressed bytes (deflated when `deflate`), or precompressed data with its declared size and CRC. */
  data?: Uint8Array;
  deflate?: boolean;
  raw?: { compressed: Uint8Array; size: number; crc: number };
  /** Central-directory record only, pointing at the local header of the entry with this index. */
  aliasOf?: number;
}

const enc = new TextEncoder();

/** A zip with DEFLATED or STORED entries; `aliasOf` entries reuse another entry's local header. */
export function craftZip(entries: readonly CraftEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const cd: Uint8Array[] = [];
  const offsets: number[] = [];
  const meta: Array<{ method: number; csize: number; size: number; crc: number }> = [];
  let at = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    let m: { method: number; csize: number; size: number; crc: number; body: Uint8Array | null };
    if (e.aliasOf !== undefined) {
      const t = meta[e.aliasOf]!;
      m = { ...t, body: null };
      offsets.push(offsets[e.aliasOf]!);
    } else {
      let body: Uint8Array;
      let method = 0;
      let size: number;
      let crc: number;
      if (e.raw) {
        body = e.raw.compressed;
        method = 8;
        size = e.raw.size;
        crc = e.raw.crc;
      } else {
        size = e.data!.length;
        crc = crc32(e.data!);
        body = e.deflate ? new Uint8Array(deflateRawSync(e.data!)) : e.data!;
        method = e.deflate ? 8 : 0;
      }
      m = { method, csize: body.length, size, crc, body };
      const h = new Uint8Array(30 + name.length);
      const v = new DataView(h.buffer);
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(8, method, true);
      v.setUint32(14, crc, true);
      v.setUint32(18, body.length, true);
      v.setUint32(22, size, true);
      v.setUint16(26, name.length, true);
      h.set(name, 30);
      offsets.push(at);
      locals.push(h, body);
      at += h.length + body.length;
    }
    meta.push(m);
    const c = new Uint8Array(46 + name.length);
    const v = new DataView(c.buffer);
    v.setUint32(0, 0x02014b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, 20, true);
    v.setUint16(10, m.method, true);
    v.setUint32(16, m.crc, true);
    v.setUint32(20, m.csize, true);
    v.setUint32(24, m.size, true);
    v.setUint16(28, name.length, true);
    v.setUint32(42, offsets[offsets.length - 1]!, true);
    c.set(name, 46);
    cd.push(c);
  }
  const cdSize = cd.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, cdSize, true);
  v.setUint32(16, at, true);
  const parts = [...locals, ...cd, end];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let p = 0;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}

/** The records of a corpus archive ("zoo/mlp_static") with its root, to rebuild with changes. */
export function corpusRecords(name: string): { root: string; records: Map<string, Uint8Array> } {
  const a = readPt2(archiveBytes(name));
  return { root: a.root, records: new Map(a.records) };
}

/** A PT2 archive of `records` under `root`, each entry STORED unless named in `deflate`. */
export function archiveOf(root: string, records: Map<string, Uint8Array>, deflate: ReadonlySet<string> = new Set()): Uint8Array {
  return craftZip([...records].map(([n, data]) => ({ name: `${root}/${n}`, data, deflate: deflate.has(n) })));
}
