// Harness for the ports of PyTorch's own export tests (test/export/*.py, see docs/pytorch-tests.md).
// `port(name, fn)` is a test expected to pass; `fails(name, reason, fn)` a port that does not pass
// yet (vitest's it.fails: the suite stays green, and turns red when it starts passing, so the
// table in docs/pytorch-tests.md — generated from these calls by tools/gen-pytorch-tests-table.mjs —
// stays honest). Names are the Python test names.
import { expect, it } from "vitest";
import { Tensor } from "../../src/tensor/tensor.js";
import * as warnings from "../../src/warnings.js";

export function port(name: string, fn: () => void | Promise<void>): void {
  it(name, fn);
}

export function fails(name: string, reason: string, fn: () => void | Promise<void>): void {
  void reason;
  // PT2JS_PORTS_ACTUAL=1 runs it as a plain test, to see what it does now (tools/mark-pytorch-ports.mjs).
  if (typeof process !== "undefined" && process.env.PT2JS_PORTS_ACTUAL === "1") it(name, fn);
  else it.fails(name, fn);
}

/** unittest's assertEqual for tensors, numbers and (nested) lists/tuples/objects. */
export function assertEqual(a: unknown, b: unknown, path = ""): void {
  if (a instanceof Tensor || b instanceof Tensor) {
    expect(a, path).toBeInstanceOf(Tensor);
    expect(b, path).toBeInstanceOf(Tensor);
    const ta = a as Tensor;
    const tb = b as Tensor;
    expect(ta.shape, `${path} shape`).toEqual(tb.shape);
    const la = flatNumbers(ta.tolist());
    const lb = flatNumbers(tb.tolist());
    expect(la.length).toBe(lb.length);
    for (let i = 0; i < la.length; i++) {
      const x = la[i]!;
      const y = lb[i]!;
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      expect(Math.abs(x - y) <= 1e-5 + 1.3e-6 * Math.abs(y), `${path}[${i}]: ${x} vs ${y}`).toBe(true);
    }
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    expect(Array.isArray(a) && Array.isArray(b), path).toBe(true);
    const xa = a as unknown[];
    const xb = b as unknown[];
    expect(xa.length, path).toBe(xb.length);
    xa.forEach((v, i) => assertEqual(v, xb[i], `${path}[${i}]`));
    return;
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && Object.getPrototypeOf(a) === Object.prototype) {
    expect(Object.keys(a as object), path).toEqual(Object.keys(b as object));
    for (const k of Object.keys(a as object)) assertEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  if (a !== null && typeof a === "object" && "items" in (a as object) && b !== null && typeof b === "object" && "items" in (b as object)) {
    assertEqual((a as { items: unknown[] }).items, (b as { items: unknown[] }).items, path);
    return;
  }
  expect(Number(a as number), path).toBe(Number(b as number));
}

/** torch.allclose for the numbers of two tensors (broadcasting a one-element tensor, as torch does). */
export function allclose(a: Tensor, b: Tensor): boolean {
  try {
    if (a instanceof Tensor && b instanceof Tensor && a.shape.join() !== b.shape.join()) {
      const la = flatNumbers(a.tolist());
      const lb = flatNumbers(b.tolist());
      if (la.length !== 1 && lb.length !== 1) return false;
      const n = Math.max(la.length, lb.length);
      for (let i = 0; i < n; i++) {
        const x = la[la.length === 1 ? 0 : i]!;
        const y = lb[lb.length === 1 ? 0 : i]!;
        if (!(Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y))) return false;
      }
      return true;
    }
    assertEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

function flatNumbers(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) flatNumbers(x, out);
  else out.push(typeof v === "boolean" ? Number(v) : Number(v));
  return out;
}

/** assertRaisesRegex: runs fn, expects it to throw an error of `type` whose message matches `pattern`. */
export function assertRaisesRegex(type: abstract new (...a: never[]) => Error, pattern: string | RegExp, fn: () => unknown): Error {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, "expected an exception").toBeInstanceOf(type);
  const re = typeof pattern === "string" ? new RegExp(pattern) : pattern;
  expect((error as Error).message).toMatch(re);
  return error as Error;
}

/** FileCheck().check_count(s, n, exactly=True).run(text) */
export function checkCount(text: string, s: string, n: number): void {
  expect(text.split(s).length - 1, `count of ${s}`).toBe(n);
}

/** torch._dynamo.testing.normalize_gm: removes comment lines (`re.sub(r"(?m)^ *#.*\n?", "", s)`), then trailing spaces. */
export function normalizeGm(text: string): string {
  return text
    .replace(/^ *#.*\n?/gm, "")
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");
}

/** re.escape */
export function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

type Sz = number | { add(o: unknown): unknown };
type AnyS = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const isNum = (x: unknown): x is number => typeof x === "number";
/** Python's operators on int-or-SymInt (what `a + b`, `a >= b` do on sizes in the Python tests). */
export const py = {
  add: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a + b : isNum(a) ? (b as AnyS).add(a) : (a as AnyS).add(b)),
  sub: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a - b : isNum(a) ? (b as AnyS).rsub(a) : (a as AnyS).sub(b)),
  mul: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a * b : isNum(a) ? (b as AnyS).mul(a) : (a as AnyS).mul(b)),
  floordiv: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? Math.floor(a / b) : isNum(a) ? (b as AnyS).rfloordiv(a) : (a as AnyS).floordiv(b)),
  mod: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? ((a % b) + b) % b : isNum(a) ? (b as AnyS).rmod(a) : (a as AnyS).mod(b)),
  pow: (a: Sz, b: number): AnyS => (isNum(a) ? a ** b : (a as AnyS).pow(b)),
  ge: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a >= b : isNum(a) ? (b as AnyS).le(a) : (a as AnyS).ge(b)),
  gt: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a > b : isNum(a) ? (b as AnyS).lt(a) : (a as AnyS).gt(b)),
  le: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a <= b : isNum(a) ? (b as AnyS).ge(a) : (a as AnyS).le(b)),
  lt: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a < b : isNum(a) ? (b as AnyS).gt(a) : (a as AnyS).lt(b)),
  eq: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a === b : isNum(a) ? (b as AnyS).eq(a) : (a as AnyS).eq(b)),
  ne: (a: Sz, b: Sz): AnyS => (isNum(a) && isNum(b) ? a !== b : isNum(a) ? (b as AnyS).ne(a) : (a as AnyS).ne(b)),
  /** Python's `if cond:` on a SymBool (records the guard). */
  bool: (c: unknown): boolean => (typeof c === "boolean" ? c : (c as AnyS).guard()),
};

/** assertWarnsRegex(UserWarning, pattern): runs fn collecting warnings; one must match. */
export function assertWarnsRegex(pattern: string | RegExp, fn: () => unknown): void {
  const seen: string[] = [];
  const prev = warnings.setHandler((w) => seen.push(w.message));
  try {
    fn();
  } finally {
    warnings.setHandler(prev);
  }
  const re = typeof pattern === "string" ? new RegExp(pattern) : pattern;
  expect(seen.some((m) => re.test(m)), `warnings: ${JSON.stringify(seen)}`).toBe(true);
}
