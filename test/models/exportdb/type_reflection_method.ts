// ExportDB type_reflection_method: type(a).func(x) on a plain object's class method.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

class A {
  static func(x: Tensor): Tensor {
    return x.add(1); // 1 + x
  }
}

export class TypeReflectionMethod extends nn.Module {
  override forward(x: Tensor): Tensor {
    const a = new A();
    return (a.constructor as typeof A).func(x);
  }
}
