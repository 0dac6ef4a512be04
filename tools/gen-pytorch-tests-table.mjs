#!/usr/bin/env node
// Writes docs/pytorch-tests.md: every test of the PyTorch export test files we port (each listed, in
// file order, in test/pytorch/<file>.manifest.tsv) as pass / fail / not expressible / not ported,
// with the reason. Pass or fail comes from the ported tests themselves: `port("name", ...)` is a
// test that passes, `fails("name", "reason", ...)` one that does not yet (vitest it.fails, so the
// suite turns red when such a test starts passing and this table must be regenerated).
// A port belongs to the source whose prefix its test file carries (export_3.test.ts -> test_export.py).
// Usage: node tools/gen-pytorch-tests-table.mjs [--check]   (--check: fail if the file is stale)
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "test/pytorch");
const REPO = "pytorch/pytorch";
const COMMIT = "00131b6bd4bedfa71eb27b407292be0ba45e5ee8";
// Test-file prefix -> PyTorch source file. Longest prefix first (draft_export_ before export_).
const SOURCES = [
  { prefix: "draft_export_", path: "test/export/test_draft_export.py", manifest: "test_draft_export.manifest.tsv" },
  { prefix: "unflatten_", path: "test/export/test_unflatten.py", manifest: "test_unflatten.manifest.tsv" },
  { prefix: "serialize_", path: "test/export/test_serialize.py", manifest: "test_serialize.manifest.tsv" },
  { prefix: "passes_", path: "test/export/test_passes.py", manifest: "test_passes.manifest.tsv" },
  { prefix: "export_", path: "test/export/test_export.py", manifest: "test_export.manifest.tsv" },
];

const str = String.raw`"((?:[^"\\]|\\.)*)"`;
const portRe = new RegExp(String.raw`\bport\(\s*${str}`, "g");
const failsRe = new RegExp(String.raw`\bfails\(\s*${str}\s*,\s*${str}`, "g");
const files = readdirSync(dir).filter((f) => f.endsWith(".test.ts")).sort();

