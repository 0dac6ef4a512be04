// gen_reference.py SliceAdd: x[1:] + y.
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class SliceAdd extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    return x.slice(0, 1).add(y);
  }
}

