// A short soak (bench/soak.ts runs 100,000 exports and loads by hand): the core's memory stays
// flat over many exports and loads in one process, because every ShapeEnv and graph store an
// export or load creates is given back when its program is dropped.
import { expect, it } from "vitest";
import "../../src/ops/index.js";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { GraphError } from "../../src/core/errors.js";
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

it("a service that disposes each program: nothing waits for the finalizers", async () => {
  const rows = await soak(300, 200, 100, true);
  for (const r of rows) {
    expect(r.liveEnvs).toBeLessThanOrEqual(1);
    expect(r.graphSlots).toBe(rows[0]!.graphSlots); // the freed slots are reused, none added
    expect(r.wasmBytes).toBe(rows[0]!.wasmBytes);
  }
}, 120_000);

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

it("ExportedProgram.dispose() returns its graph's node slots at once; using it afterwards is a typed error", async () => {
  const { load } = await import("../../src/program/save_load.js");
  const { archiveBytes } = await import("../serde_program/corpus.js");
  const { core } = await import("../../src/core/loader.js");
  const { tensor } = await import("../../src/tensor/factories.js");
  await settle();
  const ep = load(archiveBytes("zoo/counter_buffers_constants"));
  const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
  const m = ep.module() as unknown as (x: unknown) => { shape: number[] };
  m(x); // built: the module's graph is its own copy now
  const unbuilt = ep.module() as unknown as (x: unknown) => unknown;
  const slots = core().graphTotalNodes();
  ep.dispose();
  expect(ep.graph.is_disposed).toBe(true);
  expect(() => String(ep)).toThrow(/disposed/);
  // The freed slots are reused: loading again does not grow the store.
  const again = load(archiveBytes("zoo/counter_buffers_constants"));
  expect(core().graphTotalNodes()).toBe(slots);
  expect(m(x).shape).toEqual([3, 4]);
  expect(() => unbuilt(x)).toThrow(GraphError);
  again.dispose();
});
