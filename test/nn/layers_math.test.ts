// Layer numerics against independent formulas written with basic tensor ops (matmul, sigmoid, ...),
// and default initialization ranges — for the layers the reference zoo models do not cover.
import { describe, expect, it } from "vitest";
import { torch, nn, F } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

const vals = (t: Tensor) => Array.from(t._values(), Number);
function expectClose(got: Tensor, want: Tensor, what = ""): void {
  expect([...got.shape], `${what} shape`).toEqual([...want.shape]);
  const g = vals(got);
  const w = vals(want);
  const bad = g.findIndex((v, i) => !(Math.abs(v - w[i]!) <= 1e-5 + 1e-4 * Math.abs(w[i]!)));
  expect(bad, `${what}: element ${bad} is ${g[bad]}, expected ${w[bad]}`).toBe(-1);
}
const linear = (x: Tensor, w: Tensor, b: Tensor | null) => (b ? x.matmul(w.t()).add(b) : x.matmul(w.t()));

describe("recurrent layers", () => {
  it("GRUCell matches the GRU equations (batched and unbatched, default zero state)", () => {
    torch.manual_seed(1);
    const cell = new nn.GRUCell(3, 4);
    const x = torch.randn(2, 3);
    const h = torch.randn(2, 4);
    const gi = linear(x, cell.weight_ih, cell.bias_ih).chunk(3, 1);
    const gh = linear(h, cell.weight_hh, cell.bias_hh).chunk(3, 1);
    const r = gi[0]!.add(gh[0]!).sigmoid();
    const z = gi[1]!.add(gh[1]!).sigmoid();
    const n = gi[2]!.add(r.mul(gh[2]!)).tanh();
    const want = n.add(z.mul(h.sub(n)));
    expectClose(cell(x, h), want, "GRUCell");
    expectClose(cell(x.select(0, 0), h.select(0, 0)), want.select(0, 0), "unbatched");
    expect(cell(x).shape).toEqual([2, 4]);
    expect(() => cell(torch.randn(1, 1, 3))).toThrow("GRUCell: Expected input to be 1D or 2D, got 3D instead");
  });

  it("LSTM (batch_first, 2 layers) matches the LSTM equations; parameters named as PyTorch's", () => {
    torch.manual_seed(2);
    const lstm = new nn.LSTM(3, 4, { num_layers: 2, batch_first: true });
    expect([...lstm.named_parameters()].map(([k]) => k)).toEqual([
      "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
    ]);
    const x = torch.randn(2, 5, 3);
    const [out, [hn, cn]] = lstm(x);
    const p = Object.fromEntries(lstm.named_parameters());
    let layerIn = x;
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    for (let l = 0; l < 2; l++) {
      let h = torch.zeros(2, 4);
      let c = torch.zeros(2, 4);
      const steps: Tensor[] = [];
      for (let t = 0; t < 5; t++) {
        const g = linear(layerIn.select(1, t), p[`weight_ih_l${l}`]!, p[`bias_ih_l${l}`]!).add(linear(h, p[`weight_hh_l${l}`]!, p[`bias_hh_l${l}`]!));
        const [i, f, gg, o] = g.chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
        c = f.sigmoid().mul(c).add(i.sigmoid().mul(gg.tanh()));
        h = o.sigmoid().mul(c.tanh());
        steps.push(h);
      }
      layerIn = torch.stack(steps, 1);
      hs.push(h);
      cs.push(c);
    }
    expectClose(out, layerIn, "output");
    expectClose(hn, torch.stack(hs, 0), "h_n");
    expectClose(cn, torch.stack(cs, 0), "c_n");
    expect(() => lstm(torch.randn(2, 5, 2))).toThrow("input.size(-1) must be equal to input_size. Expected 3, got 2");
  });

  it("GRUCell and LSTM initialize every parameter in U(-1/sqrt(hidden), 1/sqrt(hidden))", () => {
    for (const m of [new nn.GRUCell(3, 16), new nn.LSTM(3, 16)]) {
      for (const [, w] of m.named_parameters()) expect(vals(w).every((v) => Math.abs(v) <= 0.25)).toBe(true);
    }
  });
});

