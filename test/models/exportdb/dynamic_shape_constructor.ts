// ExportDB dynamic_shape_constructor: tensor constructors take (possibly symbolic) sizes.
import { nn, torch } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeMul } from "../../../src/symbolic/size.js";

export class DynamicShapeConstructor extends nn.Module {
  override forward(x: Tensor): Tensor {
    return torch.zeros(sizeMul(x.shape[0]!, 2));
  }
}
