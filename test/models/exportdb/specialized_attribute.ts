// ExportDB specialized_attribute: module attributes (a string, an int) are specialized.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

enum Animal {
  COW = "moo",
}

export class SpecializedAttribute extends nn.Module {
  a = "moo";
  b = 4;

  override forward(x: Tensor): Tensor {
    if (this.a === Animal.COW) return x.mul(x).add(this.b);
    throw new Error("ValueError: bad");
  }
}
