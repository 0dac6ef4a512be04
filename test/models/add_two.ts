// gen_reference.py AddTwo.
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class AddTwo extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    return x.add(y);
  }
}

