// Soak: many exports and loads in one process; WASM memory, live core objects and the JS heap
// must stay flat (issue #14). By hand:
//   node --expose-gc --import tsx bench/soak.ts [exports] [loads] [dispose]
// (defaults 100000 each; prints a row every tenth; `dispose`: ep.dispose() after each, else the
// programs are only dropped and the finalizers free them). test/untrusted/soak.test.ts runs a short one.
import "./load-core.js";
import "../src/ops/index.js";
import { soak } from "../test/untrusted/soak-core.js";

const exportsN = Number(process.argv[2] ?? 100_000);
const loadsN = Number(process.argv[3] ?? 100_000);
const rows = await soak(exportsN, loadsN, Math.max(1, Math.floor(Math.max(exportsN, loadsN) / 10)), process.argv[4] === "dispose");
for (const r of rows) {
  console.log(
    `${r.phase.padEnd(6)} ${String(r.done).padStart(7)}  wasm ${(r.wasmBytes / 2 ** 20).toFixed(2).padStart(7)} MiB  ` +
      `envs ${String(r.liveEnvs).padStart(4)}  graph slots ${String(r.graphSlots).padStart(7)}  exprs ${String(r.exprs).padStart(7)}  ` +
      `heap ${(r.heapBytes / 2 ** 20).toFixed(1).padStart(6)} MiB  ${r.msPerOp.toFixed(2)} ms/op`,
  );
}
