// gen_reference.py InputMutation: mutates its first input in place.
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class InputMutation extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    x.add_(1);
    return x.add(y);
  }
}

