// Behaviour of the added nn layers that PyTorch's numbers cannot pin down (random masks in training)
// or that concerns pt2js itself: training-mode dropout variants, export of the composed forwards
// (traced programs give eager's numbers), typed errors for what is not implemented, containers'
// binding.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { nn, torch } from "../../src/torch.js";
import { NotImplementedError } from "../../src/nn/errors.js";
import type { Tensor } from "../../src/tensor/index.js";
import type { Module } from "../../src/nn/index.js";

const vals = (t: Tensor) => Array.from(t.contiguous()._values(), Number);

describe("training-mode dropout variants", () => {
  it("Dropout2d zeros whole channels and scales the rest by 1/(1-p)", () => {
    torch.manual_seed(3);
    const x = torch.rand(4, 6, 3, 3).add(1);
    const y = new nn.Dropout2d(0.5)(x) as Tensor;
    const xv = vals(x), yv = vals(y);
    let dropped = 0;
    for (let c = 0; c < 24; c++) {
      const ys = yv.slice(c * 9, c * 9 + 9), xs = xv.slice(c * 9, c * 9 + 9);
      if (ys.every((v) => v === 0)) dropped++;
      else ys.forEach((v, i) => expect(v).toBeCloseTo(xs[i]! * 2, 5));
    }
    expect(dropped).toBeGreaterThan(2);
    expect(dropped).toBeLessThan(22);
    expect(vals(new nn.Dropout2d(0.5).eval()(x) as Tensor)).toEqual(xv);
  });

  it("AlphaDropout keeps a·x + α·a·p or sets α·a·(p−1) (PyTorch's affine correction)", () => {
    torch.manual_seed(4);
    const p = 0.2;
    const x = torch.randn(200);
    const y = vals(new nn.AlphaDropout(p)(x) as Tensor);
    const alpha = 1.7580993408473766;
    const a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
    const xv = vals(x);
    let kept = 0;
    y.forEach((v, i) => {
      if (Math.abs(v - (xv[i]! * a + alpha * a * p)) < 1e-5) kept++;
      else expect(v).toBeCloseTo(alpha * a * (p - 1), 5);
    });
    expect(kept).toBeGreaterThan(120);
    expect(kept).toBeLessThan(195);
  });
});

describe("composed forwards export and run as eager", () => {
  const cases: [string, () => Module, () => Tensor[]][] = [
    ["Bilinear", () => new nn.Bilinear(3, 4, 5), () => [torch.randn(2, 3), torch.randn(2, 4)]],
    ["Conv3d", () => new nn.Conv3d(2, 3, 2, { padding: 1 }), () => [torch.randn(1, 2, 3, 3, 3)]],
    ["RNN", () => new nn.RNN(3, 4, 2, { bidirectional: true }), () => [torch.randn(5, 2, 3)]],
    ["GRU", () => new nn.GRU(3, 4, { batch_first: true }), () => [torch.randn(2, 5, 3)]],
    ["LSTM proj", () => new nn.LSTM(3, 4, { proj_size: 2 }), () => [torch.randn(5, 2, 3)]],
    ["Fold∘Unfold", () => new nn.Sequential(new nn.Unfold(2, { padding: 1 }), new nn.Fold([4, 4], 2, { padding: 1 })), () => [torch.randn(1, 2, 4, 4)]],
    ["EmbeddingBag 2-d", () => new nn.EmbeddingBag(10, 3, { mode: "max", padding_idx: 0 }), () => [torch.tensor([[1, 0, 3], [0, 0, 0]])]],
    ["TransformerDecoderLayer", () => new nn.TransformerDecoderLayer(8, 2, 16, 0.0), () => [torch.randn(3, 2, 8), torch.randn(4, 2, 8)]],
    ["InstanceNorm2d/PixelShuffle/PReLU", () => new nn.Sequential(new nn.InstanceNorm2d(8), new nn.PixelShuffle(2), new nn.PReLU(2)), () => [torch.randn(1, 8, 3, 3)]],
  ];
  for (const [name, mk, inputs] of cases) {
    it(name, () => {
      torch.manual_seed(5);
      const m = mk().eval();
      const xs = inputs();
      const eager = m(...xs) as Tensor | [Tensor, unknown];
      const ep = exportModule(m as never, xs);
      const traced = ep.module()(...xs) as Tensor | Tensor[];
      const first = (v: unknown): Tensor => (Array.isArray(v) ? first(v[0]) : (v as Tensor));
      expect(vals(first(traced))).toEqual(vals(first(eager)));
    });
  }
});

