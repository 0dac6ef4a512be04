// Saving and loading a GPT-2-small-sized program (~500 MB of float32 weights): time, and how many
// extra copies of the weights are alive at the peak (target: at most one). Run by hand:
//   node --expose-gc --import tsx bench/serde_large.bench.ts
import "./load-core.js";
import "../src/ops/index.js";
import { exportModule } from "../src/export/export.js";
import { Dim } from "../src/export/dim.js";
import { save, load } from "../src/program/save_load.js";
import { randint } from "../src/tensor/factories.js";
import { int64 } from "../src/tensor/dtype.js";
import { TinyGPT } from "../test/models/tinygpt.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const external = () => {
  gc();
  const m = process.memoryUsage();
  return m.arrayBuffers;
};

let t0 = performance.now();
const model = new TinyGPT(50257, 768, 12, 12, 1024).eval(); // GPT-2 small: 124M parameters
const weights = [...model.named_parameters()].reduce((n, [, p]) => n + Number(p.numel()) * 4, 0);
console.log(`model built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${mb(weights)} of weights`);

t0 = performance.now();
const ep = exportModule(model as never, [randint(0, 50257, [1, 16], { dtype: int64 })], {
  dynamic_shapes: { idx: { 1: Dim("seq", { min: 2, max: 1024 }) } },
});
console.log(`export: ${(performance.now() - t0).toFixed(0)} ms, ${ep.graph.nodes.length} nodes`);

const base = external();
t0 = performance.now();
const bytes = save(ep);
const saveMs = performance.now() - t0;
const afterSave = external();
console.log(`save: ${saveMs.toFixed(0)} ms (${((bytes.length / 1e6) / (saveMs / 1000)).toFixed(0)} MB/s), archive ${mb(bytes.length)}, ` +
  `memory held beyond the weights: ${mb(afterSave - base)} = ${((afterSave - base) / weights).toFixed(2)} copies (the archive)`);

t0 = performance.now();
const loaded = load(bytes);
const loadMs = performance.now() - t0;
const afterLoad = external();
console.log(`load: ${loadMs.toFixed(0)} ms (${((bytes.length / 1e6) / (loadMs / 1000)).toFixed(0)} MB/s), ` +
  `memory added by load: ${mb(afterLoad - afterSave)} = ${((afterLoad - afterSave) / weights).toFixed(2)} copies (views on the archive when 0)`);
console.log(`loaded program has ${loaded.state_dict.size} tensors; same text: ${loaded.toString() === ep.toString()}`);
