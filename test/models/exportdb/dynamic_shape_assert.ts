// ExportDB dynamic_shape_assert: Python assertions on sizes (guards, no graph nodes).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeGt } from "../../../src/symbolic/size.js";

function assert(cond: boolean, message = ""): asserts cond {
  if (!cond) throw new Error(`AssertionError: ${message}`);
}

export class DynamicShapeAssert extends nn.Module {
  override forward(x: Tensor): Tensor {
    // assertion with error message
    assert(sizeGt(x.shape[0]!, 2), `${x.shape[0]} is greater than 2`);
    // assertion without error message
    assert(sizeGt(x.shape[0]!, 1));
    return x;
  }
}
