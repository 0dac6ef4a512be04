// ExportDB decorator: a decorator's wrapper is inlined into the exported function. Python's
// functools.wraps lets inspect.signature see the wrapped (x, y); JavaScript cannot see through the
// wrapper, so the module declares forward's names (forwardArgNames).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

type Forward = (this: unknown, ...args: Tensor[]) => Tensor;

function test_decorator(func: Forward): Forward {
  return function wrapper(this: unknown, ...args: Tensor[]) {
    return func.apply(this, args).add(1);
  };
}

export class Decorator extends nn.Module {
  forwardArgNames = ["x", "y"];

  override forward(x: Tensor, y: Tensor): Tensor {
    return x.add(y);
  }
}
Decorator.prototype.forward = test_decorator(Decorator.prototype.forward as Forward) as Decorator["forward"];
