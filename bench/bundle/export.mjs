// torch.export.export through the BUILT bundle with plain node (no tsx, no source maps): warm
// median time per export and per graph node. Run: `npm run build && node bench/bundle/export.mjs [names...]`
// (`--gpt2` adds the GPT-2-small-sized TinyGPT, whose weights take ~10 s to initialize).
import { torch, Dim } from "pt2js";
import { MLP, CNN, TinyGPT, ResNet, BasicBlock, Bottleneck } from "./models.mjs";

const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith("--"));
const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 21);
const batch = () => Dim("batch", { min: 1, max: 1024 });

// [name, build model, example inputs, dynamic_shapes, PyTorch 2.11 warm seconds (summary.json / big/*, another machine)]
const cases = [
  ["zoo/mlp_dynamic_batch", () => new MLP().eval(), () => [torch.randn(8, 16)], () => ({ x: { 0: batch() } }), 0.037174394999993865],
  ["zoo/cnn_eval_dynamic_batch", () => new CNN().eval(), () => [torch.randn(2, 3, 16, 16)], () => ({ x: { 0: batch() } }), 0.08184643399999914],
  ["zoo/tinygpt_dynamic", () => new TinyGPT().eval(), () => [torch.randint(0, 128, [2, 16], { dtype: torch.int64 })],
    () => ({ idx: { 0: batch(), 1: Dim("seq", { min: 1, max: 64 }) } }), undefined],
  ["big/resnet18_dynamic_batch", () => new ResNet(BasicBlock, [2, 2, 2, 2]).eval(), () => [torch.randn(2, 3, 64, 64)],
    () => ({ x: { 0: Dim("batch", { min: 1, max: 512 }) } }), 0.36264897499999904],
  ["big/resnet50_dynamic_batch", () => new ResNet(Bottleneck, [3, 4, 6, 3]).eval(), () => [torch.randn(2, 3, 64, 64)],
    () => ({ x: { 0: Dim("batch", { min: 1, max: 512 }) } }), undefined],
  ["big/resnet50_static", () => new ResNet(Bottleneck, [3, 4, 6, 3]).eval(), () => [torch.randn(1, 3, 64, 64)], () => undefined, 0.45584052399999564],
  ["gpt2_small_sized_tinygpt_dynamic_seq", () => new TinyGPT(50257, 768, 12, 12, 1024).eval(),
    () => [torch.randint(0, 50257, [1, 16], { dtype: torch.int64 })], () => ({ idx: { 1: Dim("seq", { min: 2, max: 1024 }) } }), undefined],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [name, make, inputs, shapes, torchWarm] of cases) {
  if (wanted.length ? !wanted.some((w) => name.includes(w)) : name.startsWith("gpt2") && !args.includes("--gpt2")) continue;
  const model = make();
  const xs = inputs();
  const run = () => torch.export.export(model, xs, { dynamic_shapes: shapes() });
  const t0 = performance.now();
  const nodes = run().graph.nodes.length;
  const first = performance.now() - t0;
  const n = name.startsWith("gpt2") ? Math.min(runs, 7) : runs;
  for (let i = 0; i < Math.min(5, n); i++) run(); // warm up
  const times = [];
  const cpu = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    run();
    times.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const med = median(times);
  const cpuMed = median(cpu);
  const vs = torchWarm === undefined ? "" : `; PyTorch 2.11 ${(torchWarm * 1000).toFixed(1)} ms (${((torchWarm * 1000) / med).toFixed(1)}x)`;
  console.log(`${name}: ${med.toFixed(2)} ms warm (median of ${n}, min ${Math.min(...times).toFixed(2)}), first ${first.toFixed(1)} ms, ` +
    `CPU ${cpuMed.toFixed(2)} ms, ${nodes} nodes, ${((med * 1000) / nodes).toFixed(1)} µs/node ` +
    `(min ${((Math.min(...times) * 1000) / nodes).toFixed(1)}, CPU ${((cpuMed * 1000) / nodes).toFixed(1)})${vs}`);
}
