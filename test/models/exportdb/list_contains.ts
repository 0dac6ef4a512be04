// ExportDB list_contains: `in` on a list of constants, with a size or a constant (guards only).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeEq, type Size } from "../../../src/symbolic/size.js";

function assert(cond: boolean): asserts cond {
  if (!cond) throw new Error("AssertionError");
}
/** Python's `v in list` for sizes: == against each element in turn. */
const contains = (list: number[], v: Size) => list.some((e) => sizeEq(v, e));

export class ListContains extends nn.Module {
  override forward(x: Tensor): Tensor {
    assert(contains([6, 2], x.size(-1)));
    assert(!contains([4, 5, 6], x.size(0)));
    assert(!["cow", "pig"].includes("monkey"));
    return x.add(x);
  }
}
