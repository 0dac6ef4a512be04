// ExportDB dynamic_shape_if_guard: an `if` on a backed size specializes to the branch taken.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeEq } from "../../../src/symbolic/size.js";

export class DynamicShapeIfGuard extends nn.Module {
  override forward(x: Tensor): Tensor {
    if (sizeEq(x.shape[0]!, 3)) return x.cos();
    return x.sin();
  }
}
