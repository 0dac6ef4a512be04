// torch.export.load speed with the untrusted-archive checks (limits, lazy reads, weights copied
// out of the caller's bytes), by hand: `npx tsx bench/serde_load.bench.ts`.
//   load(bytes): copies the weights once (the caller's bytes are never written)
//   readPt2 only: container + JSON + payload resolution
//   deserialize with / without the weight copy, interleaved in one process (the copy's cost)
import "./load-core.js";
import "../src/ops/index.js";
import "../src/serde/node-file.js"; // the Node entry's native CRC-32, as users get it
import { exportModule } from "../src/export/export.js";
import { save, load } from "../src/program/save_load.js";
import { readPt2 } from "../src/serde/index.js";
import { deserializeProgram } from "../src/program/deserialize.js";
import { randint } from "../src/tensor/factories.js";
import { int64 } from "../src/tensor/dtype.js";
import { TinyGPT } from "../test/models/tinygpt.js";

function median(fn: () => unknown, reps: number): number {
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

for (const [vocab, dim, layers] of [[1000, 64, 2], [8000, 256, 6]] as const) {
  const model = new TinyGPT(vocab, dim, 4, layers, 128).eval();
  const ep = exportModule(model as never, [randint(0, vocab, [1, 16], { dtype: int64 })]);
  const bytes = save(ep);
  const reps = bytes.length > 10e6 ? 7 : 21;
  const read = median(() => readPt2(bytes), reps);
  const full = median(() => load(bytes), reps);
  const crc = median(() => load(bytes, { verify_crc: true }), reps);
  const archive = readPt2(bytes);
  const model_ = archive.models.get("model")!;
  const copy: number[] = [];
  const view: number[] = [];
  for (let i = 0; i < reps; i++) {
    copy.push(median(() => deserializeProgram(model_, { copyWeights: true }), 1));
    view.push(median(() => deserializeProgram(model_, { copyWeights: false }), 1));
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  console.log(`  deserialize: ${med(view).toFixed(1)} ms with views on the bytes, ${med(copy).toFixed(1)} ms copying the weights`);
  console.log(`TinyGPT(${vocab}, ${dim}, ${layers} layers): archive ${(bytes.length / 1e6).toFixed(1)} MB, ${ep.graph.nodes.length} nodes: ` +
    `readPt2 ${read.toFixed(1)} ms, load(bytes) ${full.toFixed(1)} ms, with verify_crc ${crc.toFixed(1)} ms (median of ${reps})`);
}
