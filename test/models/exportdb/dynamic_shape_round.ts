// ExportDB dynamic_shape_round: round() of a size divided by 2 (x[: round(x.shape[0] / 2)]).
// Python's `/` on a size is `truediv` (a SymFloat) and builtin round() is `torch.sym_round`; both
// stay symbolic, so the slice end is round(s77/2) and export reports the guards it needs.
import { nn, torch } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { SymFloat } from "../../../src/symbolic/symfloat.js";

export class DynamicShapeRound extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.at({ stop: torch.sym_round(SymFloat.trueDiv(x.shape[0]!, 2)) });
  }
}
