// The long fuzz of torch.export.load by hand (issue #14):
//   npx tsx bench/soak_fuzz.ts [cases=100000] [runSeed=14] [batch=2000] [memMB=1024]
// Cases run in child processes (`--max-old-space-size=memMB`), a batch each; a child that dies
// (V8 fatal, out of memory, signal) counts its current case as a crash, one that stops reporting
// for 20 s counts it as a hang; either way the run goes on from the next case. Prints the figures
// tried / ok / typed / untyped / hang / crash and the first few failures with their case numbers
// (replay one: `npx tsx bench/soak_fuzz.ts --case N [runSeed]`).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const self = fileURLToPath(import.meta.url);

async function worker(runSeed: number, from: number, to: number): Promise<void> {
  await import("./load-core.js");
  await import("../src/ops/index.js");
  await import("../src/tensor/index.js");
  const { archiveBytes, corpusCases } = await import("../test/serde_program/corpus.js");
  const { caseBytes, classify, seedOf } = await import("../test/untrusted/fuzz-core.js");
  const seeds = corpusCases().map((n) => seedOf(n, archiveBytes(n)));
  for (let i = from; i < to; i++) {
    process.stdout.write(`start ${i}\n`);
    const { seed, bytes } = caseBytes(seeds, runSeed, i);
    const { outcome, detail } = classify(bytes, 10_000);
    process.stdout.write(`done ${i} ${outcome} ${JSON.stringify(outcome === "typed" || outcome === "ok" ? "" : `${seed}: ${detail}`)}\n`);
  }
}

async function main(): Promise<void> {
  const cases = Number(args[0] ?? 100_000);
  const runSeed = Number(args[1] ?? 14);
  const batch = Number(args[2] ?? 2000);
  const memMB = Number(args[3] ?? 1024);
  const counts = { ok: 0, typed: 0, untyped: 0, hang: 0, crash: 0 };
  const failures: string[] = [];
  const t0 = performance.now();
  let next = 0;
  while (next < cases) {
    const to = Math.min(cases, next + batch);
    const child = spawn(process.execPath, [`--max-old-space-size=${memMB}`, "--import", "tsx", self, "--worker", String(runSeed), String(next), String(to)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let current = next;
    let finished = next;
    let buf = "";
    let stderr = "";
    let timer: NodeJS.Timeout | null = null;
    let hung = false;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill("SIGKILL");
      }, 20_000);
    };
    arm();
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-2000)));
    child.stdout.on("data", (d) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^(start|done) (\d+)(?: (\w+) (.*))?$/.exec(line);
        if (!m) continue;
        arm();
        const i = Number(m[2]);
        if (m[1] === "start") current = i;
        else {
          const outcome = m[3] as keyof typeof counts;
          counts[outcome]++;
          finished = i + 1;
          if (outcome !== "ok" && outcome !== "typed" && failures.length < 20) failures.push(`case ${i}: ${outcome} ${JSON.parse(m[4]!)}`);
        }
      }
    });
    const code: number | null = await new Promise((res) => child.on("exit", (c) => res(c)));
    if (timer) clearTimeout(timer);
    if (finished < to) {
      // the child died (or hung) on case `current`
      if (hung) counts.hang++;
      else counts.crash++;
      if (failures.length < 20) failures.push(`case ${current}: ${hung ? "hang" : `crash (exit ${code})`} ${stderr.slice(-400)}`);
      next = current + 1;
    } else {
      next = to;
    }
    const tried = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stderr.write(`\r${tried} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const tried = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`\ntried ${tried}: ok ${counts.ok}, typed ${counts.typed}, untyped ${counts.untyped}, hang ${counts.hang}, crash ${counts.crash} ` +
    `(${((performance.now() - t0) / 1000).toFixed(0)} s, children capped at ${memMB} MB heap)`);
  for (const f of failures) console.log(f);
}

if (args[0] === "--worker") await worker(Number(args[1]), Number(args[2]), Number(args[3]));
else if (args[0] === "--case") {
  await import("./load-core.js");
  await import("../src/ops/index.js");
  const { archiveBytes, corpusCases } = await import("../test/serde_program/corpus.js");
  const { caseBytes, classify, seedOf } = await import("../test/untrusted/fuzz-core.js");
  const seeds = corpusCases().map((n) => seedOf(n, archiveBytes(n)));
  const { seed, bytes } = caseBytes(seeds, Number(args[2] ?? 14), Number(args[1]));
  console.log(seed, classify(bytes, 60_000));
} else await main();
