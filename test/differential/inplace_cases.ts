// In-place writes and views, as functionalization must handle them: the TypeScript ports of the
// cases in tools/torch-oracle-decomp/inplace_cases.py (same names, same models, same inputs), whose
// decomposed programs PyTorch 2.6 printed into test/fixtures/torch-2.6/decomposed/inplace.json.
import { torch, nn, F } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { Dim } from "../../src/export/dim.js";
import type { Module } from "../../src/nn/index.js";

export interface InplaceCase {
  make: () => Module;
  args: () => unknown[];
  dynamic_shapes?: () => unknown;
  /** Inputs whose values matter (indices): never redrawn. */
  fixedValues?: boolean;
}

class SliceCopy extends nn.Module {
  override forward(a: Tensor, b: Tensor): Tensor {
    const c = a.clone();
    c.set([":", { stop: 2 }], b);
    return c;
  }
}
class SelectCopy extends nn.Module {
  override forward(a: Tensor, b: Tensor): Tensor {
    const c = a.clone();
    c.set(0, b);
    return c;
  }
}
class ViewAdd extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    y.view(-1).add_(1);
    return y;
  }
}
class TransposeMul extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.mul(2);
    y.t().mul_(3);
    return y;
  }
}
class InputSelectAdd extends nn.Module {
  override forward(x: Tensor): Tensor {
    x.at(0).add_(1);
    return x.add(1);
  }
}
class BufferSliceWrite extends nn.Module {
  declare buf: Tensor;
  constructor() {
    super();
    this.register_buffer("buf", torch.zeros(4, 3));
  }
  override forward(x: Tensor): Tensor {
    this.buf.set({ stop: 2 }, x);
    return this.buf.mul(2);
  }
}
class UnsqueezeRelu extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    y.unsqueeze(0).relu_();
    return y;
  }
}
class ViewAfterWrite extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    const v = y.at(0);
    y.add_(1);
    return v.mul(2);
  }
}
class TwoViews extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    y.at(0).mul_(2);
    return y.at(1).add(y.at(0));
  }
}
class ChainedViews extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    y.at(0).at("1:").fill_(0);
    return y;
  }
}
class IndexPut extends nn.Module {
  override forward(x: Tensor, idx: Tensor, v: Tensor): Tensor {
    const y = x.clone();
    y.set(idx, v);
    return y;
  }
}
class MaskedFill extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.add(1);
    y.masked_fill_(x.gt(0), 0.0);
    return y;
  }
}
class LiftFresh extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.add(torch.tensor([1.0, 2.0, 3.0]));
  }
}
class HardswishRelu6 extends nn.Module {
  override forward(x: Tensor): Tensor {
    return F.hardswish(x).add(F.relu6(x));
  }
}
class InputCopy extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    x.copy_(y);
    return x.add(1);
  }
}
class ZeroFill extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    y.at("1:").zero_();
    return y;
  }
}
class NarrowWrite extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.mul(1);
    y.narrow(1, 1, 2).sub_(5);
    return y;
  }
}
class ExpandRead extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    const e = y.unsqueeze(0).expand(2, 4, 3);
    y.mul_(2);
    return e.add(0);
  }
}
class DynamicSlice extends nn.Module {
  override forward(x: Tensor, b: Tensor): Tensor {
    const y = x.clone();
    y.set([":", { stop: 2 }], b);
    return y;
  }
}
class SiluInplace extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.add(0);
    F.silu(y, true);
    return y;
  }
}
class HardtanhInplace extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.mul(3);
    F.hardtanh(y, -1.0, 1.0, true);
    return y;
  }
}
// Beyond the oracle's list: a write through split outputs, a buffer updated through a view of a
// view, and a permuted write read back through another view.
class SplitWrite extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    const [a, b] = y.split(2, 0) as Tensor[];
    a!.mul_(10);
    b!.add_(1);
    return y;
  }
}
class BufferViewOfView extends nn.Module {
  declare state: Tensor;
  constructor() {
    super();
    this.register_buffer("state", torch.zeros(3, 4));
  }
  override forward(x: Tensor): Tensor {
    this.state.at(1).at("1:3").add_(x);
    return this.state.sum(0);
  }
}
class PermutedWrite extends nn.Module {
  override forward(x: Tensor): Tensor {
    const y = x.clone();
    const p = y.permute(2, 0, 1);
    p.at(0).mul_(-1);
    return y.at(":", ":", 0).add(p.at(1));
  }
}

const r = (...shape: number[]) => torch.randn(...shape);
const ones = (...shape: number[]) => torch.ones(...shape);
const zeros = (...shape: number[]) => torch.zeros(...shape);

export const INPLACE_CASES: Record<string, InplaceCase> = {
  slice_copy: { make: () => new SliceCopy(), args: () => [zeros(2, 3), ones(2, 2)] },
  select_copy: { make: () => new SelectCopy(), args: () => [zeros(2, 3), ones(3)] },
  view_add: { make: () => new ViewAdd(), args: () => [zeros(2, 3)] },
  transpose_mul: { make: () => new TransposeMul(), args: () => [ones(2, 3)] },
  input_select_add: { make: () => new InputSelectAdd(), args: () => [zeros(2, 3)] },
  buffer_slice_write: { make: () => new BufferSliceWrite(), args: () => [ones(2, 3)] },
  unsqueeze_relu: { make: () => new UnsqueezeRelu(), args: () => [r(2, 3)] },
  view_after_write: { make: () => new ViewAfterWrite(), args: () => [zeros(2, 3)] },
  two_views: { make: () => new TwoViews(), args: () => [ones(2, 3)] },
  chained_views: { make: () => new ChainedViews(), args: () => [ones(2, 3)] },
  index_put: { make: () => new IndexPut(), args: () => [zeros(4, 3), torch.tensor([0, 2]), ones(2, 3)], fixedValues: true },
  masked_fill: { make: () => new MaskedFill(), args: () => [r(2, 3)] },
  lift_fresh: { make: () => new LiftFresh(), args: () => [ones(2, 3)] },
  hardswish_relu6: { make: () => new HardswishRelu6(), args: () => [r(2, 3)] },
  input_copy: { make: () => new InputCopy(), args: () => [zeros(2, 3), ones(2, 3)] },
  zero_fill: { make: () => new ZeroFill(), args: () => [ones(3, 2)] },
  narrow_write: { make: () => new NarrowWrite(), args: () => [ones(2, 4)] },
  expand_read: { make: () => new ExpandRead(), args: () => [ones(4, 3)] },
  dynamic_slice: {
    make: () => new DynamicSlice(),
    args: () => [zeros(4, 3), ones(4, 2)],
    dynamic_shapes: () => {
      const n = Dim("n");
      return { x: { 0: n }, b: { 0: n } };
    },
  },
  silu_inplace: { make: () => new SiluInplace(), args: () => [r(2, 3)] },
  hardtanh_inplace: { make: () => new HardtanhInplace(), args: () => [r(2, 3)] },
  split_write: { make: () => new SplitWrite(), args: () => [r(4, 3)] },
  buffer_view_of_view: { make: () => new BufferViewOfView(), args: () => [r(2)] },
  permuted_write: { make: () => new PermutedWrite(), args: () => [r(2, 3, 4)] },
};
