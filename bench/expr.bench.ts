// Cost of expression construction and relation evaluation from TypeScript. Run by hand:
//   npm run build:wasm && npx tsx bench/expr.bench.ts
// Prints µs per operation through the Expr handle and through the raw core exports.
import { readFile } from "node:fs/promises";
import { init, core } from "../src/core/loader.js";
import { Expr } from "../src/core/expr.js";

await init(await readFile(new URL("../build/core.wasm", import.meta.url)));

function bench(name: string, n: number, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 2000); i++) fn(i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${name.padEnd(48)} ${us.toFixed(3)} µs/op`);
}

const N = 200_000;
const s77 = Expr.symbol("s77");
const s27 = Expr.symbol("s27");
const small = Array.from({ length: 64 }, (_, i) => Expr.int(i + 2));

// Hash-consed results: after the first round every construction is a cache hit, which is the
// common case in tracing (the same sizes are rebuilt for every op).
bench("Expr add (s77 + c), repeated", N, (i) => { s77.add(small[i & 63]); });
bench("Expr mul (c * s77), repeated", N, (i) => { small[i & 63].mul(s77); });
bench("Expr s27*s77 + c", N, (i) => { s27.mul(s77).add(small[i & 63]); });
// Distinct constants: every call interns new nodes (no memo hit).
bench("Expr mul by a new constant", N, (i) => { s77.mul(i + 1000); });
bench("Expr (new constant)*s77 + s27", N, (i) => { s77.mul(N + i + 1000).add(s27); });

const c = core();
const a = s77.id;
const ids = small.map((e) => e.id);
bench("raw exprAdd", N, (i) => { c.exprAdd(a, ids[i & 63]); });
bench("raw exprMul", N, (i) => { c.exprMul(ids[i & 63], a); });

const guard = s77.mul(s27).mod(s77.sub(1)).eq(0);
const le = s77.le(1024);
const syms = Uint32Array.from([s77.id, s27.id]);
const vals = Float64Array.from([10, 12]);
bench("Expr evaluate s77 <= 1024", N, () => { le.evaluate([[s77, 10]]); });
bench("raw exprEvaluate Eq(Mod(s27*s77, s77 - 1), 0)", N, () => { c.exprEvaluate(guard.id, syms, vals); });
c.exprClearValues();
c.exprSetValue(s77.id, 10);
c.exprSetValue(s27.id, 12);
bench("raw exprEvaluateBound Eq(Mod(...), 0), values set", N, () => { c.exprEvaluateBound(guard.id); });
bench("Expr relation construct s77 <= c", N, (i) => { s77.le(small[i & 63]); });
bench("toString (2*s77 + s27*s77)", 50_000, () => { s77.mul(2).add(s27.mul(s77)).toString(); });
