// Round-trips every symbolic expression PyTorch 2.11 printed or serialized in the reference
// corpus (extracted by tools/extract-sym-fixtures.mjs) through the core's parsers and printers.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { Expr } from "../../src/core/expr.js";
import { ValueRanges, boundSympy } from "../../src/core/ranges.js";

interface Corpus {
  str: string[];
  srepr: string[];
  pairs: { str: string; srepr: string }[];
  rangeCases: { case: string; ranges: Record<string, [string, string]> }[];
  hintCases: { case: string; hints: Record<string, number> }[];
}

const corpus: Corpus = JSON.parse(
  readFileSync(new URL("../fixtures/torch-2.11/sym/exprs.json", import.meta.url), "utf8"),
);

function end(s: string): number {
  if (s === "int_oo") return Infinity;
  if (s === "-int_oo") return -Infinity;
  return Number(s);
}

describe("corpus: sympy str", () => {
  it("has expressions to check", () => {
    expect(corpus.str.length).toBeGreaterThan(20);
  });
  it.each(corpus.str)("%s prints back identically", (s) => {
    expect(Expr.parse(s).toString()).toBe(s);
  });
});

describe("corpus: sympy srepr", () => {
  it.each(corpus.srepr)("%s prints back identically", (s) => {
    expect(Expr.parseSrepr(s).srepr()).toBe(s);
  });
});

describe("corpus: str and srepr of the same size agree", () => {
  it.each(corpus.pairs)("$str", ({ str, srepr }) => {
    const fromSrepr = Expr.parseSrepr(srepr);
    expect(fromSrepr.toString()).toBe(str);
    expect(Expr.parse(str)).toBe(fromSrepr);
  });
});

describe("corpus: range constraints", () => {
  const cases = corpus.rangeCases.flatMap((c) =>
    Object.entries(c.ranges).map(([key, [lo, hi]]) => ({ name: `${c.case}: ${key}`, key, lo, hi, all: c.ranges })),
  );
  it.each(cases)("$name prints as VR[lo, hi]", ({ lo, hi }) => {
    expect(new ValueRanges(end(lo), end(hi)).toString()).toBe(`VR[${lo}, ${hi}]`);
  });
  // A derived dim's range (e.g. 2*s16) is its root's range pushed through the expression.
  const derived = cases.filter(({ key, all }) => {
    const e = Expr.parse(key);
    return !e.isSymbol() && e.freeSymbols().every((s) => s.symbolName in all);
  });
  it("has derived ranges to check", () => {
    expect(derived.length).toBeGreaterThan(0);
  });
  it.each(derived)("$name is the bound of its root's range", ({ key, lo, hi, all }) => {
    const e = Expr.parse(key);
    const ranges = e.freeSymbols().map((s) => {
      const [l, h] = all[s.symbolName];
      return [s, new ValueRanges(end(l), end(h))] as const;
    });
    expect(boundSympy(e, ranges).toString()).toBe(`VR[${lo}, ${hi}]`);
  });
});

describe("corpus: serialized hints", () => {
  // Each serialized expression carries the value it had for the example inputs; the bare
  // symbols' hints give the symbol values, every other expression must evaluate to its hint.
  const checks = corpus.hintCases.flatMap((c) => {
    const values = Object.entries(c.hints)
      .map(([srepr, v]) => [Expr.parseSrepr(srepr), v] as const)
      .filter(([e]) => e.isSymbol());
    return Object.entries(c.hints)
      .filter(([srepr]) => !srepr.startsWith("Symbol("))
      .map(([srepr, hint]) => ({ name: `${c.case}: ${srepr}`, srepr, hint, values }));
  });
  it("has hinted expressions to check", () => {
    expect(checks.length).toBeGreaterThan(10);
  });
  it.each(checks)("$name", ({ srepr, hint, values }) => {
    expect(Expr.parseSrepr(srepr).evaluate(values)).toBe(hint);
  });
});
