// ExportDB class_method: class methods are inlined during tracing (a static method in TypeScript,
// reached through the instance's class three ways, as self.method / self.__class__ / type(self)).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class ClassMethod extends nn.Module {
  static method(x: Tensor): Tensor {
    return x.add(1);
  }

  linear = new nn.Linear(4, 2);

  override forward(x: Tensor): Tensor {
    x = this.linear(x);
    const cls = this.constructor as typeof ClassMethod;
    const type = Object.getPrototypeOf(this).constructor as typeof ClassMethod;
    return ClassMethod.method(x).mul(cls.method(x)).mul(type.method(x));
  }
}
