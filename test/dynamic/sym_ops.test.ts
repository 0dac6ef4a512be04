// torch.sym_* and the `operator` functions: Python's semantics on numbers, symbolic on SymInts.
import { describe, expect, it } from "vitest";
import { torch, nn, operator, Dim, SymInt, SymBool, SymFloat, ZeroDivisionError, type Tensor } from "../../src/index.js";

describe("operator on numbers (Python semantics)", () => {
  it("floor division and modulo round toward -inf", () => {
    const cases: [number, number, number, number][] = [
      // a, b, a // b, a % b  (Python 3)
      [7, 2, 3, 1], [-7, 2, -4, 1], [7, -2, -4, -1], [-7, -2, 3, -1], [6, 3, 2, 0], [-6, 3, -2, 0], [0, 5, 0, 0],
      [-7.5, 2, -4, 0.5], [7.5, -2, -4, -0.5],
    ];
    for (const [a, b, q, r] of cases) {
      expect(operator.floordiv(a, b), `${a} // ${b}`).toBe(q);
      expect(operator.mod(a, b), `${a} % ${b}`).toBe(r);
    }
    expect(() => operator.floordiv(1, 0)).toThrow(ZeroDivisionError);
    expect(() => operator.mod(1, 0)).toThrow(ZeroDivisionError);
    expect(() => operator.truediv(1, 0)).toThrow(ZeroDivisionError);
  });

  it("the other operators", () => {
    expect([operator.add(2, 3), operator.sub(2, 3), operator.mul(2, 3), operator.truediv(7, 2), operator.neg(4)]).toEqual([5, -1, 6, 3.5, -4]);
    expect([operator.pow(3, 3), operator.pow(2, -1), operator.pow(2.5, 2)]).toEqual([27, 0.5, 6.25]);
    expect(() => operator.pow(0, -1)).toThrow(ZeroDivisionError);
    expect([operator.eq(2, 2), operator.ne(2, 2), operator.lt(1, 2), operator.le(2, 2), operator.gt(1, 2), operator.ge(1, 2)]).toEqual([true, false, true, true, false, false]);
    expect([torch.sym_max(3, 5), torch.sym_min(3, 5), torch.sym_int(-2.7), torch.sym_int(2.7), torch.sym_float(3)]).toEqual([5, 3, -2, 2, 3]);
    expect([torch.sym_not(true), torch.sym_ite(false, 1, 2), torch.sym_sum([1, 2, 3]), torch.sym_sum([])]).toEqual([false, 2, 6, 0]);
    expect(() => operator.add("a" as never, 1)).toThrow("unsupported operand type(s) for +: 'string' and 'int'");
  });
});

// Each operator on a dynamic size, traced: the value stays symbolic and the graph records it.
// The values go to an object outside the module: export restores the module's attributes afterwards
// (PyTorch's _detect_attribute_assignment puts back a copy of every container it snapshotted).
const seen: Record<string, unknown> = {};
class Ops extends nn.Module {
  override forward(x: Tensor): Tensor {
    const n = x.shape[0]!;
    const r = seen;
    r.floordiv = operator.floordiv(n, 3);
    r.mod = operator.mod(n, 3);
    r.mul = operator.mul(n, 2);
    r.add = operator.add(n, 1);
    r.sub = operator.sub(10, n);
    r.neg = operator.neg(n);
    r.pow = operator.pow(n, 2);
    r.truediv = operator.truediv(n, 2);
    r.max = torch.sym_max(n, 4);
    r.min = torch.sym_min(n, 4);
    r.sum = torch.sym_sum([n, n, 1]);
    r.gt = operator.gt(n, 2);
    r.not = torch.sym_not(operator.gt(n, 2) as SymBool);
    r.float = torch.sym_float(n);
    return x.new_zeros([operator.add(operator.floordiv(n, 3), operator.mod(n, 3))]);
  }
}

describe("operator and torch.sym_* on SymInts", () => {
  it("stay symbolic with sympy's expressions, no guard", () => {
    const m = new Ops();
    const ep = torch.export.export(m, [torch.randn(8)], { dynamic_shapes: { x: { 0: Dim.AUTO } } });
    const strs = Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v instanceof SymInt || v instanceof SymBool || v instanceof SymFloat ? String(v) : `not symbolic: ${String(v)}`]));
    expect(strs).toEqual({
      floordiv: "(s77//3)", mod: "Mod(s77, 3)", mul: "2*s77", add: "s77 + 1", sub: "10 - s77", neg: "-s77", pow: "s77**2",
      truediv: "IntTrueDiv(s77, 2)", max: "Max(4, s77)", min: "Min(4, s77)", sum: "2*s77 + 1", gt: "s77 > 2", not: "s77 <= 2",
      float: "ToFloat(s77)",
    });
    const text = ep.toString();
    expect(text).toContain("floordiv: \"Sym((s77//3))\" = sym_size_int_1 // 3");
    expect(text).toContain("mod: \"Sym(Mod(s77, 3))\" = sym_size_int_1 % 3");
    expect(text).toContain('new_zeros: "f32[((s77//3)) + (Mod(s77, 3))]"');
    expect(text).toContain("Range constraints: {s77: VR[2, int_oo]}");
    expect(ep.range_constraints).toBeDefined();
    // the program follows the size: 10 -> 3 + 1
    expect((ep.module()(torch.randn(10)) as Tensor).shape).toEqual([4]);
  });
});
