// A short soak (bench/soak.ts runs 100,000 exports and loads by hand): the core's memory stays
// flat over many exports and loads in one process, because every ShapeEnv and graph store an
// export or load creates is given back when its program is dropped.
import { expect, it } from "vitest";
import "../../src/ops/index.js";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { settle, soak } from "./soak-core.js";

it("400 exports and 200 loads: no live ShapeEnv left, WASM memory flat after the first 200 exports", async () => {
  // Without the finalizers every export kept ~12 KB: 300 more exports grew the core by ~3.6 MB.
  const rows = await soak(400, 200, 100);
  expect(rows.length).toBe(6);
  // The last export's program may still sit in a register of the loop; nothing older is alive.
  for (const r of rows) expect(r.liveEnvs).toBeLessThanOrEqual(1);
  const base = rows[1]!;
  for (const r of rows.slice(2)) {
    expect(r.wasmBytes, `${r.phase} ${r.done}`).toBe(base.wasmBytes);
    expect(r.graphSlots).toBe(base.graphSlots);
    expect(r.exprs).toBe(base.exprs);
  }
}, 180_000);

it("dispose() frees at once; a disposed ShapeEnv is refused, typed", async () => {
  await settle();
  const before = ShapeEnv.liveCount();
  const env = new ShapeEnv();
  expect(ShapeEnv.liveCount()).toBe(before + 1);
  env.dispose();
  expect(ShapeEnv.liveCount()).toBe(before);
  expect(() => env.createUnbacked()).toThrow(/ShapeEnv was freed/);
  env.dispose(); // idempotent
});
