#!/usr/bin/env node
// Runs the PyTorch test ports (test/pytorch) as plain tests and rewrites each `port(...)` that fails
// into `fails(name, "<first line of its error>", ...)` and each `fails(...)` that passes back into
// `port(...)`, then regenerates docs/pytorch-tests.md. Usage: node tools/mark-pytorch-ports.mjs [files...]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "test/pytorch");
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith(".test.ts")).map((f) => join("test/pytorch", f));
mkdirSync(join(root, "build/reports"), { recursive: true });
const out = join(root, "build/reports/pytorch-ports.json");
try {
  execFileSync("npx", ["vitest", "run", ...files, "--reporter=json", `--outputFile=${out}`], {
    cwd: root,
    env: { ...process.env, PT2JS_PORTS_ACTUAL: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
} catch {
  // failing tests make vitest exit non-zero
}
const report = JSON.parse(readFileSync(out, "utf8"));
const outcome = new Map();
for (const f of report.testResults) {
  for (const t of f.assertionResults) {
    const msg = (t.failureMessages?.[0] ?? "").split("\n")[0].replace(/\x1b\[[0-9;]*m/g, "").trim();
    outcome.set(t.title, { ok: t.status === "passed", msg });
  }
}
const q = (s) => JSON.stringify(s.length > 160 ? `${s.slice(0, 157)}...` : s);
let flipped = 0;
for (const f of files) {
  const path = join(root, f);
  let text = readFileSync(path, "utf8");
  text = text.replace(/\bport\(\s*"([^"]+)"/g, (m, name) => {
    const o = outcome.get(name);
    if (o === undefined || o.ok) return m;
    flipped++;
    return `fails("${name}", ${q(o.msg || "fails")}`;
  });
  text = text.replace(/\bfails\(\s*"([^"]+)"\s*,\s*"((?:[^"\\]|\\.)*)"/g, (m, name) => {
    const o = outcome.get(name);
    if (o === undefined) return m;
    if (o.ok) {
      flipped++;
      return `port("${name}"`;
    }
    return `fails("${name}", ${q(o.msg || "fails")}`;
  });
  writeFileSync(path, text);
}
console.log(`${flipped} ports changed state`);
execFileSync("node", [join(root, "tools/gen-pytorch-tests-table.mjs")], { stdio: "inherit" });
