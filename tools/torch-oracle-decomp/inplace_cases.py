# The in-place / view cases of test/differential, exported and decomposed by PyTorch (run in the
# PyTorch 2.6 oracle: /work/shared/tools/torch-oracle/run.sh tools/torch-oracle-decomp/inplace_cases.py).
# Prints one JSON object: case -> {exported, decomposed} printed programs (or error).
import json, sys
import torch
from torch.export import export, Dim

class SliceCopy(torch.nn.Module):
    def forward(self, a, b):
        a = a.clone(); a[:, :2] = b; return a

class SelectCopy(torch.nn.Module):
    def forward(self, a, b):
        a = a.clone(); a[0] = b; return a

class ViewAdd(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); y.view(-1).add_(1); return y

class TransposeMul(torch.nn.Module):
    def forward(self, x):
        y = x * 2; y.t().mul_(3); return y

class InputSelectAdd(torch.nn.Module):
    def forward(self, x):
        x[0].add_(1); return x + 1

class BufferSliceWrite(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.register_buffer("buf", torch.zeros(4, 3))
    def forward(self, x):
        self.buf[:2] = x; return self.buf * 2

class UnsqueezeRelu(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); y.unsqueeze(0).relu_(); return y

class ViewAfterWrite(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); v = y[0]; y.add_(1); return v * 2

class TwoViews(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); y[0].mul_(2); return y[1] + y[0]

class ChainedViews(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); y[0][1:].fill_(0); return y

class IndexPut(torch.nn.Module):
    def forward(self, x, idx, v):
        y = x.clone(); y[idx] = v; return y

class MaskedFill(torch.nn.Module):
    def forward(self, x):
        y = x + 1; y.masked_fill_(x > 0, 0.0); return y

class LiftFresh(torch.nn.Module):
    def forward(self, x):
        return x + torch.tensor([1.0, 2.0, 3.0])

class HardswishRelu6(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.hardswish(x) + torch.nn.functional.relu6(x)

class InputCopy(torch.nn.Module):
    def forward(self, x, y):
        x.copy_(y); return x + 1

class ZeroFill(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); y[1:].zero_(); return y

class NarrowWrite(torch.nn.Module):
    def forward(self, x):
        y = x * 1; y.narrow(1, 1, 2).sub_(5); return y

class ExpandRead(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); e = y.unsqueeze(0).expand(2, 4, 3); y.mul_(2); return e + 0

class DynamicSlice(torch.nn.Module):
    def forward(self, x, b):
        y = x.clone(); y[:, :2] = b; return y

class SiluInplace(torch.nn.Module):
    def forward(self, x):
        y = x + 0; torch.nn.functional.silu(y, inplace=True); return y

class HardtanhInplace(torch.nn.Module):
    def forward(self, x):
        y = x * 3; torch.nn.functional.hardtanh(y, inplace=True); return y

class SplitWrite(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); a, b = y.split(2, 0); a.mul_(10); b.add_(1); return y

class BufferViewOfView(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.register_buffer("state", torch.zeros(3, 4))
    def forward(self, x):
        self.state[1][1:3].add_(x); return self.state.sum(0)

class PermutedWrite(torch.nn.Module):
    def forward(self, x):
        y = x.clone(); p = y.permute(2, 0, 1); p[0].mul_(-1); return y[:, :, 0] + p[1]

CASES = {
    "slice_copy": (SliceCopy, (torch.zeros(2, 3), torch.ones(2, 2)), None),
    "select_copy": (SelectCopy, (torch.zeros(2, 3), torch.ones(3)), None),
    "view_add": (ViewAdd, (torch.zeros(2, 3),), None),
    "transpose_mul": (TransposeMul, (torch.ones(2, 3),), None),
    "input_select_add": (InputSelectAdd, (torch.zeros(2, 3),), None),
    "buffer_slice_write": (BufferSliceWrite, (torch.ones(2, 3),), None),
    "unsqueeze_relu": (UnsqueezeRelu, (torch.randn(2, 3),), None),
    "view_after_write": (ViewAfterWrite, (torch.zeros(2, 3),), None),
    "two_views": (TwoViews, (torch.ones(2, 3),), None),
    "chained_views": (ChainedViews, (torch.ones(2, 3),), None),
    "index_put": (IndexPut, (torch.zeros(4, 3), torch.tensor([0, 2]), torch.ones(2, 3)), None),
    "masked_fill": (MaskedFill, (torch.randn(2, 3),), None),
    "lift_fresh": (LiftFresh, (torch.ones(2, 3),), None),
    "hardswish_relu6": (HardswishRelu6, (torch.randn(2, 3),), None),
    "input_copy": (InputCopy, (torch.zeros(2, 3), torch.ones(2, 3)), None),
    "zero_fill": (ZeroFill, (torch.ones(3, 2),), None),
    "narrow_write": (NarrowWrite, (torch.ones(2, 4),), None),
    "expand_read": (ExpandRead, (torch.ones(4, 3),), None),
    "dynamic_slice": (DynamicSlice, (torch.zeros(4, 3), torch.ones(4, 2)), {"x": {0: Dim("n")}, "b": {0: Dim("n")}}),
    "silu_inplace": (SiluInplace, (torch.randn(2, 3),), None),
    "hardtanh_inplace": (HardtanhInplace, (torch.randn(2, 3),), None),
    "split_write": (SplitWrite, (torch.randn(4, 3),), None),
    "buffer_view_of_view": (BufferViewOfView, (torch.randn(2),), None),
    "permuted_write": (PermutedWrite, (torch.randn(2, 3, 4),), None),
}

out = {"torch": torch.__version__}
only = sys.argv[1:]
for name, (cls, args, ds) in CASES.items():
    if only and name not in only:
        continue
    r = {}
    try:
        ep = export(cls(), tuple(a.clone() for a in args), dynamic_shapes=ds)
        r["exported"] = str(ep)
        r["decomposed"] = str(ep.run_decompositions())
        r["decomposed_empty"] = str(ep.run_decompositions({}))
    except Exception as e:
        r["error"] = f"{type(e).__name__}: {e}"
    out[name] = r
print(json.dumps(out, indent=1))
