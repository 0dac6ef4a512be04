import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExportGraphSignature, type InputSpec, type OutputSpec, type SpecArgument } from "../../src/program/signature.js";

interface FixtureSpec {
  kind: string;
  arg: string;
  arg_type: string;
  target: string | null;
  persistent?: boolean | null;
}

const fixtures: Record<string, { input_specs: FixtureSpec[]; output_specs: FixtureSpec[]; signature_text: string }> =
  JSON.parse(readFileSync(new URL("../fixtures/torch-2.11/program/signatures.json", import.meta.url), "utf8"));

function argument(spec: FixtureSpec): SpecArgument {
  if (spec.arg_type === "ConstantArgument") return { kind: "ConstantArgument", name: spec.arg, value: null };
  return { kind: spec.arg_type as "TensorArgument", name: spec.arg };
}

function signatureOf(fixture: (typeof fixtures)[string]): ExportGraphSignature {
  const inputs: InputSpec[] = fixture.input_specs.map((s) => ({
    kind: s.kind as InputSpec["kind"],
    arg: argument(s),
    target: s.target,
    persistent: s.persistent ?? null,
  }));
  const outputs: OutputSpec[] = fixture.output_specs.map((s) => ({
    kind: s.kind as OutputSpec["kind"],
    arg: argument(s),
    target: s.target,
  }));
  return new ExportGraphSignature(inputs, outputs);
}

describe("graph signature printing", () => {
  const cases = Object.entries(fixtures);
  it("has the corpus programs", () => expect(cases.length).toBeGreaterThan(50));

  it.each(cases)("%s prints as PyTorch prints it", (_name, fixture) => {
    // print(ep) indents str(signature); str() itself is `\n# inputs\n...\n\n# outputs\n...\n`.
    expect(signatureOf(fixture).indented() + "\n").toBe(fixture.signature_text);
    const unindented = fixture.signature_text.split("\n").map((l: string) => l.replace(/^    /, "")).join("\n");
    expect(signatureOf(fixture).toString()).toBe(`\n${unindented.replace(/\n+$/, "")}\n`);
  });

  it("answers the FQN maps", () => {
    const sig = signatureOf(fixtures["zoo/counter_buffers_constants"]);
    expect(sig.buffers).toEqual(["count", "scale"]);
    expect(sig.non_persistent_buffers).toEqual(["scale"]);
    expect([...sig.inputs_to_lifted_tensor_constants]).toEqual([["c_offset", "offset"]]);
    expect(sig.user_inputs).toEqual(["x"]);
    expect(sig.user_outputs).toEqual(["add_1"]);
  });
});
