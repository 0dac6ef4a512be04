// gen_reference.py DataDepBranch: Python control flow on a tensor's value (`if x.sum() > 0:`).
// JavaScript's `if` cannot see a tensor's truth value, so the port asks for it with torch.truth,
// which does what Python's bool(tensor) does under export.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class DataDepBranch extends nn.Module {
  override forward(x: Tensor): Tensor {
    if (torch.truth(x.sum().gt(0))) {
      return x.add(1); // its own line, as in the Python source (a source block of its own)
    }
    return x.sub(1);
  }
}
