// Every nn module and F function case exported with dynamic dims, compared with PyTorch's own
// behaviour (test/fixtures/dynamic_layers/torch-2.6.json, generated with the 2.6 oracle): which
// dims stay symbolic, their range constraints, the output shapes, and which single Dim.DYNAMIC dims
// PyTorch refuses. The known differences are listed here and in docs/conformance.md.
import { describe, expect, it } from "vitest";
import { cases, compareCase, reference, runCase } from "./layers.js";

// case -> why it differs (docs/conformance.md, "Dynamic export per layer")
const KNOWN: Record<string, string> = {
  "F.group_norm": "2.6's group_norm fake path asserts Eq(N*C*L, 2*N*L*(C//2)) at runtime and narrows C to [4, int_oo]; pt2js keeps C in [2, int_oo]",
  "ConvTranspose1d": "2.6 keeps the input channels symbolic (no guard against the weight) where ConvTranspose2d's are static; pt2js makes them static as for 2-d",
  "MaxPool1d": "2.6 specializes the length; pt2js keeps it symbolic (max_pool2d over a height-1 view)",
  // The divisibility guard is recorded (Eq(Mod(C, r*r), 0) etc.) and the dims stay symbolic, but
  // 2.6's range for the divided dim is narrower: pt2js's shape env keeps divisibility apart from ranges.
  PixelShuffle: "2.6 narrows C to [8, int_oo] (C % 4 == 0 with C//4 != 1 from the output's contiguity checks in meta_pixel_shuffle's .to(memory_format)); pt2js keeps [2, int_oo]",
  PixelUnshuffle: "2.6 narrows H and W to [4, int_oo] (H % 2 == 0 with H//2 != 1 from the decomposition's view); pt2js keeps [2, int_oo]",
  Fold: "2.6 narrows the channel dim to [4, int_oo] (col2im's torch._check(C % 4 == 0) with C//4 != 0); pt2js keeps [2, int_oo]",
};

describe("per-layer dynamic export vs PyTorch", () => {
  const results = cases.map((c) => ({ name: c.name, diffs: compareCase(runCase(c), reference.cases[c.name]!) }));
  for (const { name, diffs } of results) {
    it(name, () => {
      if (KNOWN[name] !== undefined) expect(diffs, `${name} now matches: remove it from KNOWN`).not.toEqual([]);
      else expect(diffs).toEqual([]);
    });
  }
  it("matches PyTorch on every row not listed (132/138 now; issue #13 asks for 95%)", () => {
    const equal = results.filter((r) => r.diffs.length === 0).length;
    expect(equal).toBeGreaterThanOrEqual(results.length - Object.keys(KNOWN).length);
    expect(equal / results.length).toBeGreaterThanOrEqual(0.95);
  });
});
