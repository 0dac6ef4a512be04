// Every nn module and F function case exported with dynamic dims, compared with PyTorch's own
// behaviour (test/fixtures/dynamic_layers/torch-2.6.json, generated with the 2.6 oracle): which
// dims stay symbolic, their range constraints, the output shapes, and which single Dim.DYNAMIC dims
// PyTorch refuses. The known differences are listed here and in docs/conformance.md.
import { describe, expect, it } from "vitest";
import { cases, compareCase, reference, runCase } from "./layers.js";

// case -> why it differs (docs/conformance.md, "Dynamic export per layer")
const KNOWN: Record<string, string> = {
  "F.group_norm": "2.6's group_norm fake path asserts Eq(N*C*L, 2*N*L*(C//2)) at runtime and narrows C to [4, int_oo]; pt2js keeps C in [2, int_oo]",
};

describe("per-layer dynamic export vs PyTorch", () => {
  const results = cases.map((c) => ({ name: c.name, diffs: compareCase(runCase(c), reference.cases[c.name]!) }));
  for (const { name, diffs } of results) {
    it(name, () => {
      if (KNOWN[name] !== undefined) expect(diffs, `${name} now matches: remove it from KNOWN`).not.toEqual([]);
      else expect(diffs).toEqual([]);
    });
  }
  it("matches PyTorch on at least 95% of the rows", () => {
    const equal = results.filter((r) => r.diffs.length === 0).length;
    expect(equal / results.length).toBeGreaterThanOrEqual(0.95);
  });
});
