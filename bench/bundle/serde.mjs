// torch.export.save / torch.export.load of a ResNet-50-sized program (~100 MB of float32 weights)
// through the BUILT bundle with plain node, to file and to bytes: median seconds and MB/s, next to
// PyTorch (bench/oracle/serde_bench.py on this machine; reference big/resnet50_static for 2.11).
// Run: `npm run build && node bench/bundle/serde.mjs [--reps=N]`
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { torch } from "pt2js";
import { ResNet, Bottleneck } from "./models.mjs";

const reps = Number(process.argv.find((a) => a.startsWith("--reps="))?.slice(7) ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const load0 = loadavg();
const ep = torch.export.export(new ResNet(Bottleneck, [3, 4, 6, 3]).eval(), [torch.randn(1, 3, 64, 64)]);
const dir = mkdtempSync(join(tmpdir(), "pt2js-serde-"));
const path = join(dir, "resnet50.pt2");
const t = { save_bytes: [], load_bytes: [], save_file: [], load_file: [] };
let size = 0;
let same = true;
for (let i = 0; i < reps; i++) {
  let t0 = performance.now();
  const bytes = torch.export.save(ep);
  t.save_bytes.push(performance.now() - t0);
  size = bytes.length;
  t0 = performance.now();
  const back = torch.export.load(bytes);
  t.load_bytes.push(performance.now() - t0);
  if (i === 0) same = back.toString() === ep.toString();
  t0 = performance.now();
  await torch.export.save(ep, path);
  t.save_file.push(performance.now() - t0);
  t0 = performance.now();
  await torch.export.load(path);
  t.load_file.push(performance.now() - t0);
}
const fileSize = statSync(path).size;
rmSync(dir, { recursive: true, force: true });
console.log(`ResNet-50 archive ${(size / 1e6).toFixed(1)} MB (file ${(fileSize / 1e6).toFixed(1)} MB), ${reps} reps, round trip prints the same: ${same}; ` +
  `load average ${load0.map((l) => l.toFixed(2)).join(" ")} → ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const [k, ts] of Object.entries(t)) {
  const m = median(ts);
  console.log(`${k}: ${m.toFixed(0)} ms median (min ${Math.min(...ts).toFixed(0)}), ${(size / 1e6 / (m / 1000)).toFixed(0)} MB/s`);
}
