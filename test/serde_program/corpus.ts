// The serde corpus (every PyTorch 2.11 model.pt2 of the reference cases, copied by
// test/fixtures/torch-2.11/serde/collect.py) and PyTorch's printed programs for them
// (test/fixtures/torch-2.11/serde_program/printed.json, from collect.py beside it).
import { readFileSync, readdirSync } from "node:fs";

const fixtures = new URL("../fixtures/torch-2.11/", import.meta.url);

export interface PrintedCase {
  printed: string;
  /** Whether PyTorch's own load-then-print gave the same text. */
  roundtrip_printed_equal: boolean | null;
}

export const PRINTED: Record<string, PrintedCase> = JSON.parse(
  readFileSync(new URL("serde_program/printed.json", fixtures), "utf8"),
);

/** "group/name" of every corpus archive, sorted. */
export function corpusCases(): string[] {
  const out: string[] = [];
  for (const group of readdirSync(new URL("serde/corpus/", fixtures)).sort()) {
    for (const f of readdirSync(new URL(`serde/corpus/${group}/`, fixtures)).sort()) {
      if (f.endsWith(".pt2")) out.push(`${group}/${f.slice(0, -4)}`);
    }
  }
  return out;
}

/** The archive bytes of a corpus case ("zoo/mlp_static") or of a pt2-samples file ("pt2-samples/m1_dyn"). */
export function archiveBytes(name: string): Uint8Array {
  const path = name.startsWith("pt2-samples/") ? `${name}.pt2` : `serde/corpus/${name}.pt2`;
  return new Uint8Array(readFileSync(new URL(path, fixtures)));
}

export function sampleNames(): string[] {
  return readdirSync(new URL("pt2-samples/", fixtures))
    .filter((f) => f.endsWith(".pt2"))
    .sort()
    .map((f) => `pt2-samples/${f.slice(0, -4)}`);
}

/** The printed text without `#` comment lines (the stack-trace summaries). */
export function withoutComments(text: string): string {
  return text
    .split("\n")
    .filter((l) => !l.trim().startsWith("#"))
    .join("\n");
}

/** "line N: ours ... / PyTorch ..." for the first differing line, or "". */
export function firstDifference(ours: string, theirs: string): string {
  const a = ours.split("\n");
  const b = theirs.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: ours ${JSON.stringify(a[i])} / PyTorch ${JSON.stringify(b[i])}`;
  }
  return "";
}
