// ExportDB dynamic_shape_round: round() of a size divided by 2 (x[: round(x.shape[0] / 2)]).
// JavaScript's Math.round is the only round there is: it converts the SymFloat to a number.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { SymFloat } from "../../../src/symbolic/symfloat.js";

export class DynamicShapeRound extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.at({ stop: Math.round(Number(SymFloat.trueDiv(x.shape[0]!, 2))) });
  }
}
