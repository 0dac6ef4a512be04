// ExportDB dynamic_shape_map: functorch.experimental.control_flow.map over xs's first dimension
// with an extra argument y (torch.map here), traced into a body graph (higher_order.map_impl).
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class DynamicShapeMap extends nn.Module {
  override forward(xs: Tensor, y: Tensor): Tensor {
    const body = (x: Tensor, y: Tensor) => x.add(y);
    return torch.map(body, xs, y);
  }
}
