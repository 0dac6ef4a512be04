// while_loop and scan (torch._higher_order_ops): traced subgraphs, printed programs, ep.module()
// execution, run_decompositions and .pt2 round trips. Expected texts marked "generated from 2.6"
// come from PyTorch 2.6 (the oracle in tools): the while_loop / scan subgraph parts match what
// 2.11's code path produces (make_fx names `arg{i}_1`; export's placeholder naming pass leaves
// these subgraphs alone).
import { describe, expect, it } from "vitest";
import { torch as torchTyped, nn, fx, operator } from "../../src/index.js";
import { allclose } from "../pytorch/harness.js";
import { ASSOCIATIVE_SCAN } from "../../src/export/associative_scan.js";
import { ValueError } from "../../src/export/errors.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
const torch: any = torchTyped;
type Tensor = any;
const { while_loop, scan, associative_scan } = torch._higher_order_ops;

class Simple extends nn.Module {
  override forward(ci: Tensor, a: Tensor, b: Tensor) {
    const cond_fn = (i: Tensor, _x: Tensor, _y: Tensor) => i.gt(0);
    const body_fn = (i: Tensor, x: Tensor, y: Tensor) => [i.sub(1), x.add(y), y.sub(x)];
    return while_loop(cond_fn, body_fn, [ci, a, b]);
  }
}

