// ExportDB dictionary: dictionary structures are inlined and flattened along tracing.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class Dictionary extends nn.Module {
  override forward(x: Tensor, y: Tensor): { y: Tensor } {
    const elements: Record<string, Tensor> = {};
    elements["x2"] = x.mul(x);
    y = y.mul(elements["x2"]);
    return { y };
  }
}
