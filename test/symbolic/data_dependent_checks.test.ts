// torch._check semantics on data-dependent sizes (PyTorch 2.11): where a meta function cannot decide
// a fact about an unbacked size it defers a runtime assert (views, broadcasting, layer_norm, factory
// sizes) instead of raising; guards that PyTorch keeps plain (narrow's `start < 0`) still raise. The
// asserts become `_assert_scalar` nodes that ep.module() checks.
import { describe, expect, it } from "vitest";
import { torch as torchTyped, nn, Dim } from "../../src/index.js";
import { GuardOnDataDependentSymNode } from "../../src/export/errors.js";
import type { Tensor } from "../../src/tensor/tensor.js";

// Untyped: forward bodies call the PyTorch-shaped API the way the ported tests do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const torch: any = torchTyped;
const run = (m: unknown, ...a: unknown[]): Tensor => (m as (...x: unknown[]) => Tensor)(...a);
const caught = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an exception");
};
const count = (text: string, s: string) => text.split(s).length - 1;

describe("data-dependent sizes under torch._check semantics", () => {
  it("a view to an item() size defers Eq(u0, 6) instead of guarding, and the program checks it", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return torch.randn(24).view(x.item(), 4);
      }
    }
    const ep = torch.export.export(new M(), [torch.tensor(6)]);
    expect(run(ep.module(), torch.tensor(6)).shape).toEqual([6, 4]);
    expect(caught(() => run(ep.module(), torch.tensor(5))).message).toMatch(/Runtime assertion failed for expression u0 >= 6/);
  });

  it("a view of an unbacked-sized tensor keeps the size symbolic (size-oblivious strides)", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        const u = x.item();
        return torch.empty(5, u).view(u, 5);
      }
    }
    const ep = torch.export.export(new M(), [torch.tensor(9)]);
    expect(ep.toString()).toContain(`view: "f32[u0, 5]"`);
    expect(run(ep.module(), torch.tensor(3)).shape).toEqual([3, 5]);
  });

  it("broadcasting two unbacked sizes defers their equality", () => {
    class M extends nn.Module {
      override forward(a: Tensor, b: Tensor, x: Tensor) {
        return x.slice(0, null, a.item()).add(x.slice(0, null, b.item()));
      }
    }
    const ep = torch.export.export(new M(), [torch.tensor(3), torch.tensor(3), torch.randn(10)]);
    // slice to a data-dependent end has a size of its own (u1, u3): their equality is the assert.
    expect(ep.toString()).toMatch(/Runtime assertion failed for expression Eq\(u\d+, u\d+\)/);
    expect(run(ep.module(), torch.tensor(4), torch.tensor(4), torch.randn(10)).shape).toEqual([4]);
    expect(caught(() => run(ep.module(), torch.tensor(4), torch.tensor(5), torch.randn(10))).message).toMatch(/Eq\(u\d+, u\d+\)/);
  });

  it("a factory with an item() size asserts u0 >= 0 at run time (expect_size)", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return torch.ones(x.item(), 2);
      }
    }
    const ep = torch.export.export(new M(), [torch.tensor(2)]);
    expect(ep.toString()).toContain("Range constraints: {u0: VR[0, int_oo]}");
    expect(caught(() => run(ep.module(), torch.tensor(-1))).message).toContain("Runtime assertion failed for expression u0 >= 0");
  });

  it("layer_norm's normalized_shape from item() is checked against the weight at run time", () => {
    class M extends nn.Module {
      override forward(s: Tensor, w: Tensor) {
        const n = s.item();
        return torch.nn.functional.layer_norm(torch.ones(2, n), [n], { weight: w });
      }
    }
    const ep = torch.export.export(new M(), [torch.tensor(4), torch.randn(4)]);
    expect(run(ep.module(), torch.tensor(4), torch.randn(4)).shape).toEqual([2, 4]);
  });

  it("narrow with an item() start raises the data-dependent guard u0 < 0, as narrow_symint does", () => {
    class M extends nn.Module {
      override forward(x: Tensor, i: Tensor) {
        return x.narrow(0, i.item(), 1);
      }
    }
    const e = caught(() => torch.export.export(new M(), [torch.randn(5), torch.tensor(2)]));
    expect(e).toBeInstanceOf(GuardOnDataDependentSymNode);
    expect(e.message).toContain("Could not guard on data-dependent expression u0 < 0");
  });

  it("torch._check(a == b + c) decides b + c == a later (commutative axioms)", () => {
    class M extends nn.Module {
      override forward(a: Tensor, b: Tensor, c: Tensor, y: Tensor) {
        const [x1, x2, x3] = [a.item(), b.item(), c.item()] as any[];
        torch._check(x1.eq(x2.add(x3)));
        return x2.add(x3).eq(x1).guard() ? y.mul(2) : y.add(3);
      }
    }
    const ep = torch.export.export(new M(), [torch.tensor(6), torch.tensor(3), torch.tensor(3), torch.ones(1)]);
    expect(run(ep.module(), torch.tensor(6), torch.tensor(3), torch.tensor(3), torch.ones(1)).tolist()).toEqual([2]);
  });

  it("single-symbol bounds from torch._check are the symbol's range asserts, not extra ones", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const n = y.item() as any;
        torch._check(n.ge(3));
        torch._check(n.le(6));
        torch._check(n.ge(0));
        return x.slice(0, null, n);
      }
    }
    const ep = torch.export.export(new M(), [torch.randn(10), torch.tensor(5)]);
    const code = ep.graph_module.code;
    expect(count(code, "torch.ops.aten._assert_scalar.default")).toBe(2);
    expect(caught(() => run(ep.module(), torch.randn(10), torch.tensor(2))).message).toMatch(/u0 >= 3/);
  });

  it("a size of an intermediate tensor is computed from the input sizes; the tensor is not kept for it", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const w = torch.cat([x, x], 0).repeat(y.shape[0]);
        return w.shape[0].add(x.shape[0]);
      }
    }
    const ep = torch.export
      .export(new M(), [torch.randn(6), torch.randn(4)], { dynamic_shapes: { x: [Dim("dx")], y: [Dim("dy")] } })
      .run_decompositions({});
    const code = ep.graph_module.code;
    expect(code).not.toContain("repeat");
    expect(count(code, "torch.ops.aten.sym_size.int")).toBe(2);
    expect(run(ep.module(), torch.randn(3), torch.randn(5))).toBe(33);
  });
});
