// ExportDB constrain_as_value_example: item() gives an unbacked value, bounded with torch._check;
// the branch on it is decided by those bounds (no guard on data).
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { guardBool, sizeGeSym, sizeLeSym, sizeLtSym, type Size } from "../../../src/symbolic/index.js";

export class ConstrainAsValueExample extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    const a = x.item() as unknown as Size;
    torch._check(sizeGeSym(a, 0));
    torch._check(sizeLeSym(a, 5));
    if (guardBool(sizeLtSym(a, 6))) return y.sin();
    return y.cos();
  }
}
