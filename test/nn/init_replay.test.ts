// Default initialization: replaying gen_reference.py's random stream (torch.manual_seed(0), then
// each case's model and inputs in the order the script builds them) must give the weights stored
// in the reference archives and the inputs recorded in result.json. uniform_ (kaiming_uniform_)
// values are bit for bit PyTorch's; normal_ values (torch.randn, Embedding) within 1e-5, since
// PyTorch's vectorized Box-Muller rounds differently in the last bits.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { torch } from "../../src/torch.js";
import { readPt2 } from "../../src/serde/index.js";
import { weightsFromPt2, type Module } from "../../src/nn/index.js";
import type { Tensor } from "../../src/tensor/index.js";
import { MLP, CNN, TinyGPT } from "../models/index.js";

const FIX = new URL("../fixtures/torch-2.11/", import.meta.url);
const zoo = JSON.parse(readFileSync(new URL("models/zoo.json", FIX), "utf8")) as Record<string, { inputs: { leaves: { data: number[] }[] }; other_inputs: { inputs: { leaves: { data: number[] }[] } }[] }>;

function archiveWeights(name: string): Map<string, Tensor> {
  return weightsFromPt2(readPt2(new Uint8Array(readFileSync(new URL(`serde/corpus/zoo/${name}.pt2`, FIX)))).models.get("model")!);
}

const values = (t: Tensor) => Array.from(t._values(), Number);

/** Element-wise within 1e-5 relative (1e-6 absolute near zero). */
function expectClose(got: number[], want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  const bad = got.findIndex((v, i) => !(Math.abs(v - want[i]!) <= 1e-6 + 1e-5 * Math.abs(want[i]!)));
  expect(bad, `${what}: element ${bad} is ${got[bad]}, PyTorch gives ${want[bad]}`).toBe(-1);
}

/** Every parameter equals the archive's: exactly, or within 1e-5 for the normally distributed ones. */
function expectSameParameters(model: Module, name: string, normal: readonly string[] = []): void {
  const stored = archiveWeights(name);
  for (const [fqn, p] of model.named_parameters()) {
    const w = stored.get(fqn);
    expect(w, `${name}: ${fqn} missing from the archive`).toBeDefined();
    if (normal.includes(fqn)) expectClose(values(p), values(w!), `${name}: ${fqn}`);
    else expect(values(p), `${name}: ${fqn}`).toEqual(values(w!));
  }
}

describe("gen_reference.py random stream", () => {
  it("reproduces the zoo models' initial weights and inputs", () => {
    torch.manual_seed(0);
    // mlp_dynamic_batch: MLP(), then args and other_inputs
    const mlp1 = new MLP();
    const x1 = torch.randn(8, 16);
    torch.randn(3, 16);
    torch.randn(2000, 16);
    torch.randn(8, 15);
    expectSameParameters(mlp1, "mlp_dynamic_batch");
    expectClose(values(x1), zoo.mlp_dynamic_batch!.inputs.leaves[0]!.data, "randn input");

    // mlp_static
    expectSameParameters(new MLP(), "mlp_static");
    expectClose(values(torch.randn(8, 16)), zoo.mlp_static!.inputs.leaves[0]!.data, "randn input");

    // cnn_eval_dynamic_batch (Conv2d, BatchNorm2d, Linear)
    expectSameParameters(new CNN(), "cnn_eval_dynamic_batch");
    expectClose(values(torch.randn(2, 3, 16, 16)), zoo.cnn_eval_dynamic_batch!.inputs.leaves[0]!.data, "randn input");
    torch.randn(5, 3, 16, 16);

    // cnn_train_buffer_mutation, cnn_dynamic_hw (failed export: no archive), cnn_dynamic_hw_fixed
    expectSameParameters(new CNN(), "cnn_train_buffer_mutation");
    torch.randn(2, 3, 16, 16);
    new CNN();
    torch.randn(2, 3, 16, 16);
    expectSameParameters(new CNN(), "cnn_dynamic_hw_fixed");
    torch.randn(2, 3, 16, 16);
    torch.randn(3, 3, 20, 12);
    torch.randn(3, 3, 21, 12);

    // tinygpt_dynamic (Embedding's normal_, LayerNorm, Linear without bias)
    expectSameParameters(new TinyGPT(), "tinygpt_dynamic", ["tok.weight", "pos.weight"]);
    expect(values(torch.randint(0, 128, [2, 16], { dtype: torch.int64 }))).toEqual(zoo.tinygpt_dynamic!.inputs.leaves[0]!.data);
  });
});
