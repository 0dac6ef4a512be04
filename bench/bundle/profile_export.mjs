// A loop of warm exports through the BUILT bundle, for `node --cpu-prof`; then prints the top
// self-time functions of the newest profile in the directory given. Run:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/bundle/profile_export.mjs [resnet50_static] [--runs=N]
//   node bench/bundle/profile_export.mjs --report=/tmp/prof
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const report = args.find((a) => a.startsWith("--report="))?.slice(9);
if (report !== undefined) {
  const file = readdirSync(report).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(report, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const dt = new Map(); // node id -> sampled µs
  prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const self = new Map();
  let total = 0;
  for (const n of prof.nodes) {
    const t = dt.get(n.id) ?? 0;
    total += t;
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}:${f.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + t);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(args.find((a) => a.startsWith("--top="))?.slice(6) ?? 40));
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [k, t] of top) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(1).padStart(7)} ms  ${k}`);
} else {
  const pt2js = await import("pt2js");
  const { defineModels } = await import("./models.mjs");
  const m = defineModels(pt2js);
  const which = args.find((a) => !a.startsWith("--")) ?? "resnet50_static";
  const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 200);
  const { torch, Dim } = pt2js;
  const make = {
    resnet50_static: () => [new m.ResNet(m.Bottleneck, [3, 4, 6, 3]).eval(), [torch.randn(1, 3, 64, 64)], undefined],
    resnet18_dynamic_batch: () => [new m.ResNet(m.BasicBlock, [2, 2, 2, 2]).eval(), [torch.randn(2, 3, 64, 64)], { x: { 0: Dim("batch", { min: 1, max: 512 }) } }],
    tinygpt_dynamic: () => [new m.TinyGPT().eval(), [torch.randint(0, 128, [2, 16], { dtype: torch.int64 })],
      { idx: { 0: Dim("batch", { min: 1, max: 1024 }), 1: Dim("seq", { min: 1, max: 64 }) } }],
  }[which];
  const [model, xs, shapes] = make();
  for (let i = 0; i < runs; i++) torch.export.export(model, xs, { dynamic_shapes: shapes });
}
