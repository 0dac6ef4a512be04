// gen_reference.py DataDepBranch: Python control flow on a tensor's value.
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class DataDepBranch extends nn.Module {
  override forward(x: Tensor): Tensor {
    if (x.sum().gt(0).item()) return x.add(1);
    return x.sub(1);
  }
}

