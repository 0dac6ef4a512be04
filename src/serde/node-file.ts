// Node-only file helpers for .pt2 archives (the rest of src/serde runs in browsers too).
import { open, readFile, stat } from "node:fs/promises";
import * as zlib from "node:zlib";
import { setNativeCrc32, type Crc32 } from "./zip/crc32.js";

// Node's native CRC-32 (zlib.crc32, Node >= 20.15) for the zip checksums of saved weights.
const nativeCrc32 = (zlib as unknown as { crc32?: Crc32 }).crc32;
if (typeof nativeCrc32 === "function") setNativeCrc32(nativeCrc32);
import { DEFAULT_LIMITS, readPt2, type Pt2Archive, type Pt2ReadOptions } from "./archive/reader.js";
import { LoadLimitError } from "./errors.js";
import { writePt2Pieces, type Pt2WriteInput } from "./archive/writer.js";

/** Reads and parses a .pt2 file. */
export async function readPt2File(path: string, options?: Pt2ReadOptions): Promise<Pt2Archive> {
  // The size limit is checked before the file is read.
  const max = options?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const { size } = await stat(path);
  if (size > max) throw new LoadLimitError("max_bytes", max, size, `size of ${path}`);
  // A view, not `new Uint8Array(buffer)`: that copy of a 100 MB archive took longer than the read.
  const bytes = await readFile(path);
  return readPt2(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
}

/**
 * Writes a .pt2 file. Like PyTorch writing to a path, the top-level folder defaults to the file's
 * base name without extension (`out/m1.pt2` → `m1/`).
 */
export async function writePt2File(path: string, input: Pt2WriteInput): Promise<void> {
  const base = path.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  const root = input.root ?? ((dot > 0 ? base.slice(0, dot) : base) || "archive");
  // Written piece by piece: the weights go from the tensors' storage to the file, never through
  // one archive-sized buffer (allocating and filling ~100 MB of fresh memory cost more than the write).
  const pieces = writePt2Pieces({ ...input, root });
  const file = await open(path, "w");
  try {
    for (let i = 0; i < pieces.length; i += 512) {
      const batch = pieces.slice(i, i + 512);
      const { bytesWritten } = await file.writev(batch);
      // A short write (rare for files) continues from where it stopped.
      let done = bytesWritten;
      for (const piece of batch) {
        if (done >= piece.length) {
          done -= piece.length;
          continue;
        }
        let rest = piece.subarray(done);
        done = 0;
        while (rest.length > 0) rest = rest.subarray((await file.write(rest)).bytesWritten);
      }
    }
  } finally {
    await file.close();
  }
}
