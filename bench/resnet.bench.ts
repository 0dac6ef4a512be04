// Export of torchvision's ResNet-18 (dynamic batch) and ResNet-50 (static) — the ports in
// test/models/resnet.ts — next to PyTorch 2.11's warm export times for the same models (reference
// big/*, another machine). Run by hand:
//   npx tsx bench/resnet.bench.ts
import "./load-core.js";
import "../src/ops/index.js";
import { exportModule } from "../src/export/export.js";
import { Dim } from "../src/export/dim.js";
import { randn } from "../src/tensor/factories.js";
import { resnet18, resnet50 } from "../test/models/resnet.js";

const cases: Array<[string, () => ReturnType<typeof exportModule>, number]> = [];
const r18 = resnet18().eval();
const r50 = resnet50().eval();
const x18 = randn(2, 3, 64, 64);
const x50 = randn(1, 3, 64, 64);
cases.push(["big/resnet18_dynamic_batch", () => exportModule(r18 as never, [x18], { dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 512 }) } } }), 0.36264897499999904]);
cases.push(["big/resnet50_static", () => exportModule(r50 as never, [x50]), 0.45584052399999564]);

for (const [name, run, torchWarm] of cases) {
  run();
  const times: number[] = [];
  let nodes = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    nodes = run().graph.nodes.length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[3]!;
  console.log(`${name}: ${median.toFixed(1)} ms warm, ${nodes} nodes, ${((median * 1000) / nodes).toFixed(0)} µs/node; ` +
    `PyTorch 2.11 ${(torchWarm * 1000).toFixed(0)} ms (${((torchWarm * 1000) / median).toFixed(1)}x)`);
}
