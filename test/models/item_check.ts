// gen_reference.py ItemCheck: .item() with torch._check bounds, then a slice by the value.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { sizeGeSym, sizeLeSym, type Size } from "../../src/symbolic/index.js";

export class ItemCheck extends nn.Module {
  override forward(x: Tensor, n: Tensor): Tensor {
    // Under export, item() is an unbacked SymInt and the comparisons are SymBools (Python's k >= 2).
    const k = n.item() as unknown as Size;
    torch._check(sizeGeSym(k, 2));
    torch._check(sizeLeSym(k, 8));
    return x.at({ stop: k }).mul(2); // x[:k] * 2
  }
}
