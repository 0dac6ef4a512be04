// torch.export.export of the zoo models: warm time per export and per graph node, next to
// PyTorch 2.11's warm export time from the reference corpus (summary.json, another machine).
import "./load-core.js";
import "../src/ops/index.js";
import { exportModule } from "../src/export/export.js";
import { Dim } from "../src/export/dim.js";
import { randn, randint } from "../src/tensor/factories.js";
import { int64 } from "../src/tensor/dtype.js";
import { MLP, CNN, TinyGPT } from "../test/models/index.js";

// PyTorch 2.11 median warm export seconds (reference summary.json).
const PYTORCH_WARM_S: Record<string, number> = {
  "zoo/mlp_dynamic_batch": 0.037174394999993865,
  "zoo/cnn_eval_dynamic_batch": 0.08184643399999914,
};

const batch = Dim("batch", { min: 1, max: 1024 });
// Models and inputs are built once: only export() is timed.
const mlp = new MLP().eval();
const cnn = new CNN().eval();
const gpt = new TinyGPT().eval();
const [x8, img, idx] = [randn(8, 16), randn(2, 3, 16, 16), randint(0, 128, [2, 16], { dtype: int64 })];
const seq = Dim("seq", { min: 1, max: 64 });
const cases: Array<[string, () => ReturnType<typeof exportModule>]> = [
  ["zoo/mlp_dynamic_batch", () => exportModule(mlp as never, [x8], { dynamic_shapes: { x: { 0: batch } } })],
  ["zoo/cnn_eval_dynamic_batch", () => exportModule(cnn as never, [img], { dynamic_shapes: { x: { 0: batch } } })],
  ["zoo/tinygpt_dynamic", () => exportModule(gpt as never, [idx], { dynamic_shapes: { idx: { 0: batch, 1: seq } } })],
];

for (const [name, run] of cases) {
  for (let i = 0; i < 5; i++) run(); // warm up
  const times: number[] = [];
  let nodes = 0;
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const ep = run();
    times.push(performance.now() - t0);
    nodes = ep.graph.nodes.length;
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1]!;
  const torch = PYTORCH_WARM_S[name];
  const ratio = torch === undefined ? "" : `, PyTorch 2.11 ${(torch * 1000).toFixed(1)} ms (${((torch * 1000) / median).toFixed(0)}x)`;
  console.log(`${name}: ${median.toFixed(2)} ms warm, ${nodes} nodes, ${((median * 1000) / nodes).toFixed(1)} µs/node${ratio}`);
}
