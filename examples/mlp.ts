// Quick start: export an MLP with a dynamic batch dimension and print the program, as
// `print(torch.export.export(...))` does in PyTorch.
import { torch, nn, F, Dim, type Tensor } from "pt2js";

class MLP extends nn.Module {
  fc1 = new nn.Linear(16, 32);
  fc2 = new nn.Linear(32, 4);

  override forward(x: Tensor): Tensor {
    return this.fc2(F.relu(this.fc1(x)));
  }
}

const ep = torch.export.export(new MLP().eval(), [torch.randn(8, 16)], {
  dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 1024 }) } },
});
console.log(ep.toString());
