// ExportDB dynamic_shape_view: view arguments built from x.size()[:-1] + (2, 5).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class DynamicShapeView extends nn.Module {
  override forward(x: Tensor): Tensor {
    const new_x_shape = [...x.size().slice(0, -1), 2, 5];
    x = x.view(...new_x_shape);
    return x.permute(0, 2, 1);
  }
}
