// ExportDB scalar_output: returning a symbolic size (x.shape[1] + 1).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeAdd, type Size } from "../../../src/symbolic/size.js";

export class ScalarOutput extends nn.Module {
  override forward(x: Tensor): Size {
    return sizeAdd(x.shape[1]!, 1);
  }
}
