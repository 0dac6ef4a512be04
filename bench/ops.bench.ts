// Op dispatch and reference-kernel speed. Run by hand:
//   npm run build:wasm && npx tsx bench/ops.bench.ts
// Prints µs per meta-only dispatch of common ops (static and symbolic sizes), then the eager
// kernels' time for a 1024×1024 matmul and a ResNet-18 forward (batch 1, 224×224).
import "./load-core.js";
import { torch, Tensor } from "../src/tensor/index.js";
import { runMeta, normalizeArgs, withDispatchMode, type DispatchMode } from "../src/ops/index.js";
import { ShapeEnv } from "../src/core/shape_env.js";
import { SymInt } from "../src/symbolic/symint.js";
import type { Size } from "../src/ops/size.js";

// The tracer's path without node recording: the mode computes output metadata only.
const metaMode: DispatchMode = { dispatch: (op, args, kwargs) => runMeta(op, normalizeArgs(op.schema, args, kwargs)) };

function bench(name: string, n: number, fn: () => void): void {
  for (let i = 0; i < Math.min(n, 5000); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${name.padEnd(52)} ${us.toFixed(3)} µs/op`);
}

function metaBench(label: string, B: Size): void {
  const x = Tensor.fake([B, 64, 56, 56]);
  const w = Tensor.fake([64, 64, 3, 3]);
  const h = Tensor.fake([B, 128, 768]);
  const lw = Tensor.fake([768, 768]);
  const lb = Tensor.fake([768]);
  const v = Tensor.fake([64]);
  const N = 100_000;
  withDispatchMode(metaMode, () => {
    bench(`${label} add`, N, () => h.add(h));
    bench(`${label} mul scalar`, N, () => h.mul(0.5));
    bench(`${label} relu`, N, () => x.relu());
    bench(`${label} view`, N, () => h.view(-1, 768));
    bench(`${label} permute`, N, () => h.permute(0, 2, 1));
    bench(`${label} linear`, N, () => torch.linear(h, lw, lb));
    bench(`${label} conv2d`, N, () => torch.conv2d(x, w, null, 1, 1));
    bench(`${label} batch_norm`, N, () => torch.batch_norm(x, v, v, v, v, false, 0.1, 1e-5));
    bench(`${label} softmax`, N, () => torch.softmax(h, -1));
    bench(`${label} layer_norm`, N, () => torch.layer_norm(h, [768], lb, lb));
    bench(`${label} sum(dim, keepdim)`, N, () => h.sum(-1, { keepdim: true }));
    bench(`${label} cat`, N, () => torch.cat([h, h], 1));
  });
}

console.log("# meta-only dispatch (fake tensors)");
metaBench("static", 8);
const env = new ShapeEnv();
metaBench("symbolic", SymInt.of(env, env.createSymbol("L['x'].size()[0]", 8)));
env.free();

if (process.argv.includes("--meta-only")) process.exit(0);
console.log("\n# eager reference kernels");
const time = (name: string, fn: () => void) => {
  fn(); // warm up
  const t0 = performance.now();
  fn();
  console.log(`${name.padEnd(52)} ${(performance.now() - t0).toFixed(1)} ms`);
};
const a = torch.randn(1024, 1024);
const b = torch.randn(1024, 1024);
time("matmul 1024x1024 float32", () => void torch.mm(a, b));

// ResNet-18 with random weights, written with the functional ops.
function resnet18(): (x: Tensor) => Tensor {
  const conv = (o: number, i: number, k: number) => torch.randn(o, i, k, k).mul(Math.sqrt(2 / (i * k * k)));
  const bn = (c: number) => [torch.ones(c), torch.zeros(c), torch.zeros(c), torch.ones(c)] as const;
  const bnf = (x: Tensor, p: readonly Tensor[]) => torch.batch_norm(x, p[0]!, p[1]!, p[2]!, p[3]!, false, 0.1, 1e-5);
  const block = (i: number, o: number, stride: number) => {
    const w1 = conv(o, i, 3), b1 = bn(o), w2 = conv(o, o, 3), b2 = bn(o);
    const down = stride !== 1 || i !== o ? [conv(o, i, 1), bn(o)] as const : null;
    return (x: Tensor) => {
      let y = bnf(torch.conv2d(x, w1, null, stride, 1), b1).relu();
      y = bnf(torch.conv2d(y, w2, null, 1, 1), b2);
      const id = down ? bnf(torch.conv2d(x, down[0], null, stride), down[1]) : x;
      return y.add(id).relu();
    };
  };
  const stem = conv(64, 3, 7), stemBn = bn(64);
  const layers = [block(64, 64, 1), block(64, 64, 1), block(64, 128, 2), block(128, 128, 1),
    block(128, 256, 2), block(256, 256, 1), block(256, 512, 2), block(512, 512, 1)];
  const fcW = torch.randn(1000, 512).mul(0.01), fcB = torch.zeros(1000);
  return (x) => {
    let y = torch.max_pool2d(bnf(torch.conv2d(x, stem, null, 2, 3), stemBn).relu(), 3, 2, 1);
    for (const l of layers) y = l(y);
    return torch.linear(torch.flatten(torch.adaptive_avg_pool2d(y, 1), 1), fcW, fcB);
  };
}
const net = resnet18();
const img = torch.randn(1, 3, 224, 224);
time("ResNet-18 forward, batch 1, 224x224", () => void net(img));