describe("attention layers", () => {
  function manualMha(mha: nn.MultiheadAttention, q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null = null): [Tensor, Tensor] {
    // batch_first inputs (N, L, E)
    const E = mha.embed_dim;
    const H = mha.num_heads;
    const d = E / H;
    const [wq, wk, wv] = mha.in_proj_weight!.chunk(3, 0) as [Tensor, Tensor, Tensor];
    const [bq, bk, bv] = mha.in_proj_bias!.chunk(3, 0) as [Tensor, Tensor, Tensor];
    const heads = (t: Tensor) => t.view(t.size(0), t.size(1), H, d).transpose(1, 2); // N, H, L, d
    const Q = heads(linear(q, wq, bq));
    const K = heads(linear(k, wk, bk));
    const V = heads(linear(v, wv, bv));
    let s = Q.matmul(K.transpose(-2, -1)).mul(1 / Math.sqrt(d));
    if (mask) s = s.add(mask);
    const w = s.softmax(-1);
    const o = w.matmul(V).transpose(1, 2).reshape(q.size(0), q.size(1), E);
    return [linear(o, mha.out_proj.weight, mha.out_proj.bias), w.mean(1)];
  }

  it("MultiheadAttention (batch_first) matches softmax(QKᵀ/√d)V per head, with and without weights", () => {
    torch.manual_seed(3);
    const mha = new nn.MultiheadAttention(8, 2, { batch_first: true }).eval();
    expect([...mha.state_dict().keys()]).toEqual(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"]);
    expect(vals(mha.in_proj_bias!).every((v) => v === 0)).toBe(true);
    mha.in_proj_bias!._writeLogical(vals(torch.randn(24)));
    mha.out_proj.bias!._writeLogical(vals(torch.randn(8)));
    const x = torch.randn(2, 5, 8);
    const [want, wantW] = manualMha(mha, x, x, x);
    const [out, w] = mha(x, x, x);
    expectClose(out, want, "self-attention");
    expectClose(w!, wantW, "average attention weights");
    const [out2, w2] = mha(x, x, x, { need_weights: false });
    expect(w2).toBeNull();
    expectClose(out2, want, "need_weights=False (sdpa path)");
    const kv = torch.randn(2, 3, 8);
    expectClose(mha(x, kv, kv)[0], manualMha(mha, x, kv, kv)[0], "cross-attention");
    const mask = torch.randn(5, 5);
    expectClose(mha(x, x, x, { attn_mask: mask })[0], manualMha(mha, x, x, x, mask)[0], "float attn_mask");
  });

  it("TransformerEncoderLayer (post-norm and pre-norm) composes attention and feed-forward as PyTorch's", () => {
    torch.manual_seed(4);
    for (const norm_first of [false, true]) {
      const layer = new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, batch_first: true, norm_first }).eval();
      expect([...layer.named_children()].map(([k]) => k)).toEqual(["self_attn", "linear1", "dropout", "linear2", "norm1", "norm2", "dropout1", "dropout2"]);
      const x = torch.randn(2, 4, 8);
      const sa = (t: Tensor) => layer.self_attn(t, t, t, { need_weights: false })[0];
      const ff = (t: Tensor) => layer.linear2(F.relu(layer.linear1(t)));
      let want: Tensor;
      if (norm_first) {
        const y = x.add(sa(layer.norm1(x)));
        want = y.add(ff(layer.norm2(y)));
      } else {
        const y = layer.norm1(x.add(sa(x)));
        want = layer.norm2(y.add(ff(y)));
      }
      expectClose(layer(x), want, `norm_first=${norm_first}`);
    }
  });
});

