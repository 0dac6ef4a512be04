// export(..., prefer_deferred_runtime_asserts_over_guards=True): guards on input sizes become
// runtime asserts in the graph (PyTorch 2.11's test_export_mod_constraints), checked by
// ep.module(); without the option the same guards fail export.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { Dim } from "../../src/export/dim.js";
import { nn, torch } from "../../src/torch.js";
import { randn } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import type { SymInt } from "../../src/symbolic/index.js";
import { TorchRuntimeError } from "../../src/ops/errors.js";
import { UserError } from "../../src/export/errors.js";
import { GuardFailedError } from "../../src/program/guards_errors.js";
import { save, load } from "../../src/program/save_load.js";
import { MLP } from "../models/mlp.js";
import { caught } from "./caught.js";


// test_export_mod_constraints: `x.view(x.shape[0] - 1, -1)`.
class ViewMinusOne extends nn.Module {
  override forward(x: Tensor): Tensor {
    const n = x.shape[0]!;
    return x.view(typeof n === "number" ? n - 1 : n.sub(1), -1);
  }
}

const dynamicShapes = () => ({ x: { 0: Dim("dim0_x", { min: 3 }), 1: Dim("dim1_x", { max: 8000 }) } });
const exportView = (prefer: boolean) =>
  exportModule(new ViewMinusOne() as never, [randn(5, 8)], { dynamic_shapes: dynamicShapes(), prefer_deferred_runtime_asserts_over_guards: prefer });

type Mod1 = (x: Tensor) => Tensor;

// Derived from PyTorch 2.11's rules, not copied from a PyTorch run (no reference case has the option):
// - which asserts exist: one per guard the traced metas record, in order: infer_size's
//   `numel % newsize == 0` (PyTorch's own failure text below is exactly this one), the
//   reshape helper's `numel == prod(shape)` check and `accum % length != 0` loop test, and the
//   contiguity test of the view's output (c10's _compute_contiguous_sym: its `numel <= 1` shortcut,
//   then guard_or_false(size == 1), both guards on backed sizes);
// - where and how (insert_deferred_runtime_asserts): sym_size nodes binding x's sizes right after
//   the placeholders, then, after the first traced node (the sym_size of `x.shape[0]`, CSE'd away),
//   each assert as sympy_interp(PythonReferenceAnalysis) nodes in sympy's argument order
//   (`-1 + sym_size_int_1` for `s77 - 1`), hash-consed, followed by `_assert_scalar`; the traced
//   `sub` (s77 - 1) is then CSE'd into the pass's `add`;
// - the assert nodes take the stack trace of the first traced node: the model's line.
const PRINTED = `ExportedProgram:
    class GraphModule(torch.nn.Module):
        def forward(self, x: "f32[s77, s27]"):
            # No stacktrace found for following nodes
            sym_size_int_1: "Sym(s77)" = torch.ops.aten.sym_size.int(x, 0)
            sym_size_int_2: "Sym(s27)" = torch.ops.aten.sym_size.int(x, 1)
    
            # File: export/prefer_deferred.test.ts:LINE in forward, code: ...
            mul: "Sym(s27*s77)" = sym_size_int_2 * sym_size_int_1;  sym_size_int_2 = None
            add: "Sym(s77 - 1)" = -1 + sym_size_int_1
            mod: "Sym(Mod(s27*s77, s77 - 1))" = mul % add
            eq: "Sym(Eq(Mod(s27*s77, s77 - 1), 0))" = mod == 0;  mod = None
            _assert_scalar_default = torch.ops.aten._assert_scalar.default(eq, "Runtime assertion failed for expression Eq(Mod(s27*s77, s77 - 1), 0) on node 'eq'");  eq = _assert_scalar_default = None
            floordiv: "Sym(((s27*s77)//(s77 - 1)))" = mul // add
            add_1: "Sym(s27*s77 + (((s27*s77)//(s77 - 1))))" = mul + floordiv;  mul = None
            mul_1: "Sym(s77*(((s27*s77)//(s77 - 1))))" = sym_size_int_1 * floordiv
            eq_1: "Sym(Eq(s27*s77 + (((s27*s77)//(s77 - 1))), s77*(((s27*s77)//(s77 - 1)))))" = add_1 == mul_1;  add_1 = None
            _assert_scalar_default_1 = torch.ops.aten._assert_scalar.default(eq_1, "Runtime assertion failed for expression Eq(s27*s77 + (((s27*s77)//(s77 - 1))), s77*(((s27*s77)//(s77 - 1)))) on node 'eq_1'");  eq_1 = _assert_scalar_default_1 = None
            mod_1: "Sym(Mod(s77, s77 - 1))" = sym_size_int_1 % add;  sym_size_int_1 = None
            ne: "Sym(Ne(Mod(s77, s77 - 1), 0))" = mod_1 != 0;  mod_1 = None
            _assert_scalar_default_2 = torch.ops.aten._assert_scalar.default(ne, "Runtime assertion failed for expression Ne(Mod(s77, s77 - 1), 0) on node 'ne'");  ne = _assert_scalar_default_2 = None
            add_2: "Sym((((s27*s77)//(s77 - 1))) + 2)" = 2 + floordiv
            le: "Sym((((s27*s77)//(s77 - 1))) + 2 <= s77*(((s27*s77)//(s77 - 1))))" = add_2 <= mul_1;  add_2 = mul_1 = None
            _assert_scalar_default_3 = torch.ops.aten._assert_scalar.default(le, "Runtime assertion failed for expression (((s27*s77)//(s77 - 1))) + 2 <= s77*(((s27*s77)//(s77 - 1))) on node 'le'");  le = _assert_scalar_default_3 = None
            ne_1: "Sym(Ne(((s27*s77)//(s77 - 1)), 1))" = floordiv != 1;  floordiv = None
            _assert_scalar_default_4 = torch.ops.aten._assert_scalar.default(ne_1, "Runtime assertion failed for expression Ne(((s27*s77)//(s77 - 1)), 1) on node 'ne_1'");  ne_1 = _assert_scalar_default_4 = None
            view: "f32[s77 - 1, ((s27*s77)//(s77 - 1))]" = torch.ops.aten.view.default(x, [add, -1]);  x = add = None
            return (view,)
    
Graph signature: 
    # inputs
    x: USER_INPUT
    
    # outputs
    view: USER_OUTPUT
    
Range constraints: {s77: VR[3, int_oo], s27: VR[0, 8000]}
`;

