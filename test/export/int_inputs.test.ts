// Int inputs marked Dim.AUTO / Dim.DYNAMIC (PyTorch's _IntWrapper): traced as SymInt placeholders,
// with the hint's range, surviving save/load and run_decompositions; named Dims are refused.
import { describe, expect, it } from "vitest";
import { torch, nn, Dim } from "../../src/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { ValueError } from "../../src/export/errors.js";

class Scale extends nn.Module {
  override forward(x: number, y: Tensor): Tensor {
    return y.mul(x).add(y.shape[0]!);
  }
}

describe("int inputs with a Dim hint", () => {
  const exportScale = () =>
    torch.export.export(new Scale(), [3, torch.randn(4, 4)], { dynamic_shapes: [Dim.DYNAMIC({ min: 2, max: 10 }), { 0: Dim.AUTO }] });

  it("become a SymInt placeholder with the hint's range", () => {
    const ep = exportScale();
    const text = String(ep);
    expect(text).toContain('def forward(self, x: "Sym(s52)", y: "f32[s17, 4]"):');
    expect(text).toContain("Range constraints: {s17: VR[2, int_oo], s52: VR[2, 10]}");
    expect(ep.graph_signature.input_specs[0]!.arg.kind).toBe("SymIntArgument");
    const out = ep.module()(5, torch.ones(6, 4)) as Tensor;
    expect((out.tolist() as number[][])[0]).toEqual([11, 11, 11, 11]);
    expect(() => ep.module()(11, torch.ones(6, 4))).toThrow("Guard failed: x <= 10");
  });

  it("survive save/load and run_decompositions", () => {
    const ep = exportScale();
    const back = torch.export.load(torch.export.save(ep) as Uint8Array) as typeof ep;
    expect(String(back)).toBe(String(ep));
    expect(((back.module()(5, torch.ones(6, 4)) as Tensor).tolist() as number[][])[0]![0]).toBe(11);
    expect(() => back.module()(12, torch.ones(6, 4))).toThrow("Guard failed: x <= 10");
    expect(((ep.run_decompositions().module()(7, torch.ones(3, 4)) as Tensor).tolist() as number[][])[0]![0]).toBe(10);
  });

  it("stay static without a hint, and refuse a named Dim", () => {
    const ep = torch.export.export(new Scale(), [3, torch.randn(4, 4)]);
    expect(() => ep.module()(4, torch.randn(4, 4))).toThrow("Guard failed: x == 3");
    expect(() => torch.export.export(new Scale(), [3, torch.randn(4, 4)], { dynamic_shapes: [Dim("n"), null] })).toThrow(ValueError);
  });
});

describe("keyword-only parameters (a trailing object pattern)", () => {
  it("bind by name in signature order, whatever the kwargs order", () => {
    class M extends nn.Module {
      override forward(a: Tensor, { x, y }: { x: Tensor; y: Tensor }) {
        return a.add(x).mul(y);
      }
    }
    const ep = torch.export.export(new M(), [torch.ones(3)], { kwargs: { y: torch.ones(3).mul(2), x: torch.ones(3) }, dynamic_shapes: { a: [Dim("n")], x: [Dim("n")], y: [Dim("n")] } });
    expect(String(ep)).toContain("Range constraints: {s");
    expect((ep.module()(torch.ones(5), { x: torch.ones(5), y: torch.ones(5).mul(3) }) as Tensor).tolist()).toEqual([6, 6, 6, 6, 6]);
  });
});
