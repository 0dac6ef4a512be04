// ep.example_inputs: kept from export (args, kwargs), carried through run_decompositions, and checked
// when set, as PyTorch's ExportedProgram.example_inputs setter does.
import { describe, expect, it } from "vitest";
import { torch as torchTyped, nn } from "../../src/index.js";
import { InputTreeSpecError } from "../../src/program/guards_errors.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
const torch: any = torchTyped;

class M extends nn.Module {
  override forward(a: any, b: any) {
    return a.add(b);
  }
}

describe("ep.example_inputs", () => {
  it("holds the export inputs, survives run_decompositions, and validates assignments", () => {
    const a = torch.ones(2);
    const b = torch.zeros(2);
    const ep = torch.export.export(new M(), [a, b]);
    expect(ep.example_inputs[0]).toEqual([a, b]);
    expect(ep.example_inputs[1]).toEqual({});
    expect(ep.run_decompositions().example_inputs[0][0]).toBe(a);
    ep.example_inputs = null;
    expect(ep.example_inputs).toBe(null);
    expect(() => (ep.example_inputs = [[a], {}])).toThrow(InputTreeSpecError);
    expect(() => (ep.example_inputs = [[a, b], { c: a }])).toThrow("Ran into a kwarg keyword mismatch: Got the following keywords ['c'] but expected []");
    ep.example_inputs = [[b, a], {}];
    expect(ep.example_inputs[0][0]).toBe(b);
  });
});
