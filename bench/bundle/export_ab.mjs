// A/B of torch.export.export between two (or more) builds in ONE node process, exports alternating
// run by run, so machine load hits every build alike. Run:
//   node bench/bundle/export_ab.mjs --build=DIR_A --build=DIR_B [--runs=N] [names...]
// (DIR = a copy of build/, e.g. taken before a change; each is imported from DIR/node.js.)
// Keep each copy in a folder named `build` (/tmp/ab/base/build, /tmp/ab/ours/build): stack traces
// treat only `.../build/pt2js.js` as pt2js's own code, so a copy elsewhere keeps its nn modules'
// forward frames, which changes both the traces and their cost.
import { pathToFileURL } from "node:url";
import { resolve, join } from "node:path";
import { loadavg } from "node:os";
import { defineModels } from "./models.mjs";

const args = process.argv.slice(2);
const builds = args.filter((a) => a.startsWith("--build=")).map((a) => resolve(a.slice(8)));
const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 41);
const wanted = args.filter((a) => !a.startsWith("--"));
const libs = [];
for (const b of builds) {
  const pt2js = await import(pathToFileURL(join(b, "node.js")).href);
  libs.push({ build: b, pt2js, models: defineModels(pt2js) });
}
const cases = [
  ["zoo/mlp_dynamic_batch", (m) => new m.MLP().eval(), (t) => [t.randn(8, 16)], (Dim) => ({ x: { 0: Dim("batch", { min: 1, max: 1024 }) } })],
  ["zoo/cnn_eval_dynamic_batch", (m) => new m.CNN().eval(), (t) => [t.randn(2, 3, 16, 16)], (Dim) => ({ x: { 0: Dim("batch", { min: 1, max: 1024 }) } })],
  ["zoo/tinygpt_dynamic", (m) => new m.TinyGPT().eval(), (t) => [t.randint(0, 128, [2, 16], { dtype: t.int64 })],
    (Dim) => ({ idx: { 0: Dim("batch", { min: 1, max: 1024 }), 1: Dim("seq", { min: 1, max: 64 }) } })],
  ["big/resnet18_dynamic_batch", (m) => new m.ResNet(m.BasicBlock, [2, 2, 2, 2]).eval(), (t) => [t.randn(2, 3, 64, 64)], (Dim) => ({ x: { 0: Dim("batch", { min: 1, max: 512 }) } })],
  ["big/resnet50_dynamic_batch", (m) => new m.ResNet(m.Bottleneck, [3, 4, 6, 3]).eval(), (t) => [t.randn(2, 3, 64, 64)], (Dim) => ({ x: { 0: Dim("batch", { min: 1, max: 512 }) } })],
  ["big/resnet50_static", (m) => new m.ResNet(m.Bottleneck, [3, 4, 6, 3]).eval(), (t) => [t.randn(1, 3, 64, 64)], () => undefined],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const [name, make, inputs, shapes] of cases) {
  if (wanted.length && !wanted.some((w) => name.includes(w))) continue;
  const runners = libs.map(({ pt2js, models }) => {
    const model = make(models);
    const xs = inputs(pt2js.torch);
    return () => pt2js.torch.export.export(model, xs, { dynamic_shapes: shapes(pt2js.Dim) });
  });
  const nodes = runners.map((r) => r().graph.nodes.length);
  for (let i = 0; i < 5; i++) runners.forEach((r) => r());
  const times = runners.map(() => []);
  const cpu = runners.map(() => []); // process CPU time (user + system) of the same runs
  for (let i = 0; i < runs; i++) {
    runners.forEach((r, k) => {
      const c = process.cpuUsage();
      const t0 = performance.now();
      r();
      times[k].push(performance.now() - t0);
      const d = process.cpuUsage(c);
      cpu[k].push((d.user + d.system) / 1000);
    });
  }
  console.log(name);
  libs.forEach(({ build }, k) => {
    const med = median(times[k]);
    const min = Math.min(...times[k]);
    const cmed = median(cpu[k]);
    const cmin = Math.min(...cpu[k]);
    console.log(`  ${build}: ${med.toFixed(2)} ms median, min ${min.toFixed(2)}; ${nodes[k]} nodes: ${((med * 1000) / nodes[k]).toFixed(1)} µs/node median, ${((min * 1000) / nodes[k]).toFixed(1)} min; CPU ${cmed.toFixed(2)} ms median, min ${cmin.toFixed(2)}`);
  });
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
