// Dim.AUTO / Dim.DYNAMIC with a range: not enforced while tracing, intersected into
// range_constraints afterwards (make_constraints / _constrain_user_specified_dimhint_range), with
// PyTorch's ValueError listing every conflict (texts of PyTorch's test_dim_dynamic_specialization
// and test_dim_hint_range_violations, docs/dynamic-shapes.md §1.7).
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { Dim } from "../../src/export/dim.js";
import { ValueError } from "../../src/export/errors.js";
import { nn, torch } from "../../src/torch.js";
import { randn } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/index.js";
import type { SymInt } from "../../src/symbolic/symint.js";

class AddTwo extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.add(2);
  }
}

class AtMost32 extends nn.Module {
  override forward(x: Tensor): Tensor {
    torch._check((x.shape[0] as SymInt).le(32)); // Python: assert x.shape[0] <= 32
    return x.add(1);
  }
}

class SliceFrom6 extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.slice(0, 6).add(1); // Python: x[6:], which guards 6 <= x.shape[0]
  }
}

const HEAD = "Found the following conflicts between user-specified ranges and inferred ranges from model tracing:\n";

function valueError(fn: () => unknown): ValueError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    return e as ValueError;
  }
  throw new Error("expected a ValueError");
}

describe("Dim.AUTO / Dim.DYNAMIC ranges", () => {
  it("intersects the hint's range into range_constraints", () => {
    const ep = exportModule(new AddTwo() as never, [randn(8, 3)], { dynamic_shapes: { x: { 0: Dim.AUTO({ min: 4, max: 16 }) } } });
    expect(ep.toString()).toContain("Range constraints: {s77: VR[4, 16]}");
    const dyn = exportModule(new AddTwo() as never, [randn(8, 3)], { dynamic_shapes: { x: { 0: Dim.DYNAMIC({ max: 100 }) } } });
    expect(dyn.toString()).toContain("Range constraints: {s77: VR[2, 100]}");
  });

  it("reports Dim.DYNAMIC dims that 0/1 specialization made static", () => {
    const e = valueError(() => exportModule(new AddTwo() as never, [randn(0, 1)], { dynamic_shapes: { x: { 0: Dim.DYNAMIC, 1: Dim.DYNAMIC } } }));
    expect(e.message).toBe(
      HEAD +
        "- Received user-specified dim hint Dim.DYNAMIC(min=None, max=None), but export 0/1 specialized due to hint of 0 for dimension inputs['x'].shape[0].\n" +
        "- Received user-specified dim hint Dim.DYNAMIC(min=None, max=None), but export 0/1 specialized due to hint of 1 for dimension inputs['x'].shape[1].",
    );
  });

  it("reports a Dim.DYNAMIC range that tracing narrowed to one value", () => {
    const e = valueError(() => exportModule(new AtMost32() as never, [randn(32)], { dynamic_shapes: { x: { 0: Dim.DYNAMIC({ min: 32 }) } } }));
    expect(e.message).toBe(HEAD + "- Received user-specified dim hint Dim.DYNAMIC(min=32, max=None), but tracing inferred a static shape of 32 for dimension inputs['x'].shape[0].");
  });

  it("reports ranges that contradict the traced ones", () => {
    const auto = valueError(() => exportModule(new AtMost32() as never, [randn(20)], { dynamic_shapes: { x: { 0: Dim.AUTO({ min: 48, max: 62 }) } } }));
    expect(auto.message).toBe(HEAD + "- Received user-specified min/max range of [48, 62], conflicting with the inferred min/max range of [2, 32], for inputs['x'].shape[0].");
    // x[6:] guards 6 <= s77, and the contiguity test of its output (numel <= 1 is false) s77 - 6 > 1,
    // as PyTorch's own test_dim_hint_range_violations expects ([8, int_oo]).
    const dyn = valueError(() => exportModule(new SliceFrom6() as never, [randn(10)], { dynamic_shapes: { x: { 0: Dim.DYNAMIC({ max: 5 }) } } }));
    expect(dyn.message).toBe(HEAD + "- Received user-specified min/max range of [None, 5], conflicting with the inferred min/max range of [8, int_oo], for inputs['x'].shape[0].");
  });
});
