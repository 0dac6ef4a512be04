// The README's size-arithmetic example: one forward that runs eagerly (sizes are numbers) and
// exports with a dynamic width (sizes are SymInts), with Python's `//` as operator.floordiv.
import { describe, expect, it } from "vitest";
import { torch, nn, operator, Dim, type Tensor } from "../../src/index.js";

// ---- README example (keep in step with README.md, "Size arithmetic")
class Halves extends nn.Module {
  override forward(x: Tensor): Tensor {
    const n = x.shape[1]!; // a number eagerly, a SymInt under export
    const half = operator.floordiv(n, 2); // Python's n // 2
    const left = x.narrow(1, 0, half);
    const right = x.narrow(1, operator.sub(n, half), half); // the last half
    return left.add(right);
  }
}
// ---- end of README example

describe("README size arithmetic example", () => {
  it("runs eagerly on numbers", () => {
    const x = torch.arange(14, { dtype: torch.float32 }).reshape(2, 7);
    const y = new Halves()(x);
    expect(y.shape).toEqual([2, 3]);
    // row 0: [0,1,2] + [4,5,6]
    expect(Array.from(y._values(), Number).slice(0, 3)).toEqual([4, 6, 8]);
  });

  it("exports with the width dynamic and the program runs on other widths", () => {
    const ep = torch.export.export(new Halves(), [torch.randn(2, 8)], { dynamic_shapes: { x: { 1: Dim.AUTO } } });
    const text = ep.toString();
    expect(text).toContain('x: "f32[2, s27]"');
    expect(text).toContain('floordiv: "Sym((s27//2))" = sym_size_int_1 // 2');
    expect(text).toContain('sub: "Sym(s27 - ((s27//2)))" = sym_size_int_1 - floordiv');
    expect(text).toContain('add: "f32[2, (s27//2)]"');
    expect(text).toContain("Range constraints: {s27: VR[2, int_oo]}");
    const x = torch.arange(18, { dtype: torch.float32 }).reshape(2, 9);
    const y = ep.module()(x) as Tensor;
    expect(y.shape).toEqual([2, 4]);
    expect(Array.from(y._values(), Number).slice(0, 4)).toEqual([5, 7, 9, 11]);
  });
});
