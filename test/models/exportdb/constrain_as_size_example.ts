// ExportDB constrain_as_size_example: item() gives an unbacked size, bounded with
// torch._check_is_size and torch._check, then used to build a tensor.
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeLeSym, type Size } from "../../../src/symbolic/index.js";

export class ConstrainAsSizeExample extends nn.Module {
  override forward(x: Tensor): Tensor {
    const a = x.item() as unknown as Size;
    torch._check_is_size(a);
    torch._check(sizeLeSym(a, 5));
    return torch.zeros([a, 5]);
  }
}