describe("while_loop", () => {
  it("prints as PyTorch (generated from 2.6)", () => {
    const ep = torch.export.export(new Simple(), [torch.tensor(1), torch.randn(10, 20), torch.randn(10, 20)]);
    expect(ep.graph_module.code.trim()).toBe(`def forward(self, ci, a, b):
    while_loop_cond_graph_0 = self.while_loop_cond_graph_0
    while_loop_body_graph_0 = self.while_loop_body_graph_0
    while_loop = torch.ops.higher_order.while_loop(while_loop_cond_graph_0, while_loop_body_graph_0, (ci, a, b), ());  while_loop_cond_graph_0 = while_loop_body_graph_0 = ci = a = b = None
    getitem = while_loop[0]
    getitem_1 = while_loop[1]
    getitem_2 = while_loop[2];  while_loop = None
    return (getitem, getitem_1, getitem_2)`);
    expect(ep.graph_module.get_submodule("while_loop_cond_graph_0").code.trim()).toBe(`def forward(self, arg0_1, arg1_1, arg2_1):
    gt = torch.ops.aten.gt.Scalar(arg0_1, 0);  arg0_1 = None
    return gt`);
    expect(ep.graph_module.get_submodule("while_loop_body_graph_0").code.trim()).toBe(`def forward(self, arg0_1, arg1_1, arg2_1):
    sub = torch.ops.aten.sub.Tensor(arg0_1, 1);  arg0_1 = None
    add = torch.ops.aten.add.Tensor(arg1_1, arg2_1)
    sub_1 = torch.ops.aten.sub.Tensor(arg2_1, arg1_1);  arg2_1 = arg1_1 = None
    return (sub, add, sub_1)`);
    const inputs = [torch.tensor(3), torch.randn(10, 20), torch.randn(10, 20)];
    const got = ep.module()(...inputs);
    const want = (new Simple() as any)(...inputs);
    for (let i = 0; i < 3; i++) expect(Array.from(got[i]._values())).toEqual(Array.from(want[i]._values()));
  });

  it("lifts closed-over tensors as additional inputs (generated from 2.6)", () => {
    class Closure extends nn.Module {
      lin = new nn.Linear(3, 3);
      constructor() {
        super();
        this.register_buffer("buf", torch.ones(3));
      }
      override forward(c: Tensor, x: Tensor, y: Tensor) {
        const cond_fn = (i: Tensor, _x: Tensor) => i.add(y.sum()).lt(5);
        const body_fn = (i: Tensor, x: Tensor) => [i.add(1), this.lin(x).add((this as any).buf)];
        return while_loop(cond_fn, body_fn, [c, x]);
      }
    }
    const m = new Closure();
    const ep = torch.export.export(m, [torch.tensor(0.0, { dtype: torch.float32 }), torch.randn(2, 3), torch.randn(2)]);
    expect(ep.graph_module.code.trim()).toBe(`def forward(self, p_lin_weight, p_lin_bias, b_buf, c, x, y):
    while_loop_cond_graph_0 = self.while_loop_cond_graph_0
    while_loop_body_graph_0 = self.while_loop_body_graph_0
    while_loop = torch.ops.higher_order.while_loop(while_loop_cond_graph_0, while_loop_body_graph_0, (c, x), (y, b_buf, p_lin_bias, p_lin_weight));  while_loop_cond_graph_0 = while_loop_body_graph_0 = c = x = y = b_buf = p_lin_bias = p_lin_weight = None
    getitem = while_loop[0]
    getitem_1 = while_loop[1];  while_loop = None
    return (getitem, getitem_1)`);
    expect(ep.graph_module.get_submodule("while_loop_cond_graph_0").code.trim()).toBe(`def forward(self, arg0_1, arg1_1, arg2_1, arg3_1, arg4_1, arg5_1):
    sum_1 = torch.ops.aten.sum.default(arg2_1);  arg2_1 = None
    add = torch.ops.aten.add.Tensor(arg0_1, sum_1);  arg0_1 = sum_1 = None
    lt = torch.ops.aten.lt.Scalar(add, 5);  add = None
    return lt`);
    expect(ep.graph_module.get_submodule("while_loop_body_graph_0").code.trim()).toBe(`def forward(self, arg0_1, arg1_1, arg2_1, arg3_1, arg4_1, arg5_1):
    add = torch.ops.aten.add.Tensor(arg0_1, 1);  arg0_1 = None
    linear = torch.ops.aten.linear.default(arg1_1, arg5_1, arg4_1);  arg1_1 = arg5_1 = arg4_1 = None
    add_1 = torch.ops.aten.add.Tensor(linear, arg3_1);  linear = arg3_1 = None
    return (add, add_1)`);
    const inputs = [torch.tensor(0.0, { dtype: torch.float32 }), torch.randn(2, 3), torch.tensor([1.0, 0.5])];
    const got = ep.module()(...inputs);
    const want = (m as any)(...inputs);
    expect(Array.from(got[0]._values())).toEqual(Array.from(want[0]._values()));
    expect(allclose(got[1], want[1])).toBe(true);
    // run_decompositions keeps the loop (its subgraphs are decomposed on their own)
    const d = ep.run_decompositions();
    expect(d.graph_module.code).toContain("torch.ops.higher_order.while_loop(while_loop_cond_graph_0, while_loop_body_graph_0, (c, x), (y, b_buf, p_lin_bias, p_lin_weight))");
    expect(allclose(d.module()(...inputs)[1], want[1])).toBe(true);
  });

  it("round-trips through .pt2", () => {
    const ep = torch.export.export(new Simple(), [torch.tensor(1), torch.randn(10, 20), torch.randn(10, 20)]);
    const bytes = torch.export.save(ep);
    const loaded = torch.export.load(bytes);
    expect(loaded.graph_module.code).toContain("torch.ops.higher_order.while_loop(while_loop_cond_graph_0, while_loop_body_graph_0, [ci, a, b], [])");
    expect(loaded.graph_module.get_submodule("while_loop_body_graph_0").code).toBe(ep.graph_module.get_submodule("while_loop_body_graph_0").code);
    const inputs = [torch.tensor(2), torch.randn(10, 20), torch.randn(10, 20)];
    const got = loaded.module()(...inputs);
    const want = (new Simple() as any)(...inputs);
    expect(allclose(got[2], want[2])).toBe(true);
  });
});