describe("normalization and embedding", () => {
  it("BatchNorm2d in training updates running stats with momentum and the unbiased variance", () => {
    const bn = new nn.BatchNorm2d(2);
    const x = torch.randn(3, 2, 4, 4);
    const y = bn(x);
    const mean = x.mean([0, 2, 3]);
    const varU = x.var([0, 2, 3], { correction: 1 });
    expectClose(bn.running_mean!, mean.mul(0.1), "running_mean");
    expectClose(bn.running_var!, varU.mul(0.1).add(0.9), "running_var");
    const varB = x.var([0, 2, 3], { correction: 0, keepdim: true });
    expectClose(y, x.sub(x.mean([0, 2, 3], true)).div(varB.add(1e-5).sqrt()), "output");
    expect(() => bn(torch.randn(2, 3))).toThrow("expected 4D input (got 2D input)");
    expect(() => new nn.BatchNorm1d(2)(torch.randn(1, 2))).toThrow("Expected more than 1 value per channel when training, got input size torch.Size([1, 2])");
  });

  it("Embedding zeroes its padding row; Conv2d and Linear init within ±1/sqrt(fan_in)", () => {
    const emb = new nn.Embedding(6, 3, { padding_idx: 2 });
    expect(vals(emb.weight.select(0, 2))).toEqual([0, 0, 0]);
    const conv = new nn.Conv2d(4, 2, 3);
    const bound = 1 / Math.sqrt(4 * 9);
    expect(vals(conv.weight).every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(vals(conv.bias!).every((v) => Math.abs(v) <= bound)).toBe(true);
    const gn = new nn.GroupNorm(2, 4);
    expect(vals(gn.weight!)).toEqual([1, 1, 1, 1]);
    expect(() => new nn.GroupNorm(3, 4)).toThrow("num_channels must be divisible by num_groups");
  });
});

describe("functional", () => {
  it("F.normalize divides by the clamped p-norm; F.softmin is softmax of the negation", () => {
    const x = torch.tensor([[3, 4], [0, 0]], { dtype: torch.float32 });
    expect(F.normalize(x).tolist()).toEqual([[0.6000000238418579, 0.800000011920929], [0, 0]]);
    expect(F.normalize(x, 1, 1).tolist()).toEqual([[0.4285714328289032, 0.5714285969734192], [0, 0]]);
    expectClose(F.softmin(x, 1), F.softmax(x.neg(), 1));
    expect(F.softmax(torch.randn(2, 3)).shape).toEqual([2, 3]); // legacy implicit dim: 1 for 2-d input
    expectClose(F.softmax(x), F.softmax(x, 1), "implicit dim");
  });
});

describe("argument checks", () => {
  it("raises PyTorch's errors", () => {
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow("in_channels must be divisible by groups");
    expect(() => new nn.Conv2d(4, 3, 3, { groups: 2 })).toThrow("out_channels must be divisible by groups");
    expect(() => new nn.Conv2d(3, 3, 3, { padding: "same", stride: 2 })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Dropout(1.5)).toThrow("dropout probability has to be between 0 and 1, but got 1.5");
    expect(() => new nn.MultiheadAttention(10, 3)).toThrow("embed_dim must be divisible by num_heads");
    expect(() => F.pad(torch.randn(2, 2), [1, 1, 1])).toThrow("Padding length must be divisible by 2");
    expect(() => F.interpolate(torch.randn(1, 1, 2, 2), { size: 4, scale_factor: 2 })).toThrow("only one of size or scale_factor should be defined");
    expect(() => F.interpolate(torch.randn(1, 1, 2, 2))).toThrow("either size or scale_factor should be defined");
    expect(() => F.interpolate(torch.randn(1, 1, 2, 2), { size: 4, align_corners: true })).toThrow(
      "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
    );
    expect(() => F.embedding(torch.tensor([0]), torch.randn(3, 2), 3)).toThrow("Padding_idx must be within num_embeddings");
  });
});

describe("containers", () => {
  it("Sequential chains, indexes (also negative) and appends", () => {
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
    expect(seq.length).toBe(2);
    expect(seq[0]).toBeInstanceOf(nn.Linear);
    expect(seq.get(-1)).toBeInstanceOf(nn.ReLU);
    const x = torch.randn(4, 2);
    expectClose(seq(x) as Tensor, F.relu((seq[0] as nn.Linear)(x)));
    seq.append(new nn.Identity());
    expect([...seq.named_children()].map(([k]) => k)).toEqual(["0", "1", "2"]);
    const named = new nn.Sequential(new Map<string, nn.Module>([["fc", new nn.Linear(2, 2)], ["act", new nn.Tanh()]]));
    expect([...named.state_dict().keys()]).toEqual(["fc.weight", "fc.bias"]);
    expect(() => seq.get(3)).toThrow("index 3 is out of range");
  });

  it("ModuleList and ModuleDict register their entries under their indices and keys", () => {
    const ml = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 1)]);
    ml.insert(0, new nn.ReLU());
    expect([...ml].map((m) => m.constructor.name)).toEqual(["ReLU", "Linear", "Linear"]);
    expect([...ml.state_dict().keys()]).toEqual(["1.weight", "1.bias", "2.weight", "2.bias"]);
    const md = new nn.ModuleDict({ a: new nn.Linear(1, 2), b: new nn.ReLU() });
    expect(md.keys()).toEqual(["a", "b"]);
    expect(md.get("a")).toBeInstanceOf(nn.Linear);
    expect(() => md.get("zz")).toThrow("'zz'");
    expect(() => md.set("train", new nn.ReLU())).toThrow("attribute 'train' already exists");
    md.pop("a");
    expect(md.keys()).toEqual(["b"]);
  });
});
