// gen_reference.py DivisibleReshape: x.reshape(-1, 2, 8).sum(1).
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class DivisibleReshape extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.reshape(-1, 2, 8).sum(1);
  }
}