const esc = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const pct = (a, b) => (b === 0 ? "0" : ((100 * a) / b).toFixed(0));
const summaries = [];
const sections = [];
for (const src of SOURCES) {
  const manifestPath = join(dir, src.manifest);
  if (!existsSync(manifestPath)) continue;
  // Ported tests of this source: name -> { status: "pass" | "fail", reason, file }
  const ported = new Map();
  const add = (name, v) => {
    if (ported.has(name)) throw new Error(`test ${name} is ported twice (${ported.get(name).file}, ${v.file})`);
    ported.set(name, v);
  };
  const owner = (f) => SOURCES.find((s) => f.startsWith(s.prefix));
  for (const f of files.filter((f) => owner(f) === src)) {
    const text = readFileSync(join(dir, f), "utf8");
    for (const m of text.matchAll(portRe)) add(m[1], { status: "pass", reason: "", file: f });
    for (const m of text.matchAll(failsRe)) add(m[1], { status: "fail", reason: JSON.parse(`"${m[2]}"`), file: f });
  }
  const rows = [];
  const seen = new Set();
  for (const line of readFileSync(manifestPath, "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const [qual, status, reason = ""] = line.split("\t");
    const name = qual.split(".").pop();
    if (seen.has(qual)) throw new Error(`${src.manifest} lists ${qual} twice`);
    seen.add(qual);
    if (status === "port") {
      const p = ported.get(name);
      if (p === undefined) throw new Error(`${src.manifest} says ${qual} is ported, but no port("${name}") / fails("${name}", ...) exists`);
      p.used = true;
      rows.push({ qual, status: p.status, reason: p.reason || (reason ? `(partial port) ${reason}` : ""), file: p.file });
    } else if (status === "ne" || status === "todo") {
      if (ported.has(name)) throw new Error(`${qual} is ported but ${src.manifest} says ${status}`);
      rows.push({ qual, status: status === "ne" ? "not expressible" : "not ported", reason, file: "" });
    } else {
      throw new Error(`unknown status '${status}' for ${qual} in ${src.manifest}`);
    }
  }
  for (const [name, p] of ported) if (!p.used) throw new Error(`port("${name}") in ${p.file} is not in ${src.manifest}`);
  const count = (s) => rows.filter((r) => r.status === s).length;
  const s = { path: src.path, total: rows.length, pass: count("pass"), fail: count("fail"), ne: count("not expressible"), todo: count("not ported") };
  s.ported = s.pass + s.fail;
  summaries.push(s);
  sections.push(
    `## \`${src.path}\``,
    "",
    "| test | result | reason | file |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.qual} | ${r.status} | ${esc(r.reason)} | ${r.file} |`),
    "",
  );
}
const sum = (k) => summaries.reduce((a, s) => a + s[k], 0);
const all = { path: "all", total: sum("total"), pass: sum("pass"), fail: sum("fail"), ne: sum("ne"), todo: sum("todo"), ported: sum("ported") };
const summaryRow = (s) => `| ${s.path === "all" ? "**all**" : `\`${s.path}\``} | ${s.total} | ${s.ported} | ${s.pass} (${pct(s.pass, s.ported)}% of ported) | ${s.fail} | ${s.ne} | ${s.todo} |`;

const out = [
  "# PyTorch's export tests, ported",
  "",
  "Generated by `node tools/gen-pytorch-tests-table.mjs` from `test/pytorch/` — do not edit by hand.",
  "",
  `Source: ${REPO} at commit \`${COMMIT}\` (non-strict variants only;`,
  "expectations copied verbatim, the only normalizations being those the Python test applies: `normalize_gm`,",
  "`.strip()`, `ignore_empty_lines`). A ported test that fails is an `it.fails` test, so the suite stays green",
  "and turns red when it starts passing; `node tools/mark-pytorch-ports.mjs` re-runs the ports and flips",
  "`port` / `fails` (the reason is the first line of the error), then regenerates this file.",
  "",
  "How the Python maps to JavaScript in the ports: `a + b` on tensors is `a.add(b)`; Python's operators",
  "on sizes are `py.add(a, b)`, `py.ge(a, b)`, ... (`test/pytorch/harness.ts`, on int-or-SymInt); `if cond:`",
  "on a SymBool is `py.bool(cond)`; keyword arguments are a trailing options object; `assertRaisesRegex`",
  "keeps the regex and checks pt2js's class where pt2js has PyTorch's (`UserError`, `ValueError`,",
  "`ConstraintViolationError`, `GuardOnDataDependentSymNode`), any `Error` for `RuntimeError` /",
  "`AssertionError`. Reasons of failing ports are the error they raise today.",
  "",
  `| file | tests in the file | ported | pass | fail | not expressible | not ported yet |`,
  `| --- | --- | --- | --- | --- | --- | --- |`,
  ...summaries.map(summaryRow),
  ...(summaries.length > 1 ? [summaryRow(all)] : []),
  "",
  ...sections,
].join("\n");

const target = join(root, "docs/pytorch-tests.md");
// The README status table's row for these tests.
const readmePath = join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const names = summaries.map((s) => `\`${s.path.split("/").pop()}\``).join(", ");
const row = `| PyTorch's own export tests (${names}), ported ([docs/pytorch-tests.md](docs/pytorch-tests.md)) | ${all.pass} / ${all.ported} ported tests pass (${all.total} in the files, ${all.ne} not expressible, ${all.todo} not ported yet) |`;
const newReadme = readme.replace(/^\| PyTorch's own (`test\/export\/test_export\.py`|export tests).*$/m, row);
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== out || newReadme !== readme) {
    console.error("docs/pytorch-tests.md or the README row is stale: run node tools/gen-pytorch-tests-table.mjs");
    process.exit(1);
  }
} else {
  writeFileSync(target, out);
  if (newReadme !== readme) writeFileSync(readmePath, newReadme);
}
for (const s of [...summaries, ...(summaries.length > 1 ? [all] : [])])
  console.log(`${s.path}: ${s.total} tests: ${s.ported} ported (${s.pass} pass, ${s.fail} fail), ${s.ne} not expressible, ${s.todo} not ported`);
