// Unbacked symbols (item(), nonzero, data-dependent slices), torch._check & co., the runtime
// asserts export inserts for them, and the data-dependent guard error.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { GuardOnDataDependentSymNode } from "../../src/export/errors.js";
import { torch, nn } from "../../src/torch.js";
import { TorchRuntimeError } from "../../src/ops/errors.js";
import { randn, tensor } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { sizeLeSym, type Size } from "../../src/symbolic/index.js";
import { DataDepBranch, ItemCheck } from "../models/index.js";
import { loadFixtures } from "../conformance/runner.js";
import { caught } from "./caught.js";


describe("unbacked symbols", () => {
  it("item() is an unbacked u0 with runtime asserts from torch._check, checked by ep.module()", () => {
    const ep = exportModule(new ItemCheck() as never, [randn(10, 3), tensor(4)]);
    const text = ep.toString();
    expect(text).toContain(`item: "Sym(u0)" = torch.ops.aten.item.default(n)`);
    expect(text).toContain(`"Runtime assertion failed for expression u0 <= 8 on node 'le_1'"`);
    expect(text).toContain("Range constraints: {u0: VR[2, 8]}");
    const m = ep.module() as unknown as (x: Tensor, n: Tensor) => Tensor;
    expect(m(randn(10, 3), tensor(5)).shape).toEqual([5, 3]);
    expect(caught(() => m(randn(10, 3), tensor(9))).message).toContain("Runtime assertion failed for expression u0 <= 8 on node 'le_1'");
  });

  it("branching on data raises GuardOnDataDependentSymNode naming the model's line", () => {
    const error = caught(() => exportModule(new DataDepBranch() as never, [randn(3)]));
    expect(error).toBeInstanceOf(GuardOnDataDependentSymNode);
    // PyTorch's text, but for the locations: the model's TypeScript line (no source code is read),
    // and the guard's own location, which in PyTorch is inside its torch-function mode.
    const theirs = loadFixtures("zoo").data_dependent_branch_error!.error!;
    const ours = error.message
      .replace(/Caused by: .*/, "Caused by: (_export/non_strict_utils.py:1159 in __torch_function__)")
      .replace(/  File "models\/data_dep_branch\.ts", line \d+, in forward\n    \.\.\./, '  File "gen_reference.py", line 414, in forward\n    if x.sum() > 0:');
    expect(ours).toBe(theirs);
    expect(error.message).toMatch(/Caused by: models\/data_dep_branch\.ts:\d+ in forward/);
  });

  it("torch._check on a constant and on a backed size", () => {
    expect(() => torch._check(true)).not.toThrow();
    const e = caught(() => torch._check(false));
    expect(e).toBeInstanceOf(TorchRuntimeError);
    expect(e.message).toBe(
      "Expected cond to be True, but got False. (Could this error message be improved? If so, please report an enhancement request to PyTorch.)",
    );
    expect(caught(() => torch._check(false, () => "custom")).message).toBe("custom");
    expect(() => torch._check_is_size(3)).not.toThrow();
    expect(() => torch._check_is_size(-1)).toThrow(TorchRuntimeError);
  });

  it("item() on a multi-element tensor is PyTorch's error, in eager mode and under export", () => {
    class Bad extends nn.Module {
      override forward(x: Tensor): Tensor {
        return x.mul(x.item() as number);
      }
    }
    expect(caught(() => randn(3).item()).message).toBe("a Tensor with 3 elements cannot be converted to Scalar");
    const e = caught(() => exportModule(new Bad() as never, [randn(3)]));
    expect(e.message).toBe("a Tensor with 3 elements cannot be converted to Scalar");
  });

  it("sym_constrain_range bounds an unbacked value", () => {
    class Ranged extends nn.Module {
      override forward(x: Tensor, y: Tensor): Tensor {
        const a = x.item() as unknown as Size;
        torch.sym_constrain_range(a, { min: 1, max: 7 });
        torch._check(sizeLeSym(a, 7));
        return torch.zeros([a, 2]).add(y.sum());
      }
    }
    const ep = exportModule(new Ranged() as never, [tensor(3), randn(2)]);
    expect(ep.toString()).toContain("Range constraints: {u0: VR[1, 7]}");
    expect(ep.toString()).toContain("Runtime assertion failed for expression u0 >= 1 on node 'ge'");
    expect(() => torch.sym_constrain_range(9, { min: 0, max: 5 })).toThrow("Invalid value 9 for range [0:5]");
  });
});
