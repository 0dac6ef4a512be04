// Start-up: whole `node` processes that import the built package and export the MLP with a dynamic
// batch (then print it), next to `node -e 1` and a process that only imports pt2js. Spawns each
// N times, interleaved (so load changes hit every case alike), and prints medians of wall time, as
// a user waits for it. Run:
//   npm run bench:startup [-- --runs=N] [-- --build=DIR ...]
// --build=DIR (repeatable) compares builds, e.g. a copy of build/ taken before a change. The child
// scripts are plain JavaScript run by plain `node` against the build (no tsx, no source maps).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 21);
const builds = process.argv.filter((a) => a.startsWith("--build=")).map((a) => resolve(a.slice(8)));
if (builds.length === 0) builds.push(fileURLToPath(new URL("../build", import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), "pt2js-startup-"));

const mlp = (entry: string) => `
import { torch, nn, F, Dim } from ${JSON.stringify(entry)};
class MLP extends nn.Module {
  fc1 = new nn.Linear(16, 32);
  fc2 = new nn.Linear(32, 4);
  forward(x) { return this.fc2(F.relu(this.fc1(x))); }
}
const ep = torch.export.export(new MLP().eval(), [torch.randn(8, 16)], {
  dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 1024 }) } },
});
console.log(ep.toString());
`;
// Also times the import inside the process (module load + top-level code + WASM instantiation).
const importOnly = (entry: string) => `
const t0 = performance.now();
await import(${JSON.stringify(entry)});
process.stdout.write(String(performance.now() - t0));
`;

const cases: Array<[string, string[]]> = [["node -e 1", ["-e", "1"]]];
builds.forEach((build, i) => {
  const entry = pathToFileURL(join(build, "node.js")).href;
  writeFileSync(join(dir, `import${i}.mjs`), importOnly(entry));
  writeFileSync(join(dir, `mlp${i}.mjs`), mlp(entry));
  const tag = builds.length > 1 ? ` [${build}]` : "";
  cases.push([`import pt2js${tag}`, [join(dir, `import${i}.mjs`)]]);
  cases.push([`import pt2js + export MLP + print${tag}`, [join(dir, `mlp${i}.mjs`)]]);
});

const wall = new Map<string, number[]>();
const inner = new Map<string, number[]>();
const load0 = loadavg();
for (let i = 0; i < runs; i++) {
  for (const [name, args] of cases) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    wall.set(name, [...(wall.get(name) ?? []), ms]);
    if (name.startsWith("import pt2js") && !name.includes("export")) inner.set(name, [...(inner.get(name) ?? []), Number(r.stdout)]);
  }
}
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const base = median(wall.get("node -e 1")!);
console.log(`node ${process.version}, ${runs} runs each, load average ${load0.map((l) => l.toFixed(2)).join(" ")} → ` +
  `${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const build of builds) {
  const js = readdirSync(build).filter((f) => f.endsWith(".js") && f !== "core.js"); // core.js: asc's glue, bundled into pt2js.js
  console.log(`${build}: bundle JS ${(js.reduce((n, f) => n + statSync(join(build, f)).size, 0) / 1024).toFixed(0)} KiB`);
}
for (const [name] of cases) {
  const m = median(wall.get(name)!);
  const extra = name === "node -e 1" ? "" : ` (+${(m - base).toFixed(0)} ms over node -e 1)`;
  const ins = inner.get(name);
  const imp = ins ? `; import() itself ${median(ins).toFixed(1)} ms median, min ${Math.min(...ins).toFixed(1)}` : "";
  console.log(`${name}: ${m.toFixed(0)} ms median, min ${Math.min(...wall.get(name)!).toFixed(0)} ms${extra}${imp}`);
}
