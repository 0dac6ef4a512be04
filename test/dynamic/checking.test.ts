// Checking mode (PT2JS_CHECK_SYMINT=1, set for the whole suite in vitest.config.ts): a SymInt
// converted implicitly by pt2js's own code throws with the call site; by user code it specializes
// as int() does in PyTorch.
import { describe, expect, it } from "vitest";
import { torch, nn, Dim, type Tensor } from "../../src/index.js";
import { SymIntConversionError, setSymIntChecking, symIntChecking } from "../../src/symbolic/checking.js";
import { pyTrueDiv } from "../../src/symbolic/symfloat.js";

class Probe extends nn.Module {
  constructor(readonly body: (n: number) => number) { super(); }
  override forward(x: Tensor): Tensor {
    const k = this.body(x.shape[0] as number); // a SymInt under export, typed as a number on purpose
    return x.mul(k);
  }
}

const exportWith = (body: (n: number) => number) =>
  torch.export.export(new Probe(body), [torch.randn(6)], { dynamic_shapes: { x: { 0: Dim.AUTO } } });

describe("SymInt checking mode", () => {
  it("is on for the test suite", () => {
    expect(symIntChecking()).toBe(true);
  });

  it("user code converting a SymInt specializes it (int()), silently for Dim.AUTO", () => {
    const ep = exportWith((n) => n * 2);
    expect(ep.toString()).toContain('x: "f32[6]"');
    expect(ep.toString()).toContain("torch.ops.aten.mul.Tensor(x, 12)");
  });

  it("library code converting a SymInt implicitly throws with the call site", () => {
    let error: unknown = null;
    try {
      exportWith((n) => pyTrueDiv(6, n)); // pyTrueDiv computes `a / b`: wrong for a SymInt
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SymIntConversionError);
    expect((error as Error).message).toMatch(/converted the symbolic size s77 to a number implicitly at symbolic\/symfloat\.ts:\d+:\d+ in pyTrueDiv/);
  });

  it("off, the same library conversion specializes", () => {
    const prev = setSymIntChecking(false);
    try {
      const ep = exportWith((n) => pyTrueDiv(6, n));
      expect(ep.toString()).toContain('x: "f32[6]"');
    } finally {
      setSymIntChecking(prev);
    }
  });
});
