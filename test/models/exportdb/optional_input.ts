// ExportDB optional_input: forward(x, y=torch.randn(2, 3)). Python evaluates the default once, at
// definition; a JavaScript default is evaluated per call, so the tensor is made once beside the class.
import { nn, torch } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

const Y_DEFAULT = torch.randn(2, 3);

export class OptionalInput extends nn.Module {
  override forward(x: Tensor, y: Tensor | null = Y_DEFAULT): Tensor {
    if (y !== null) return x.add(y);
    return x;
  }
}
