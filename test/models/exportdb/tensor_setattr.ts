// ExportDB tensor_setattr: setattr(x, attr, torch.randn(3, 2)) with a string input naming the attribute.
import { nn, torch } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class TensorSetattr extends nn.Module {
  override forward(x: Tensor, attr: string): Tensor {
    Reflect.set(x, attr, torch.randn(3, 2));
    return x.add(4);
  }
}
