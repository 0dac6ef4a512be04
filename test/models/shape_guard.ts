// gen_reference.py ShapeGuard: Python control flow on a (possibly symbolic) size.
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { sizeGt } from "../../src/symbolic/index.js";

export class ShapeGuard extends nn.Module {
  override forward(x: Tensor): Tensor {
    if (sizeGt(x.shape[0]!, 4)) return x.mul(2);
    return x.add(2);
  }
}
