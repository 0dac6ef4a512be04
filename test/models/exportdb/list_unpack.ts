// ExportDB list_unpack: unpacking a list input (x, *y = args) is erased by tracing.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class ListUnpack extends nn.Module {
  override forward(args: Tensor[]): Tensor {
    const [x, ...y] = args;
    return x!.add(y[0]!);
  }
}
