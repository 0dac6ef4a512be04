// torch.cond: inlined for constant / decided predicates, traced into subgraphs otherwise, run by
// ep.module() and eagerly; and PyTorch's errors for bad predicates, operands and branches.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { CondOpArgsMismatchError } from "../../src/export/errors.js";
import { Dim } from "../../src/export/dim.js";
import { save, load } from "../../src/export/index.js";
import { torch, nn } from "../../src/torch.js";
import { TorchRuntimeError } from "../../src/ops/errors.js";
import { randn, tensor } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { CondModel } from "../models/index.js";
import { sizeGeSym, sizeLeSym, type Size } from "../../src/symbolic/index.js";
import { caught } from "./caught.js";


class Pick extends nn.Module {
  constructor(readonly onTrue: (x: Tensor) => Tensor, readonly onFalse: (x: Tensor) => Tensor) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return torch.cond(x.sum().gt(0), this.onTrue, this.onFalse, [x]);
  }
}

describe("torch.cond", () => {
  it("runs the taken branch eagerly", () => {
    const x = tensor([1, 2, 3], { dtype: torch.float32 });
    expect(Array.from(torch.cond(true, (a: Tensor) => a.mul(2), (a: Tensor) => a, [x])._values())).toEqual([2, 4, 6]);
    expect(Array.from(torch.cond(tensor(false), (a: Tensor) => a.mul(2), (a: Tensor) => a.neg(), [x])._values())).toEqual([-1, -2, -3]);
  });

  it("traces both branches and ep.module() takes the branch the data picks", () => {
    const ep = exportModule(new CondModel() as never, [randn(3, 4)], { dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 1024 }) } } });
    const m = ep.module() as unknown as (x: Tensor) => Tensor;
    const model = new CondModel();
    model.load_state_dict(Object.fromEntries(ep.state_dict));
    const pos = tensor([[1, 2, 3, 4], [1, 1, 1, 1]], { dtype: torch.float32 });
    const neg = pos.neg();
    for (const x of [pos, neg]) {
      const got = Array.from(m(x)._values());
      const want = Array.from(model.forward(x)._values());
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    }
  });

  it("rejects predicates of the wrong kind, bad operands and non-callable branches", () => {
    const id = (a: Tensor) => a;
    expect(caught(() => torch.cond("yes" as never, id, id, [randn(2)])).message).toBe("Expected pred to be bool or tensor, but got yes.");
    expect(caught(() => torch.cond(tensor([true, false]), id, id, [randn(2)])).message).toMatch(
      /^Expected pred to be bool or single-element tensor, but got /,
    );
    expect(caught(() => torch.cond(tensor(true), id, 3 as never, [randn(2)])).message).toBe("Expect both branches to be callable.");
    const e = caught(() => torch.cond(tensor(true), id, id, [3 as never]));
    expect(e).toBeInstanceOf(TorchRuntimeError);
    expect(e.message).toMatch(/^Expect operands to be a tuple of possibly nested dict\/list\/tuple that only consists of tensor leaves/);
  });

  it("rejects branches whose outputs differ", () => {
    const shape = caught(() => exportModule(new Pick((x) => x.sum(0), (x) => x) as never, [randn(3, 4)]));
    expect(shape).toBeInstanceOf(CondOpArgsMismatchError);
    expect(shape.message).toMatch(/^Expected each tensor to have same metadata but got:\n {2}<lambda> returns TensorMetadata\(shape=torch.Size\(\[4\]\)/);
    class Two extends nn.Module {
      override forward(x: Tensor) {
        return torch.cond(x.sum().gt(0), (a: Tensor) => [a, a] as unknown as Tensor, (a: Tensor) => [a] as unknown as Tensor, [x]);
      }
    }
    expect(caught(() => exportModule(new Two() as never, [randn(3)])).message).toBe(
      "Expected to return same number of outputs but got:\n  true branch returns 2 item(s)\n  false branch returns 1 item(s)",
    );
    class NotTensor extends nn.Module {
      override forward(x: Tensor) {
        return torch.cond(x.sum().gt(0), () => 1 as unknown as Tensor, (a: Tensor) => a, [x]);
      }
    }
    expect(caught(() => exportModule(new NotTensor() as never, [randn(3)])).message).toMatch(/^Expect outputs of .* to only contains tensors or None/);
  });

  it("lifts closed-over parameters into the branches, sorted by name", () => {
    const ep = exportModule(new CondModel() as never, [randn(3, 4)]);
    expect(ep.toString()).toContain("torch.ops.higher_order.cond(gt, true_graph_0, false_graph_0, (x, p_lin_bias, p_lin_weight))");
  });

  it("orders the inputs as Dynamo merges the branches': shared, true-only, false-only (PyTorch 2.6's output)", () => {
    class Two extends nn.Module {
      a = new nn.Linear(2, 2);
      b = new nn.Linear(2, 2);
      override forward(x: Tensor, y: Tensor): Tensor {
        const z = x.cos();
        const viaB = (x: Tensor) => (this.b as unknown as (t: Tensor) => Tensor)(x).add(z);
        const viaA = (_x: Tensor, y: Tensor) => (this.a as unknown as (t: Tensor) => Tensor)(y).add(z);
        return torch.cond(x.sum().gt(0), viaB, viaA, [x, y]);
      }
    }
    const ep = exportModule(new Two() as never, [randn(2, 2), randn(2, 2)]);
    expect(ep.toString()).toContain("torch.ops.higher_order.cond(gt, true_graph_0, false_graph_0, (cos, p_b_bias, p_b_weight, x, p_a_bias, p_a_weight, y))");
  });
});

