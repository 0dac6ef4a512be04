// ExportDB assume_constant_result: torch._dynamo.assume_constant_result only acts under TorchDynamo
// (strict export); non-strict export traces get_item through, so here it is a plain method.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import type { Size } from "../../../src/symbolic/size.js";

export class AssumeConstantResult extends nn.Module {
  get_item(y: Tensor): Size {
    return y.int().item() as unknown as Size;
  }

  override forward(x: Tensor, y: Tensor): Tensor {
    return x.at({ stop: this.get_item(y) });
  }
}
