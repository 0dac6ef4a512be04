// nn_module_stack keys: a module called a second time in one forward is `L__self__<fqn>@1`, as in
// PyTorch 2.11's ResNet programs (BasicBlock calls its relu twice: `L__self__layer1.0.relu@1`).
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { nn } from "../../src/torch.js";
import { randn } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/index.js";

class Twice extends nn.Module {
  relu = new nn.ReLU();
  lin = new nn.Linear(4, 4);
  override forward(x: Tensor): Tensor {
    return this.relu(this.lin(this.relu(x)));
  }
}

describe("nn_module_stack", () => {
  it("numbers the repeated calls of a module, and starts again for each export", () => {
    for (let i = 0; i < 2; i++) {
      const ep = exportModule(new Twice() as never, [randn(2, 4)]);
      const stacks = ep.graph.nodes.filter((n) => n.op === "call_function").map((n) => Object.keys(n.meta.nn_module_stack ?? {}));
      expect(stacks).toEqual([
        ["L__self__", "L__self__relu"],
        ["L__self__", "L__self__lin"],
        ["L__self__", "L__self__relu@1"],
      ]);
      const last = ep.graph.nodes.filter((n) => n.op === "call_function")[2]!;
      expect(last.meta.nn_module_stack!["L__self__relu@1"]).toEqual(["relu", "torch.nn.modules.activation.ReLU"]);
    }
  });
});