describe("prefer_deferred_runtime_asserts_over_guards=True", () => {
  it("turns the view's guards into runtime asserts right after the placeholders", () => {
    const ep = exportView(true);
    expect(ep.toString().replace(/prefer_deferred\.test\.ts:\d+/, "prefer_deferred.test.ts:LINE")).toBe(PRINTED);
  });

  it("ep.module() raises PyTorch's RuntimeError when an assert fails", () => {
    const m = exportView(true).module() as unknown as Mod1;
    const e = caught(() => m(randn(4, 5)));
    expect(e).toBeInstanceOf(TorchRuntimeError);
    expect(e.message).toBe("Runtime assertion failed for expression Eq(Mod(s27*s77, s77 - 1), 0) on node 'eq'");
  });

  it("ep.module() matches eager when the asserts hold, and still checks the input ranges with _guards_fn", () => {
    const m = exportView(true).module() as unknown as Mod1 & { _guards_fn?: { code: string } };
    const x = randn(4, 3);
    const y = m(x);
    expect(y.shape).toEqual([3, 4]);
    expect(y.tolist()).toEqual(new ViewMinusOne().forward(x).tolist());
    // 2.11's _unlift builds the guard function whatever the option (the ep's own guards are
    // empty here: they all became asserts), from the range constraints.
    expect(m._guards_fn!.code).toBe(
      "\ndef _(*args):\n" +
        '  torch._assert(args[0].size()[0] >= 3, "Guard failed: x.size()[0] >= 3")\n' +
        '  torch._assert(args[0].size()[1] <= 8000, "Guard failed: x.size()[1] <= 8000")\n' +
        "  return\n",
    );
    const e = caught(() => m(randn(2, 4)));
    expect(e).toBeInstanceOf(GuardFailedError);
    expect(e.message).toBe("Guard failed: x.size()[0] >= 3");
  });

  it("survives save/load: same printed program, same runtime failure", () => {
    const ep = exportView(true);
    const back = load(save(ep));
    expect(back.toString()).toBe(ep.toString());
    expect(back.range_constraints).toEqual(ep.range_constraints);
    const m = back.module() as unknown as Mod1;
    expect(caught(() => m(randn(4, 5))).message).toBe("Runtime assertion failed for expression Eq(Mod(s27*s77, s77 - 1), 0) on node 'eq'");
    expect(m(randn(4, 3)).shape).toEqual([3, 4]);
  });

  it("torch._check on input sizes becomes an assert too; the traced nodes are CSE'd into the pass's", () => {
    class Even extends nn.Module {
      override forward(x: Tensor): Tensor {
        torch._check(((x.shape[0] as SymInt).mod(2) as SymInt).eq(0));
        return x.mul(2);
      }
    }
    const ep = exportModule(new Even() as never, [randn(8, 4)], {
      dynamic_shapes: { x: { 0: Dim("d") } },
      prefer_deferred_runtime_asserts_over_guards: true,
    });
    const text = ep.toString();
    // The traced `mod`/`eq` took the names first, so the pass's nodes are `mod_1`/`eq_1`.
    expect(text).toContain(`mod_1: "Sym(Mod(s77, 2))" = sym_size_int_1 % 2;  sym_size_int_1 = None`);
    expect(text).toContain(`_assert_scalar_default = torch.ops.aten._assert_scalar.default(eq_1, "Runtime assertion failed for expression Eq(Mod(s77, 2), 0) on node 'eq_1'")`);
    expect(text).not.toMatch(/\bmod: /);
    const m = ep.module() as unknown as Mod1;
    expect(m(randn(6, 4)).shape).toEqual([6, 4]);
    expect(caught(() => m(randn(5, 4))).message).toBe("Runtime assertion failed for expression Eq(Mod(s77, 2), 0) on node 'eq_1'");
  });

  it("an MLP with Dim('batch', max=1024): ep.module() fails the range check in _guards_fn (AssertionError)", () => {
    // torch/export/_unlift.py (2.11): with check_guards=True (the default) ep.module() always gets a
    // _guards_fn from the range constraints, and the pre-hook then only checks the input tree
    // spec; the legacy `Expected input at *args[0].shape[0] to be <= 1024, but got 2000` is only
    // raised with check_guards=False. The option changes neither.
    const mlp = new MLP();
    const ep = exportModule(mlp as never, [randn(8, 16)], {
      dynamic_shapes: { x: { 0: Dim("batch", { max: 1024 }) } },
      prefer_deferred_runtime_asserts_over_guards: true,
    });
    expect(ep.toString()).not.toContain("_assert_scalar");
    expect(ep.toString()).toContain("Range constraints: {s77: VR[0, 1024]}");
    const m = ep.module() as unknown as Mod1;
    const e = caught(() => m(randn(2000, 16)));
    expect(e).toBeInstanceOf(GuardFailedError);
    expect(e.message).toBe("Guard failed: x.size()[0] <= 1024");
    const x = randn(3, 16);
    expect(m(x).tolist()).toEqual(mlp.forward(x).tolist());
  });
});

describe("without the option", () => {
  it("the same model fails export on the reshape's guard, as before", () => {
    const e = caught(() => exportView(false));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(
      `Constraints violated (dim0_x)! For more information, run with TORCH_LOGS="+dynamic".\n` +
        "  - Not all values of dim0_x = L['x'].size()[0] in the specified range 3 <= dim0_x satisfy the generated guard (L['x'].size()[0] % ((-1) + L['x'].size()[0])) != 0.\n" +
        "\nThe error above occurred when calling torch.export.export. If you would like to view some more information about this error, and get a list of all other errors that may occur in your export call, you can replace your `export()` call with `draft_export()`.",
    );
  });

  it("an MLP's program has no asserts and the same guard function", () => {
    const ep = exportModule(new MLP() as never, [randn(8, 16)], { dynamic_shapes: { x: { 0: Dim("batch", { max: 1024 }) } } });
    expect(ep.toString()).not.toContain("_assert_scalar");
    const e = caught(() => (ep.module() as unknown as Mod1)(randn(2000, 16)));
    expect(e).toBeInstanceOf(GuardFailedError);
    expect(e.message).toBe("Guard failed: x.size()[0] <= 1024");
  });
});