describe("torch.map", () => {
  const body = (x: Tensor, y: Tensor) => x.add(y);
  class MapModel extends nn.Module {
    override forward(xs: Tensor, y: Tensor): Tensor {
      return torch.map(body, xs, y);
    }
  }

  it("maps eagerly over the first dimension and stacks", () => {
    const xs = tensor([[1, 2], [3, 4], [5, 6]], { dtype: torch.float32 });
    const y = tensor([10, 20], { dtype: torch.float32 });
    const out = torch.map(body, xs, y);
    expect(out.shape).toEqual([3, 2]);
    expect(Array.from(out._values())).toEqual([11, 22, 13, 24, 15, 26]);
  });

  it("exports a map_impl node whose program runs like the model", () => {
    const ep = exportModule(new MapModel() as never, [randn(3, 2), randn(2)]);
    expect(ep.toString()).toContain("map_impl = torch.ops.higher_order.map_impl(body_graph_0, [xs], [y])");
    const xs = tensor([[1, 2], [3, 4], [5, 6]], { dtype: torch.float32 });
    const y = tensor([10, 20], { dtype: torch.float32 });
    const m = ep.module() as unknown as (a: Tensor, b: Tensor) => Tensor;
    expect(Array.from(m(xs, y)._values())).toEqual([11, 22, 13, 24, 15, 26]);
  });

  it("rejects inconsistent leading dimensions and 0-dim xs", () => {
    expect(caught(() => torch.map((p: Tensor[]) => p[0]!, [randn(3, 2), randn(4, 2)])).message).toBe(
      "Leading dimensions of mapped xs must be consistent. Got shapes torch.Size([3, 2]), torch.Size([4, 2]).",
    );
    expect(() => torch.map(body, randn(3 as never).sum(), randn(2))).toThrow(TorchRuntimeError);
  });
});

describe("cond and map programs through save / load", () => {
  it("round-trip and run the same", async () => {
    const { save, load } = await import("../../src/program/save_load.js");
    const { EXPORTDB_CASES } = await import("../models/exportdb/index.js");
    for (const [name, args] of [
      ["dynamic_shape_map", [randn(3, 2), randn(2)]],
      ["cond_closed_over_variable", [tensor(true), randn(3, 2)]],
    ] as const) {
      const ep = exportModule(EXPORTDB_CASES[name]!.make() as never, [...args]);
      const loaded = load(save(ep));
      const a = (ep.module() as unknown as (...t: Tensor[]) => Tensor)(...args);
      const b = (loaded.module() as unknown as (...t: Tensor[]) => Tensor)(...args);
      expect(Array.from(b._values())).toEqual(Array.from(a._values()));
    }
  });
});

describe("side effects in branches", () => {
  it("refuses a branch that writes to its input in place", async () => {
    const { UnsupportedAliasMutationException } = await import("../../src/export/errors.js");
    class Mutates extends nn.Module {
      override forward(x: Tensor): Tensor {
        return torch.cond(x.sum().gt(0), (a: Tensor) => a.add_(1), (a: Tensor) => a.clone(), [x]);
      }
    }
    const e = caught(() => exportModule(new Mutates() as never, [randn(3)]));
    expect(e).toBeInstanceOf(UnsupportedAliasMutationException);
    expect(e.message).toBe("One of torch.cond branch might be modifying the input!");
    class MapMutates extends nn.Module {
      override forward(xs: Tensor, y: Tensor): Tensor {
        return torch.map((x: Tensor, b: Tensor) => x.add(b.mul_(2)), xs, y);
      }
    }
    expect(caught(() => exportModule(new MapMutates() as never, [randn(3, 2), randn(2)])).message).toBe("torch.map might be modifying the input!");
  });
});

