// The data-dependent ops under export (masked_select, where(condition), bincount, nonzero_static,
// kthvalue), linspace and the 1-d / 3-d upsampling: graphs, unbacked ranges, run_decompositions
// and ep.module() against eager. Values are PyTorch's (OpInfo fixtures cover the kernels).
import { describe, expect, it } from "vitest";
import { torch, nn, F, Dim } from "../../src/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const T = torch as any;
const values = (t: unknown) => Array.from((t as Tensor)._values() as ArrayLike<number>);
const close = (a: unknown, b: unknown) => {
  const [x, y] = [values(a), values(b)];
  expect(x.length).toBe(y.length);
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThan(1e-5));
};
function exported(forward: (...a: any[]) => unknown, args: unknown[], options: Record<string, unknown> = {}) {
  class M extends nn.Module {
    override forward(...a: any[]) {
      return forward(...a);
    }
  }
  const m = new M();
  return { m, ep: T.export.export(m, args, options) };
}

describe("data-dependent ops under export", () => {
  it("masked_select: an unbacked size bounded by the broadcast numel (PyTorch: self's, too small here)", () => {
    const x = T.randn(3, 1, 5);
    const mask = T.randn(4, 1).gt(0);
    class M extends nn.Module {
      override forward(a: Tensor, b: Tensor) {
        return T.masked_select(a, b);
      }
    }
    const m = new M();
    const ep = T.export.export(m, [x, mask], { dynamic_shapes: { a: { 0: Dim("d", { max: 10 }) }, b: null } });
    expect(ep.graph_module.code).toContain("torch.ops.aten.masked_select.default(");
    const uppers = ep.range_constraints.map((r: any) => Number(r.upper));
    expect(uppers).toContain(10 * 4 * 5); // the broadcast numel: the count can exceed PyTorch's self.numel() (50)
    close(ep.module()(x, mask), (m as any)(x, mask));
  });

  it("where(condition): a tuple of index tensors, decomposed to nonzero + unbind", () => {
    const x = T.tensor([[1, -2, 3], [-4, 5, 0]]);
    const { m, ep } = exported((a: Tensor) => T.ops.aten.where.default(a.gt(0)), [x]);
    expect(ep.graph_module.code).toContain("torch.ops.aten.where.default(gt)");
    expect(ep.range_constraints.map((r: any) => [Number(r.lower), Number(r.upper)])).toEqual([[0, 6]]);
    const dec = ep.run_decompositions();
    expect(dec.graph_module.code).toContain("torch.ops.aten.nonzero.default(");
    expect(dec.graph_module.code).toContain("torch.ops.aten.select.int(nonzero, 1, 1)"); // unbind, decomposed in turn
    const want = (m as any)(x) as Tensor[];
    [ep.module()(x), dec.module()(x)].forEach((got: Tensor[]) => got.forEach((t, i) => expect(values(t)).toEqual(values(want[i]))));
    expect(want.map(values)).toEqual([[0, 0, 1], [0, 2, 1]]);
  });

  it("bincount and nonzero_static run through ep.module()", () => {
    const x = T.tensor([1, 2, 2, 5]);
    const { ep } = exported((a: Tensor) => [a.bincount(), T.nonzero_static(a, { size: 6, fill_value: -7 })], [x]);
    const [counts, nz] = ep.module()(x);
    expect(values(counts)).toEqual([0, 1, 2, 0, 0, 1]);
    expect(nz.shape).toEqual([6, 1]);
    expect(values(nz)).toEqual([0, 1, 2, 3, -7, -7]);
  });

  it("kthvalue with a data-dependent k records the range check as a runtime assert", () => {
    const { ep } = exported((a: Tensor, k: Tensor) => a.kthvalue(k.item(), { dim: 0 }).values, [T.arange(10), T.tensor(3)]);
    expect(ep.graph_module.code).toContain("torch.ops.aten._assert_scalar.default");
    expect(values(ep.module()(T.arange(10), T.tensor(4)))).toEqual([3]);
    expect(() => ep.module()(T.arange(10), T.tensor(11))).toThrow(/Runtime assertion failed/);
  });
});

