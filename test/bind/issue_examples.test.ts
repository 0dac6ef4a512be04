// The everyday calls of issue #12 that were silently wrong, each with PyTorch's result.
import { describe, expect, it } from "vitest";
import { torch, nn } from "../../src/index.js";

describe("issue #12 examples give PyTorch's results", () => {
  it("constructors take positional and keyword arguments", () => {
    const c = new nn.Conv2d(3, 8, 3, 2, 1);
    expect(c.toString()).toBe("Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))");
    expect(c.forward(torch.randn(1, 3, 8, 8)).shape).toEqual([1, 8, 4, 4]);
    const l = new nn.TransformerEncoderLayer(32, 4, 128, { dropout: 0, batch_first: true });
    expect((l.state_dict() as unknown as Map<string, { shape: number[] }>).get("linear1.weight")!.shape).toEqual([128, 32]);
    expect(l.toString()).toContain("(dropout): Dropout(p=0.0, inplace=False)");
    expect((l as unknown as { self_attn: { batch_first: boolean } }).self_attn.batch_first).toBe(true);
    expect(l.forward(torch.randn(2, 5, 32)).shape).toEqual([2, 5, 32]);
  });

  it("exports with keyword arguments give the same graph as positional ones", () => {
    class M extends nn.Module {
      override forward(x: ReturnType<typeof torch.randn>) {
        return x.tril({ diagonal: 1 }).sum(-1, { keepdim: true }).add(x.topk(2, { dim: -1 }).values.sum(-1, true));
      }
    }
    class P extends nn.Module {
      override forward(x: ReturnType<typeof torch.randn>) {
        return x.tril(1).sum(-1, true).add(x.topk(2, -1).values.sum(-1, true));
      }
    }
    const x = torch.randn(3, 4);
    const a = torch.export.export(new M(), [x]).toString();
    const b = torch.export.export(new P(), [x]).toString();
    expect(a.replace(/# File:.*\n/g, "")).toBe(b.replace(/# File:.*\n/g, ""));
    expect(a).toContain("torch.ops.aten.tril.default(x, 1)");
    expect(a).toContain("torch.ops.aten.topk.default(x, 2)");
  });
});
