// Node-only file helpers for .pt2 archives (the rest of src/serde runs in browsers too).
import { readFile, writeFile } from "node:fs/promises";
import { readPt2, type Pt2Archive, type Pt2ReadOptions } from "./archive/reader.js";
import { writePt2, type Pt2WriteInput } from "./archive/writer.js";

/** Reads and parses a .pt2 file. */
export async function readPt2File(path: string, options?: Pt2ReadOptions): Promise<Pt2Archive> {
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
  await writeFile(path, writePt2({ ...input, root }));
}