describe("linspace and 1-d / 3-d upsampling", () => {
  it("linspace: eager values and its decomposition (torch._refs.linspace) agree", () => {
    expect(values(T.linspace(0, 1, { steps: 5 }))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(values(T.linspace(-3, 7, 4, { dtype: T.int64 }))).toEqual([-3, 0, 3, 7]);
    const { m, ep } = exported((a: Tensor) => a.add(T.linspace(-2, 3, 7)), [T.zeros(7)]);
    const dec = ep.run_decompositions();
    expect(dec.graph_module.code).not.toContain("linspace");
    close(dec.module()(T.zeros(7)), (m as any)(T.zeros(7)));
  });

  it("F.interpolate picks the op by rank and mode, each decomposes as PyTorch's table says", () => {
    const cases: Array<[number[], Record<string, unknown>, string]> = [
      [[1, 2, 5], { scale_factor: 2, mode: "nearest" }, "upsample_nearest1d.vec"],
      [[1, 2, 5], { size: 7, mode: "linear" }, "upsample_linear1d.vec"],
      [[1, 1, 2, 3, 2], { scale_factor: 2, mode: "nearest" }, "upsample_nearest3d.vec"],
      [[1, 1, 2, 3, 2], { size: [3, 4, 5], mode: "trilinear", align_corners: true }, "upsample_trilinear3d.vec"],
    ];
    for (const [shape, opts, op] of cases) {
      const x = T.randn(...shape);
      const { m, ep } = exported((a: Tensor) => (F.interpolate as any)(a, opts), [x]);
      expect(ep.graph_module.code).toContain(`torch.ops.aten.${op}(`);
      const dec = ep.run_decompositions();
      expect(dec.graph_module.code).not.toContain(op);
      close(ep.module()(x), (m as any)(x));
      close(dec.module()(x), (m as any)(x));
    }
    expect(() => (F.interpolate as any)(T.randn(1, 2, 3, 4, 5), { scale_factor: 2, mode: "bilinear" })).toThrow("Got 5D input, but bilinear mode needs 4D input");
  });
});

describe("Tensor.to under export", () => {
  it("records the overload THPVariable_to dispatches to, with _assert_tensor_metadata before to.device/dtype/dtype_layout", () => {
    const targets = (f: (x: Tensor, y: Tensor) => unknown) => {
      const { ep } = exported(f, [T.ones(2), T.ones(2, { dtype: T.float64 })]);
      return ep.graph.nodes.filter((n: any) => n.op === "call_function").map((n: any) => String(n.target.qualifiedName ?? n.target));
    };
    const A = "torch.ops.aten._assert_tensor_metadata.default";
    expect(targets((x) => x.to("cpu"))).toEqual([A, "torch.ops.aten.to.dtype_layout"]);
    expect(targets((x) => x.to(T.float64))).toEqual([A, "torch.ops.aten.to.dtype"]);
    expect(targets((x) => x.to({ dtype: T.float64 }))).toEqual([A, "torch.ops.aten.to.dtype"]);
    expect(targets((x) => x.to("cpu", T.float64))).toEqual([A, "torch.ops.aten.to.device"]);
    expect(targets((x, y) => x.to(y))).toEqual(["torch.ops.aten.to.other"]);
    expect(targets((x) => x.to())).toEqual([]);
  });
});

describe("SymFloat operators", () => {
  it("float arithmetic on item() is recorded as operator nodes and computed at run time, also after run_decompositions", () => {
    const { m, ep } = exported((x: Tensor) => {
      const v = (x.max() as Tensor).item() as any; // a number eagerly, a SymFloat under export
      return typeof v === "number" ? x.add(-(v / 2)).mul(v + 1) : x.add(v.truediv(2).neg()).mul(v.add(1));
    }, [T.ones(4)]);
    const code = ep.graph_module.code as string;
    expect(code).toContain("truediv = item / 2");
    expect(code).toContain("neg = -truediv");
    const x = T.tensor([1.5, 2, 3, 5.5]);
    for (const mod of [ep.module(), ep.run_decompositions().module()]) close(mod(x), (m as any)(x));
  });
});
