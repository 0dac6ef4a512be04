// Rebuilds PyTorch 2.11 reference programs through the fx API and compares the printed graph
// module with `print(ep)`.
import { describe, expect, it } from "vitest";
import { loadPrograms, rebuild, withoutComments } from "./corpus.js";

const programs = { ...loadPrograms(), ...loadPrograms("big.json") };
const keys = Object.keys(programs).sort();

describe("corpus programs print exactly like PyTorch 2.11", () => {
  it("has the expected fixture set", () => {
    expect(keys.length).toBeGreaterThanOrEqual(90);
  });

  for (const key of keys) {
    const program = programs[key]!;
    it(key, () => {
      const { module, nameMismatches } = rebuild(program);
      expect(nameMismatches).toEqual([]);
      module.lint();
      const printed = module.exported_program_block();
      // Comment lines (stack-trace summaries) are compared too: the fixtures carry the traces.
      expect(withoutComments(printed)).toBe(withoutComments(program.printed));
      expect(printed).toBe(program.printed);
    });
  }
});
