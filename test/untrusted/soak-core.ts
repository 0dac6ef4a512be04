// The soak loop of bench/soak.ts and test/untrusted/soak.test.ts: exports of a model with a
// dynamic batch, then loads of the saved archive, each result dropped; samples of the core's
// memory and live objects along the way.
import { core } from "../../src/core/loader.js";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { exportModule } from "../../src/export/export.js";
import { Dim } from "../../src/export/dim.js";
import { load, save } from "../../src/program/save_load.js";
import { randn } from "../../src/tensor/factories.js";
import { MLP } from "../models/mlp.js";

export interface SoakRow {
  phase: "export" | "load";
  done: number;
  wasmBytes: number;
  liveEnvs: number;
  graphSlots: number;
  exprs: number;
  heapBytes: number;
  msPerOp: number;
}

// A forced GC lets the test see finalizers run (node --expose-gc, or the flag set at runtime).
const gc: (() => void) | undefined = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined || typeof process === "undefined") return g;
  try {
    const req = process.getBuiltinModule as ((id: string) => any) | undefined;
    if (req === undefined) return undefined;
    req("node:v8").setFlagsFromString("--expose-gc");
    return req("node:vm").runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
})();

/** Settles finalizers (FinalizationRegistry callbacks run after a GC, in a later task). */
export async function settle(): Promise<void> {
  // On a loaded machine one round is not always enough for the callbacks to run: go on until the
  // live count has stopped falling for two rounds (at most 20).
  let last = ShapeEnv.liveCount();
  let still = 0;
  for (let i = 0; i < 20 && still < 2; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, i < 3 ? 0 : 5));
    const now = ShapeEnv.liveCount();
    still = now < last ? 0 : still + 1;
    last = now;
  }
}

function sample(phase: SoakRow["phase"], done: number, msPerOp: number): SoakRow {
  const c = core();
  return {
    phase,
    done,
    wasmBytes: c.memory.buffer.byteLength,
    liveEnvs: ShapeEnv.liveCount(),
    graphSlots: c.graphTotalNodes(),
    exprs: c.exprNodeCount(),
    heapBytes: typeof process !== "undefined" ? process.memoryUsage().heapUsed : 0,
    msPerOp,
  };
}

/**
 * Runs `exportsN` exports then `loadsN` loads, sampling every `every` operations. With `dispose`,
 * each program is disposed at once (as a service should) instead of left to the finalizers.
 */
export async function soakAsync(exportsN: number, loadsN: number, every: number, dispose = false): Promise<SoakRow[]> {
  const model = new MLP();
  const x = randn(8, 16);
  const options = { dynamic_shapes: { x: { 0: Dim("batch", { min: 2, max: 1024 }) } } };
  const bytes = save(exportModule(model as never, [x], options));
  const rows: SoakRow[] = [];
  let t0 = performance.now();
  for (let i = 1; i <= exportsN; i++) {
    const ep = exportModule(model as never, [x], options);
    if (dispose) ep.dispose();
    if (i % every === 0) {
      const ms = (performance.now() - t0) / every;
      await settle();
      rows.push(sample("export", i, ms));
      t0 = performance.now();
    }
  }
  t0 = performance.now();
  for (let i = 1; i <= loadsN; i++) {
    const loaded = load(bytes);
    if (dispose) loaded.dispose();
    if (i % every === 0) {
      const ms = (performance.now() - t0) / every;
      await settle();
      rows.push(sample("load", i, ms));
      t0 = performance.now();
    }
  }
  return rows;
}

export function soak(exportsN: number, loadsN: number, every: number, dispose = false): Promise<SoakRow[]> {
  return soakAsync(exportsN, loadsN, every, dispose);
}