describe("scan", () => {
  class Cumsum extends nn.Module {
    w = new nn.Parameter(torch.ones(3));
    constructor(readonly reverse = false) {
      super();
    }
    override forward(init: Tensor, xs: Tensor) {
      const combine = (carry: Tensor, x: Tensor) => {
        const next = carry.add(x.mul(this.w));
        return [next, next.clone()];
      };
      return scan(combine, init, xs, { reverse: this.reverse });
    }
  }

  it("matches eager, forward and reversed, through ep.module(), run_decompositions and .pt2", () => {
    for (const reverse of [false, true]) {
      const m = new Cumsum(reverse);
      const init = torch.zeros(3);
      const xs = torch.arange(12, { dtype: torch.float32 }).reshape(4, 3);
      const ep = torch.export.export(m, [init, xs]);
      const code = ep.graph_module.code;
      // The combine graph takes the carry, the slice, then the lifted parameter.
      expect(code).toContain("torch.ops.higher_order.scan(scan_combine_graph_0, [init], [" + (reverse ? "flip" : "xs") + "], (p_w,))");
      expect(ep.graph_module.get_submodule("scan_combine_graph_0").code).toContain("def forward(self, arg0_1, arg1_1, arg2_1):");
      const want = m(init, xs);
      expect(Array.from(want[1]._values())).toEqual(
        reverse ? [18, 22, 26, 18, 21, 24, 15, 17, 19, 9, 10, 11] : [0, 1, 2, 3, 5, 7, 9, 12, 15, 18, 22, 26],
      );
      for (const prog of [ep, ep.run_decompositions(), torch.export.load(torch.export.save(ep))]) {
        const got = prog.module()(init, xs);
        expect(allclose(got[0], want[0])).toBe(true);
        expect(allclose(got[1], want[1])).toBe(true);
      }
    }
  });

  it("keeps init's and the outputs' pytree structure", () => {
    const f = (c: any, x: any) => [{ a: c.a.add(x[0]) }, [x[0].mul(2), x[1].neg()]];
    const init = { a: torch.zeros(2) };
    const xs = [torch.ones(3, 2), torch.ones(3, 2)];
    const [carry, ys] = scan(f, init, xs);
    expect(Array.from(carry.a._values())).toEqual([3, 3]);
    expect(ys.length).toBe(2);
    expect(ys[0].shape).toEqual([3, 2]);
  });
});

describe("associative_scan", () => {
  const add = (a: Tensor, b: Tensor) => a.add(b);
  it("computes inclusive scans (generic mode) along any dim, reversed, over pytrees", () => {
    for (const n of [1, 2, 5, 8]) {
      const x = torch.arange(n, { dtype: torch.float32 }).add(1);
      expect(Array.from(associative_scan(add, x, 0, false, "generic")._values())).toEqual(Array.from(x.cumsum(0)._values()));
      expect(Array.from(associative_scan(add, x, 0, true, "generic")._values())).toEqual(Array.from(x.flip([0]).cumsum(0).flip([0])._values()));
    }
    const m = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
    expect(Array.from(associative_scan(add, m, 1, false, "generic")._values())).toEqual(Array.from(m.cumsum(1)._values()));
    const pair = associative_scan((a: Tensor[], b: Tensor[]) => [a[0].mul(b[0]), a[1].add(b[1])], [m.add(1), m], -1, false, "generic");
    expect(Array.from(pair[0]._values())).toEqual(Array.from(m.add(1).cumprod(1)._values()));
    expect(Array.from(pair[1]._values())).toEqual(Array.from(m.cumsum(1)._values()));
  });

  it("refuses pointwise mode on CPU tensors and bad arguments, as PyTorch does", () => {
    expect(() => associative_scan(add, torch.ones(3), 0)).toThrow(ValueError);
    expect(() => associative_scan(add, torch.ones(3), 0, false, "pointwise")).toThrow("For combine_mode='pointwise', all input tensors need to be on CUDA");
    expect(() => associative_scan(add, torch.ones(3), 0, false, "other")).toThrow("Combine_mode must either 'pointwise' or 'generic', but got other");
    expect(() => associative_scan(add, torch.ones(3), 1, false, "generic")).toThrow("All xs leaves must at least have 'dim' number of dimensions");
  });

  it("exports the generic algorithm's ops and runs them", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return associative_scan(add, x, 0, false, "generic");
      }
    }
    const x = torch.randn(5, 3);
    const ep = torch.export.export(new M(), [x]);
    expect(ep.graph_module.code).not.toContain("higher_order");
    expect(allclose(ep.module()(x), x.cumsum(0))).toBe(true);
  });

  it("torch.ops.higher_order.associative_scan runs a combine graph (programs exported on CUDA)", () => {
    class Combine extends nn.Module {
      override forward(a: Tensor, b: Tensor) {
        return [a.add(b)];
      }
    }
    const combine = torch.export.export(new Combine(), [torch.ones(3), torch.ones(3)]).graph_module;
    const xs = torch.arange(12, { dtype: torch.float32 }).reshape(4, 3);
    const [out] = (ASSOCIATIVE_SCAN as unknown as (...a: unknown[]) => Tensor[])(combine, [xs], []);
    expect(Array.from(out._values())).toEqual(Array.from(xs.cumsum(0)._values()));
  });
});

