// Serde benchmarks, run by hand: `npx tsx bench/serde.bench.ts [fuzzRuns]`.
//   1. write and read a synthetic ~100 MB weights archive (MB/s), model.json encode/decode
//   2. optional: fuzz readPt2 with `fuzzRuns` mutated archives (default 0; CI runs 500)
import fc from "fast-check";
import { decodeSchema, encodeSchema, parsePyJson, readPt2, writePt2, type StoredTensor } from "../src/serde/index.js";
import { linearReluInput } from "../test/serde/helpers.js";
import { mutatedArchive, readsSafely } from "../test/serde/fuzz-core.js";

function time<T>(fn: () => T, reps = 3): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, value };
}

function syntheticInput(totalMB: number) {
  const base = linearReluInput();
  const m = base.models.get("model")!;
  const weightFiles = new Map<string, Uint8Array>();
  const config = new Map(m.weightsConfig.config);
  const perTensor = 4 << 20; // 4 MiB tensors
  const n = Math.round((totalMB * 1024 * 1024) / perTensor);
  const meta = m.weightsConfig.config.get("lin.bias")!.tensor_meta!;
  for (let i = 0; i < n; i++) {
    const data = new Float32Array(perTensor / 4);
    for (let k = 0; k < data.length; k += 1024) data[k] = i + k;
    weightFiles.set(`weight_${i + 2}`, new Uint8Array(data.buffer));
    config.set(`big.${i}`, { path_name: `weight_${i + 2}`, is_param: false, use_pickle: false, tensor_meta: { ...meta, sizes: [{ as_int: data.length }], requires_grad: false } });
  }
  for (const [k, v] of m.weightFiles) weightFiles.set(k, v);
  return { ...base, models: new Map([["model", { ...m, weightFiles, weightsConfig: { config } }]]) };
}

const input = syntheticInput(100);
const w = time(() => writePt2(input));
const mb = w.value.length / 1e6;
console.log(`archive: ${mb.toFixed(1)} MB, ${input.models.get("model")!.weightFiles.size} weight files`);
console.log(`write (layout + CRC-32): ${w.ms.toFixed(0)} ms = ${(mb / (w.ms / 1000)).toFixed(0)} MB/s`);
const r = time(() => readPt2(w.value));
console.log(`read (zero-copy views):  ${r.ms.toFixed(1)} ms = ${(mb / (r.ms / 1000)).toFixed(0)} MB/s`);
const rc = time(() => readPt2(w.value, { checkCrc: true }));
console.log(`read + CRC check:        ${rc.ms.toFixed(0)} ms = ${(mb / (rc.ms / 1000)).toFixed(0)} MB/s`);
const t = r.value.models.get("model")!.weights.get("big.3") as StoredTensor;
if ((t.storage as Float32Array)[1024] !== 3 + 1024) throw new Error("wrong weight values read back");

// model.json codec on a large graph: the m1 program with its node list repeated
const program = input.models.get("model")!.program;
const nodes = program.graph_module.graph.nodes;
const big = { ...program, graph_module: { ...program.graph_module, graph: { ...program.graph_module.graph, nodes: Array.from({ length: 20000 }, (_, i) => nodes[i % 2]) } } };
const e = time(() => encodeSchema("ExportedProgram", big));
console.log(`model.json encode: ${(e.value.length / 1e6).toFixed(1)} MB in ${e.ms.toFixed(0)} ms = ${(e.value.length / 1e6 / (e.ms / 1000)).toFixed(0)} MB/s`);
const d = time(() => decodeSchema("ExportedProgram", parsePyJson(e.value)));
console.log(`model.json parse+decode: ${d.ms.toFixed(0)} ms = ${(e.value.length / 1e6 / (d.ms / 1000)).toFixed(0)} MB/s`);

const runs = Number(process.argv[2] ?? 0);
if (runs > 0) {
  const seed = writePt2(linearReluInput());
  const t0 = performance.now();
  fc.assert(fc.property(mutatedArchive(seed), (bytes) => readsSafely(bytes)), { numRuns: runs });
  console.log(`fuzz: ${runs} mutated archives, all typed errors or clean reads, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
