// ExportDB static_if: an `if` on the rank is traced through with the branch taken.
import { nn, torch } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class StaticIf extends nn.Module {
  override forward(x: Tensor): Tensor {
    if (x.shape.length === 3) return x.add(torch.ones(1, 1, 1));
    return x;
  }
}
