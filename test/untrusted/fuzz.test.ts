// Bounded fuzz of torch.export.load over mutated corpus archives (a few seconds in CI; the long
// run with one memory-capped child process per batch is bench/soak_fuzz.ts): zero untyped errors,
// zero hangs. The figures are printed as tried / ok / typed / untyped / hang.
import { expect, it } from "vitest";
import "../../src/ops/index.js";
import "../../src/tensor/index.js";
import { archiveBytes, corpusCases } from "../serde_program/corpus.js";
import { caseBytes, classify, seedOf, type Outcome } from "./fuzz-core.js";

it("mutated corpus archives: typed errors or clean loads only", () => {
  const seeds = corpusCases().filter((n) => n.startsWith("zoo/")).map((n) => seedOf(n, archiveBytes(n)));
  const counts: Record<Outcome, number> = { ok: 0, typed: 0, untyped: 0, hang: 0 };
  const bad: string[] = [];
  const runSeed = 14;
  const t0 = performance.now();
  let tried = 0;
  for (let i = 0; i < 2000 && performance.now() - t0 < 5000; i++) {
    const { seed, bytes } = caseBytes(seeds, runSeed, i);
    const { outcome, detail } = classify(bytes);
    counts[outcome]++;
    tried++;
    if (outcome === "untyped" || outcome === "hang") bad.push(`case ${i} (${seed}): ${outcome} ${detail}`);
  }
  console.log(`fuzz: tried ${tried}, ok ${counts.ok}, typed ${counts.typed}, untyped ${counts.untyped}, hang ${counts.hang}`);
  expect(tried).toBeGreaterThan(100);
  expect(counts.typed).toBeGreaterThan(0);
  expect(bad).toEqual([]);
}, 60_000);
