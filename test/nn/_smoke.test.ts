import { test } from "vitest";
import { torch } from "../../src/tensor/index.js";
import * as nn from "../../src/nn/index.js";
test("smoke", () => {
  class MLP extends nn.Module {
    fc1 = new nn.Linear(16, 32);
    fc2 = new nn.Linear(32, 4);
    override forward(x: InstanceType<typeof torch.Tensor>) { return this.fc2(nn.functional.relu(this.fc1(x))); }
  }
  torch.manual_seed(0);
  const m = new MLP();
  console.log(String(m), [...m.state_dict().keys()]);
  console.log(m.fc1.weight._values().slice(0, 4), m.fc1.bias!._values().slice(0, 3));
  const y = m(torch.randn(8, 16));
  console.log(y.shape, y._values().slice(0, 4));
});
