// ExportDB dynamic_shape_slicing: x[: x.shape[0] - 2, x.shape[1] - 1 :: 2].
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeSub } from "../../../src/symbolic/size.js";

export class DynamicShapeSlicing extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.at({ stop: sizeSub(x.shape[0]!, 2) }, { start: sizeSub(x.shape[1]!, 1), step: 2 });
  }
}
