// Issue #13's behaviour bugs, each as PyTorch 2.11 behaves.
import { describe, expect, it } from "vitest";
import { torch, nn, F, Dim, type Tensor } from "../../src/index.js";

const caught = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
};

describe("dynamic sizes as PyTorch treats them", () => {
  it("LSTM specializes the sequence length: Dim('seq') there is PyTorch's constraint error", () => {
    class L extends nn.Module {
      l = new nn.LSTM(3, 4);
      override forward(x: Tensor) { return this.l(x)[0]; }
    }
    const e = caught(() => torch.export.export(new L().eval(), [torch.randn(5, 2, 3)], { dynamic_shapes: { x: { 0: Dim("seq") } } }));
    expect(e.message).toContain("Constraints violated (seq)!");
    expect(e.message).toContain("You marked seq as dynamic but your code specialized it to be a constant (5).");
    expect(e.message).toContain("Suggested fixes:\n  seq = 5");
    // the batch stays dynamic
    const ep = torch.export.export(new L().eval(), [torch.randn(5, 2, 3)], { dynamic_shapes: { x: { 1: Dim("b") } } });
    expect(ep.toString()).toContain('x: "f32[5, s');
  });

  it("MultiheadAttention keeps a dynamic batch and length", () => {
    class M extends nn.Module {
      mha = new nn.MultiheadAttention(8, 2);
      override forward(x: Tensor) { return this.mha(x, x, x)[0]; }
    }
    const ep = torch.export.export(new M().eval(), [torch.randn(5, 3, 8)], { dynamic_shapes: { x: { 0: Dim("L"), 1: Dim("N") } } });
    const text = ep.toString();
    expect(text).toMatch(/view: "f32\[s\d+, 2\*s\d+, 4\]" = torch\.ops\.aten\.view\.default\(select, \[sym_size_int_\d+, mul, 4\]\)/);
    expect((ep.module()(torch.randn(7, 4, 8)) as Tensor).shape).toEqual([7, 4, 8]);
  });

  it("F.interpolate keeps H and W and records scales as floats", () => {
    class I extends nn.Module {
      override forward(x: Tensor) { return F.interpolate(x, { scale_factor: 2 }); }
    }
    const ep = torch.export.export(new I(), [torch.randn(2, 2, 4, 5)], { dynamic_shapes: { x: { 2: Dim("h"), 3: Dim("w") } } });
    expect(ep.toString()).toMatch(/upsample_nearest2d: "f32\[2, 2, 2\*s\d+, 2\*s\d+\]" = torch\.ops\.aten\.upsample_nearest2d\.vec\(x, None, \[2\.0, 2\.0\]\)/);
  });

  it("Dim.AUTO on dims that must be static makes them static silently", () => {
    class Lin extends nn.Module {
      fc = new nn.Linear(4, 3);
      override forward(x: Tensor) { return this.fc(x); }
    }
    const ep = torch.export.export(new Lin(), [torch.randn(5, 4)], { dynamic_shapes: { x: { 0: Dim.AUTO, 1: Dim.AUTO } } });
    expect(ep.toString()).toContain('x: "f32[s77, 4]"');
    const e = caught(() => torch.export.export(new Lin(), [torch.randn(5, 4)], { dynamic_shapes: { x: { 1: Dim.DYNAMIC } } }));
    expect(e.message).toContain("specialized it to be a constant (4)");
  });
});

describe("nonzero on a dynamic input", () => {
  class N extends nn.Module {
    override forward(x: Tensor) { return x.nonzero(); }
  }
  it("bounds u0 by the input's numel and asserts u0 <= max at runtime", () => {
    const ep = torch.export.export(new N(), [torch.randn(5, 4)], { dynamic_shapes: { x: { 0: Dim("b", { max: 100 }) } } });
    const text = ep.toString();
    expect(text).toContain('le: "Sym(u0 <= 400)" = sym_size_int_1 <= 400');
    expect(text).toContain("torch.ops.aten._assert_scalar.default(le, \"Runtime assertion failed for expression u0 <= 400 on node 'le'\")");
    expect(text).toMatch(/Range constraints: \{.*u0: VR\[0, 400\]/);
  });
});

describe("indexing with a full slice", () => {
  it("records no slice for `:` or a slice covering the dim (applySlice returns self)", () => {
    class S extends nn.Module {
      override forward(x: Tensor) {
        const n = x.shape[1]!;
        return [x.at(":, 0"), x.at(":", { start: 0, stop: n }), x.at("1:")];
      }
    }
    const ep = torch.export.export(new S(), [torch.randn(5, 4)], { dynamic_shapes: { x: { 1: Dim("b") } } });
    const text = ep.toString();
    expect(text).toContain('select: "f32[5]"');
    expect(text).toContain("torch.ops.aten.select.int(x, 1, 0)");
    // only x[1:] is a slice
    expect(text.match(/torch\.ops\.aten\.slice\.Tensor/g)).toHaveLength(1);
    expect(text).toContain("torch.ops.aten.slice.Tensor(x, 0, 1, 9223372036854775807)");
  });
});

describe("*_like and new_* factories", () => {
  it("record only pin_memory, not the device, as PyTorch", () => {
    class Z extends nn.Module {
      override forward(x: Tensor) { return [torch.zeros_like(x), x.new_ones([2])]; }
    }
    const text = torch.export.export(new Z(), [torch.randn(5, 2)], { dynamic_shapes: { x: { 0: Dim.AUTO } } }).toString();
    expect(text).toContain("torch.ops.aten.zeros_like.default(x, pin_memory = False)");
    expect(text).toContain("torch.ops.aten.new_ones.default(x, [2], pin_memory = False)");
    expect(text).not.toContain("device = device(type='cpu')");
  });
});
