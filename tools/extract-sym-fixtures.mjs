#!/usr/bin/env node
// Collects every symbolic expression PyTorch 2.11 printed or serialized in the reference corpus
// into test/fixtures/torch-2.11/sym/exprs.json (deduplicated, sorted). Run by hand:
//   node tools/extract-sym-fixtures.mjs [/work/shared/reference/torch-2.11]
// Sources: `ep.printed` annotations ("f32[s77, 2*s16]", "Sym(...)") and runtime-assert messages,
// `ep.nodes[].val` sizes, `ep.range_constraints`, and the serialized program's `expr_str`
// (srepr). Sizes of the same node are paired (str from ep.nodes, srepr from tensor_values).
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.argv[2] ?? "/work/shared/reference/torch-2.11";
const out = new URL("../test/fixtures/torch-2.11/sym/exprs.json", import.meta.url);

function* resultFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* resultFiles(p);
    else if (name === "result.json") yield p;
  }
}

/** Splits "a, (b, c), d" at top-level commas. */
function splitTop(s) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

const symbolic = (s) => /[A-Za-z_]/.test(s);
const strs = new Set();
const sreprs = new Set();
const pairs = new Map(); // srepr -> str
const rangeCases = [];
const hintCases = []; // per case: every serialized expression with the value it had (its hint)

function addStr(s) {
  if (s && symbolic(s)) strs.add(s);
}

/** Dims of "FakeTensor(..., size=(s77, 2*s16), ...)" */
function sizesOfVal(val) {
  if (typeof val !== "string") return null;
  const m = val.match(/size=\(/);
  if (!m) return null;
  let i = m.index + m[0].length, depth = 1, j = i;
  for (; j < val.length && depth > 0; j++) {
    if (val[j] === "(") depth++;
    else if (val[j] === ")") depth--;
  }
  return splitTop(val.slice(i, j - 1));
}

/** Visits every serialized `{expr_str, hint}` (hint: {as_int: n} or absent). */
function walkExprStrs(node, visit) {
  if (Array.isArray(node)) node.forEach((x) => walkExprStrs(x, visit));
  else if (node && typeof node === "object") {
    if (typeof node.expr_str === "string") visit(node.expr_str, node.hint?.as_int);
    for (const [k, v] of Object.entries(node)) if (k !== "expr_str") walkExprStrs(v, visit);
  }
}

let files = 0;
for (const file of resultFiles(root)) {
  files++;
  const d = JSON.parse(readFileSync(file, "utf8"));
  const ep = d.ep;
  if (ep) {
    const printed = ep.printed ?? "";
    for (const m of printed.matchAll(/"[a-z0-9]+\[([^\]"]*)\]"/g)) splitTop(m[1]).forEach(addStr);
    for (const m of printed.matchAll(/"Sym\((.*?)\)"/g)) addStr(m[1]);
    for (const m of printed.matchAll(/Runtime assertion failed for expression (.*?) on node/g)) addStr(m[1]);
    const rc = ep.range_constraints ?? {};
    const ranges = {};
    for (const [k, [lo, hi]] of Object.entries(rc)) {
      addStr(k);
      ranges[k] = [lo, hi];
    }
    if (Object.keys(ranges).length) rangeCases.push({ case: relative(root, file).replace(/\/result\.json$/, ""), ranges });
    const byName = new Map();
    for (const n of ep.nodes ?? []) {
      const sizes = sizesOfVal(n.val);
      if (sizes) sizes.forEach(addStr);
      else if (typeof n.val === "string" && /^[^(]/.test(n.val) && /\b[su]\d+\b/.test(n.val)) addStr(n.val);
      byName.set(n.name, n.val);
    }
    const g = d.serialized?.graph_module?.graph;
    if (g) {
      for (const [name, tv] of Object.entries(g.tensor_values ?? {})) {
        const sizes = sizesOfVal(byName.get(name));
        (tv.sizes ?? []).forEach((s, i) => {
          const srepr = s.as_expr?.expr_str;
          if (srepr && sizes && sizes[i] && symbolic(sizes[i])) pairs.set(srepr, sizes[i]);
        });
      }
      for (const [name, sv] of Object.entries(g.sym_int_values ?? {})) {
        const srepr = sv.as_expr?.expr_str;
        const val = byName.get(name);
        if (srepr && typeof val === "string" && symbolic(val)) pairs.set(srepr, val);
      }
    }
  }
  // Data-dependent guard errors name the expression: "... data-dependent expression Eq(u0, 1) (unhinted: ...".
  for (const m of JSON.stringify(d).matchAll(/data-dependent expression (.*?) \(unhinted/g)) addStr(m[1]);
  if (d.serialized) {
    const hints = new Map();
    walkExprStrs(d.serialized, (s, hint) => {
      sreprs.add(s);
      if (typeof hint === "number") hints.set(s, hint);
    });
    // Worth checking only where some hinted expression is more than a bare symbol.
    if ([...hints.keys()].some((s) => !s.startsWith("Symbol("))) {
      hintCases.push({ case: relative(root, file).replace(/\/result\.json$/, ""), hints: Object.fromEntries([...hints].sort()) });
    }
  }
}

const sorted = (xs) => [...xs].sort();
const doc = {
  source: "PyTorch 2.11 reference corpus (tools/extract-sym-fixtures.mjs)",
  str: sorted(strs),
  srepr: sorted(sreprs),
  pairs: [...pairs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([srepr, str]) => ({ str, srepr })),
  rangeCases: rangeCases.sort((a, b) => (a.case < b.case ? -1 : 1)),
  hintCases: hintCases.sort((a, b) => (a.case < b.case ? -1 : 1)),
};
writeFileSync(out, JSON.stringify(doc, null, 1) + "\n");
console.log(
  `${files} result files: ${doc.str.length} str, ${doc.srepr.length} srepr, ${doc.pairs.length} pairs, ` +
    `${doc.rangeCases.length} range cases, ${doc.hintCases.length} hint cases`,
);
