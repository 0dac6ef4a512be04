// torch.export.load of every PyTorch 2.11 corpus archive: the loaded program prints as PyTorch
// printed the exported program — comment lines included — except where PyTorch's own load changes
// the text (roundtrip_printed_equal false in the fixture), which `asLoaded` reproduces.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { readPt2 } from "../../src/serde/index.js";
import { deserializeProgram } from "../../src/program/deserialize.js";
import { PRINTED, archiveBytes, corpusCases, firstDifference } from "./corpus.js";

/**
 * What PyTorch's load does to the printed text: schema 8.17 has no tuple argument, so a higher-order
 * op's operand tuple comes back as a list (`cond(p, t, f, (x,))` → `[x]`); and a CONSTANT_TENSOR
 * spec has no persistent flag, so `persistent=True` on one is lost.
 */
function asLoaded(printed: string): string {
  return printed
    .split("\n")
    .map((line) => {
      const hop = /^(\s*\w+ = torch\.ops\.higher_order\.cond\((?:[^,]+, ){3})\(([^)]*?),?\)\);/.exec(line);
      if (hop !== null) line = `${hop[1]}[${hop[2]}]);${line.slice(hop[0].length)}`;
      return /: CONSTANT_TENSOR target='[^']*' persistent=True$/.test(line) ? line.replace(/ persistent=True$/, "") : line;
    })
    .join("\n");
}

const cases = corpusCases();

describe("load: corpus archives print as PyTorch printed them", () => {
  it("covers the whole corpus", () => {
    expect(cases.length).toBe(96);
    expect(Object.keys(PRINTED).sort()).toEqual(cases);
  });

  for (const name of cases) {
    it(name, () => {
      const ep = deserializeProgram(readPt2(archiveBytes(name)).models.get("model")!);
      const fixture = PRINTED[name]!;
      const expected = fixture.roundtrip_printed_equal ? fixture.printed : asLoaded(fixture.printed);
      expect(firstDifference(ep.toString(), expected)).toBe("");
    });
  }
});
