// ExportDB model_attr_mutation: forward replaces a plain (list) attribute of the module.
import { nn, torch } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class ModelAttrMutation extends nn.Module {
  attr_list: Tensor[] = [torch.randn(3, 2), torch.randn(3, 2)];

  recreate_list(): Tensor[] {
    return [torch.zeros(3, 2), torch.zeros(3, 2)];
  }

  override forward(x: Tensor): Tensor {
    this.attr_list = this.recreate_list();
    return x.sum().add(this.attr_list[0]!.sum());
  }
}
