// ExportDB user_input_mutation: forward mutates its input in place.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class UserInputMutation extends nn.Module {
  override forward(x: Tensor): Tensor {
    x.mul_(2);
    return x.cos();
  }
}
