import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatRangeConstraints, type RangeConstraint } from "../../src/program/range_constraints.js";

const fixtures: Record<string, { range_constraints: Record<string, [string, string]>; range_constraints_text: string }> =
  JSON.parse(readFileSync(new URL("../fixtures/torch-2.11/program/signatures.json", import.meta.url), "utf8"));

function bound(text: string): number {
  if (text === "int_oo") return Number.POSITIVE_INFINITY;
  if (text === "-int_oo") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

describe("range constraints printing", () => {
  it.each(Object.entries(fixtures))("%s", (_name, fixture) => {
    const entries: RangeConstraint[] = Object.entries(fixture.range_constraints).map(([key, [lo, hi]]) => ({
      key,
      lower: bound(lo),
      upper: bound(hi),
    }));
    expect(`Range constraints: ${formatRangeConstraints(entries)}`).toBe(fixture.range_constraints_text);
  });
});