describe("typed errors and containers", () => {
  it("MultiheadAttention with kdim/vdim, add_bias_kv and add_zero_attn exports and runs as eager", () => {
    torch.manual_seed(7);
    const m = new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4, add_bias_kv: true, add_zero_attn: true }).eval();
    const xs = [torch.randn(3, 1, 8), torch.randn(2, 1, 6), torch.randn(2, 1, 4)];
    const [eager] = m(...xs);
    const [traced] = exportModule(m as never, xs).module()(...xs) as Tensor[];
    expect(vals(traced!)).toEqual(vals(eager));
  });
  it("max_norm renormalizes the weight in place (eager); under export, where it cannot read values, the error is typed", () => {
    const m = new nn.Embedding(5, 3, { max_norm: 1.0 });
    m(torch.tensor([1, 2]));
    const norms = vals(torch.linalg.vector_norm(m.weight.detach(), 2, [1]));
    expect(norms[1]!).toBeLessThanOrEqual(1.0 + 1e-6);
    expect(norms[2]!).toBeLessThanOrEqual(1.0 + 1e-6);
    expect(() => exportModule(m as never, [torch.tensor([1, 2])])).toThrow(/fake tensor/);
    expect(() => new nn.Unfold(2)(torch.randn(2, 2))).toThrow(NotImplementedError);
  });
  it("EmbeddingBag with 1-d input and offsets reads the offsets (eager only): export is a typed error", () => {
    const m = new nn.EmbeddingBag(10, 3);
    const x = torch.tensor([1, 2, 3, 4]);
    const o = torch.tensor([0, 1]);
    expect((m(x, o) as Tensor).shape).toEqual([2, 3]);
    expect(() => exportModule(m as never, [x, o])).toThrow(/fake tensor/);
  });
  it("Sequential takes no keyword arguments; ModuleList binds modules=None", () => {
    expect(() => new nn.Sequential(new nn.ReLU(), { x: 1 } as never)).toThrow("Sequential.__init__() got an unexpected keyword argument 'x'");
    expect(new nn.ModuleList({ modules: [new nn.ReLU(), new nn.Tanh()] }).length).toBe(2);
    expect(new nn.ModuleList().length).toBe(0);
    expect(() => new nn.ModuleList([], { mods: 1 })).toThrow("ModuleList.__init__() got an unexpected keyword argument 'mods'");
  });
  it("ModuleDict: a plain object of modules is the mapping; modules=... binds by keyword; anything else is PyTorch's TypeError", () => {
    const a = new nn.ReLU(), b = new nn.Tanh();
    expect([...new nn.ModuleDict({ a, b }).keys()]).toEqual(["a", "b"]);
    expect([...new nn.ModuleDict({ modules: new Map([["x", a]]) }).keys()]).toEqual(["x"]);
    expect(new nn.ModuleDict().length).toBe(0);
    expect(() => new nn.ModuleDict({ a, depth: 2 } as never)).toThrow("ModuleDict.__init__() got an unexpected keyword argument 'a'");
  });
  it("RNN's nonlinearity: 4th positional or keyword, checked as PyTorch", () => {
    expect(String(new nn.RNN(2, 3, 1, "relu"))).toBe("RNN(2, 3)");
    expect((new nn.RNN(2, 3, { nonlinearity: "relu" }) as unknown as { nonlinearity: string }).nonlinearity).toBe("relu");
    expect(() => new nn.RNN(2, 3, { nonlinearity: "gelu" })).toThrow("Unknown nonlinearity 'gelu'. Select from 'tanh' or 'relu'.");
  });
  it("attention forwards bind PyTorch's forward signatures (texts from PyTorch 2.6)", () => {
    torch.manual_seed(6);
    const m = new nn.MultiheadAttention(8, 2).eval();
    const x = torch.randn(3, 1, 8);
    const mask = torch.randn(3, 3);
    const [a] = m(x, x, x, null, false, mask);
    const [b] = m(x, x, x, { attn_mask: mask, need_weights: false });
    expect(vals(a)).toEqual(vals(b));
    expect(() => m(x, x, x, null, true, null, true, false, 1 as never)).toThrow("MultiheadAttention.forward() takes from 4 to 9 positional arguments but 10 were given");
    expect(() => m(x, x)).toThrow("MultiheadAttention.forward() missing 1 required positional argument: 'value'");
    const enc = new nn.TransformerEncoderLayer(8, 2, 16);
    expect(() => enc(x, { mask: null } as never)).toThrow("TransformerEncoderLayer.forward() got an unexpected keyword argument 'mask'");
    const dec = new nn.TransformerDecoderLayer(8, 2, 16);
    expect(() => dec(x)).toThrow("TransformerDecoderLayer.forward() missing 1 required positional argument: 'memory'");
  });
});