describe("nested loops", () => {
  it("a scan inside a while_loop body, with a dynamic size, runs in ep.module(), fx.Interpreter and after a .pt2 round trip", () => {
    class M extends nn.Module {
      override forward(c: Tensor, x: Tensor) {
        const body = (i: Tensor, y: Tensor) => {
          const [, ys] = scan((a: Tensor, b: Tensor) => [a.add(b), a.mul(2)], y.sum(0), y);
          return [i.add(1), ys.add(y)];
        };
        return while_loop((i: Tensor, _y: Tensor) => i.lt(3), body, [c, x]);
      }
    }
    const ep = torch.export.export(new M(), [torch.tensor(0), torch.randn(4, 3)], { dynamic_shapes: [null, { 0: torch.export.Dim("n") }] });
    const body = ep.graph_module.get_submodule("while_loop_body_graph_0");
    expect(body.code).toContain("scan = torch.ops.higher_order.scan(scan_combine_graph_0, [sum_1], [arg1_1], ())");
    expect(body.get_submodule("scan_combine_graph_0").code).toContain("return [add, mul]");
    const x = torch.randn(5, 3);
    const want = new M()(torch.tensor(0), x);
    const runs = [
      ep.module()(torch.tensor(0), x),
      torch.export.load(torch.export.save(ep)).module()(torch.tensor(0), x),
      new (fx as any).Interpreter(ep.graph_module).run(torch.tensor(0), x).items,
    ];
    for (const got of runs) {
      expect(got[0].item()).toBe(3);
      expect(allclose(got[1], want[1])).toBe(true);
    }
  });
});

describe("while_loop int carries", () => {
  it("are traced as unbacked SymInts (placeholders and loop outputs), and run as ints", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        const cond_fn = (i: any, y: Tensor) => operator.lt(operator.mul(2, i), y.shape[0]);
        const body_fn = (i: any, y: Tensor) => [operator.add(i, 1), y.add(i)];
        return while_loop(cond_fn, body_fn, [0, x]);
      }
    }
    const x = torch.randn(6, 3);
    const want = (new M() as any)(x);
    expect(want[0]).toBe(3);
    const ep = torch.export.export(new M(), [x]);
    const code = ep.graph_module.code;
    expect(code).toContain("torch.ops.higher_order.while_loop(while_loop_cond_graph_0, while_loop_body_graph_0, (0, x), ())");
    const printed = String(ep);
    expect(printed).toMatch(/getitem: "Sym\(u\d+\)" = while_loop\[0\]/);
    expect(printed).toMatch(/def forward\(self, arg0_1: "Sym\(u\d+\)", arg1_1: "f32\[6, 3\]"\)/);
    const got = ep.module()(x);
    expect(got[0]).toBe(3);
    expect(allclose(got[1], want[1])).toBe(true);
  });
});

