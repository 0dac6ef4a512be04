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
  let rechecked = 0;
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
    // Startup (tsx, the core, the seeds) may take long on a loaded machine: 180 s; then 30 s a case.
    const arm = (ms = 30_000) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill("SIGKILL");
      }, ms);
    };
    arm(180_000);
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
      // The child died (or stopped reporting) on case `current`: run that case alone in a fresh
      // child with a long limit, so a machine too busy to keep the pace is not counted as a hang.
      const again = await single(runSeed, current, memMB);
      if (again.outcome === "ok" || again.outcome === "typed" || again.outcome === "untyped") {
        counts[again.outcome]++;
        rechecked++;
        if (again.outcome === "untyped" && failures.length < 20) failures.push(`case ${current}: untyped ${again.detail}`);
      } else {
        counts[again.outcome]++;
        if (failures.length < 20) failures.push(`case ${current}: ${again.outcome} ${again.detail || ""} ${hung ? "" : `(exit ${code}) ${stderr.slice(-400)}`}`);
      }
      next = current + 1;
    } else {
      next = to;
    }
    const tried = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stderr.write(`\r${tried} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const tried = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`\ntried ${tried}: ok ${counts.ok}, typed ${counts.typed}, untyped ${counts.untyped}, hang ${counts.hang}, crash ${counts.crash} ` +
    `(${((performance.now() - t0) / 1000).toFixed(0)} s, children capped at ${memMB} MB heap; ${rechecked} cases rerun alone after their batch's child stalled)`);
  for (const f of failures) console.log(f);
}

/** One case in a fresh child, 120 s after its start: its outcome, "hang" or "crash". */
async function single(runSeed: number, index: number, memMB: number): Promise<{ outcome: "ok" | "typed" | "untyped" | "hang" | "crash"; detail: string }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${memMB}`, "--import", "tsx", self, "--worker", String(runSeed), String(index), String(index + 1)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let timer: NodeJS.Timeout | null = null;
  let hung = false;
  child.stderr.on("data", (d) => (err = (err + d).slice(-2000)));
  child.stdout.on("data", (d) => {
    out += d;
    if (out.includes(`start ${index}`) && timer === null) {
      timer = setTimeout(() => {
        hung = true;
        child.kill("SIGKILL");
      }, 120_000);
    }
  });
  const code: number | null = await new Promise((res) => child.on("exit", (c) => res(c)));
  if (timer) clearTimeout(timer);
  const m = new RegExp(`done ${index} (\\w+) (.*)`).exec(out);
  if (m) return { outcome: m[1] as "ok", detail: JSON.parse(m[2]!) };
  return { outcome: hung ? "hang" : "crash", detail: hung ? "" : `exit ${code}: ${err.slice(-400)}` };
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