describe("nested cond", () => {
  it("a cond inside a branch is a subgraph of that branch, and runs", () => {
    class Nested extends nn.Module {
      override forward(x: Tensor): Tensor {
        const inner = (a: Tensor) => torch.cond(a.amax().gt(1), (b: Tensor) => b.mul(10), (b: Tensor) => b.mul(100), [a]);
        return torch.cond(x.sum().gt(0), inner, (a: Tensor) => a.neg(), [x]);
      }
    }
    const ep = exportModule(new Nested() as never, [randn(3)]);
    const text = ep.toString();
    expect(text).toContain("class true_graph_0(torch.nn.Module):");
    expect(text).toContain("torch.ops.higher_order.cond(gt, true_graph_0, false_graph_0, (x,))");
    const m = ep.module() as unknown as (t: Tensor) => Tensor;
    const run = (v: number[]) => Array.from(m(tensor(v, { dtype: torch.float32 }))._values());
    expect(run([2, 0, 0])).toEqual([20, 0, 0]);
    expect(run([0.5, 0, 0])).toEqual([50, 0, 0]);
    expect(run([-1, 0, 0])).toEqual([1, -0, -0]);
  });
});

describe("cond over data-dependent values", () => {
  it("lifts an item() value a branch uses into its inputs", () => {
    class SliceBy extends nn.Module {
      override forward(x: Tensor, n: Tensor): Tensor {
        const k = n.item() as unknown as Size;
        torch._check(sizeGeSym(k, 1));
        torch._check(sizeLeSym(k, 4));
        return torch.cond(x.sum().gt(0), (a: Tensor) => a.at({ stop: k }).sum(0), (a: Tensor) => a.at({ stop: k }).mean(0), [x]);
      }
    }
    const ep = exportModule(new SliceBy() as never, [randn(4, 2), tensor(2)]);
    // item (closed over by both branches) before the operand x, as Dynamo names them (l_args_1_closure_* < l_args_3_*).
    expect(ep.toString()).toContain("torch.ops.higher_order.cond(gt, true_graph_0, false_graph_0, (item, x))");
    const m = ep.module() as unknown as (a: Tensor, b: Tensor) => Tensor;
    const x = tensor([[1, 2], [3, 4], [5, 6], [7, 8]], { dtype: torch.float32 });
    expect(Array.from(m(x, tensor(2))._values())).toEqual([4, 6]);
    expect(Array.from(m(x.neg(), tensor(3))._values())).toEqual([-3, -4]);
  });

  it("branches returning different ints give an unbacked SymInt in [min, max], asserted at run time", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        const idx = torch.cond(x.sum().gt(3), () => 0, () => 2, []);
        return x.select(0, idx as never);
      }
    }
    const ep = exportModule(new M(), [randn(3, 3)]);
    const text = ep.toString();
    expect(text).toContain('"Sym(u0)" = cond[0]');
    expect(text).toContain("Runtime assertion failed for expression u0 >= 0");
    expect(text).toContain("Runtime assertion failed for expression u0 <= 2");
    expect(text).toContain("torch.ops.aten.select.int(x, 0, getitem)");
    const big = torch.ones(3, 3).mul(tensor([[5], [1], [2]], { dtype: torch.float32 }));
    const small = torch.zeros(3, 3).add(tensor([[0], [0], [1]], { dtype: torch.float32 }));
    for (const x of [big, small]) expect(Array.from(ep.module()(x)._values())).toEqual(Array.from(new M()(x)._values()));
    // The getitem's value is a SymInt (Sym(u0)), so the program saves and loads.
    const back = load(save(ep) as Uint8Array);
    expect(String(back)).toContain('"Sym(u0)" = cond[0]');
    expect(String(back)).toContain("Runtime assertion failed for expression u0 <= 2");
    for (const x of [big, small]) expect(Array.from((back.module()(x) as Tensor)._values())).toEqual(Array.from(new M()(x)._values()));
    // An int against a tensor is still PyTorch's error.
    class Bad extends nn.Module {
      override forward(x: Tensor) {
        return torch.cond(x.sum().gt(3), () => 0 as unknown, () => x.sin() as unknown, []);
      }
    }
    expect(() => exportModule(new Bad(), [randn(3, 3)])).toThrow(TorchRuntimeError);
  });
});
