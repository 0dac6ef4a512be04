// gru_cell and lstm kernels against the same recurrences written with elementwise ops
// (PyTorch's gate order: GRU r, z, n; LSTM i, f, g, o).
import { describe, expect, it } from "vitest";
import { torch, Tensor } from "../../src/tensor/index.js";

const allClose = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const flat = (t: Tensor) => t.reshape(-1).tolist() as number[];
  const want = flat(b);
  flat(a).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
};

function gruRef(x: Tensor, h: Tensor, wih: Tensor, whh: Tensor, bih: Tensor, bhh: Tensor): Tensor {
  const [ir, iz, inn] = torch.linear(x, wih, bih).chunk(3, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = torch.linear(h, whh, bhh).chunk(3, 1) as [Tensor, Tensor, Tensor];
  const r = ir.add(hr).sigmoid();
  const z = iz.add(hz).sigmoid();
  const n = inn.add(r.mul(hn)).tanh();
  return torch.ones_like(z).sub(z).mul(n).add(z.mul(h));
}

function lstmCellRef(x: Tensor, h: Tensor, c: Tensor, p: Tensor[]): [Tensor, Tensor] {
  const g = torch.linear(x, p[0]!, p[2]!).add(torch.linear(h, p[1]!, p[3]!));
  const [i, f, gg, o] = g.chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const c2 = f.sigmoid().mul(c).add(i.sigmoid().mul(gg.tanh()));
  return [o.sigmoid().mul(c2.tanh()), c2];
}

describe("recurrent kernels", () => {
  it("gru_cell", () => {
    torch.manual_seed(1);
    const [x, h] = [torch.randn(3, 5), torch.randn(3, 4)];
    const [wih, whh, bih, bhh] = [torch.randn(12, 5), torch.randn(12, 4), torch.randn(12), torch.randn(12)];
    allClose(torch.gru_cell(x, h, wih, whh, bih, bhh), gruRef(x, h, wih, whh, bih, bhh));
  });

  it("lstm: 2 layers, sequence first", () => {
    torch.manual_seed(2);
    const [T, B, I, H] = [4, 2, 3, 5];
    const x = torch.randn(T, B, I);
    const h0 = torch.randn(2, B, H);
    const c0 = torch.randn(2, B, H);
    const params = [torch.randn(4 * H, I), torch.randn(4 * H, H), torch.randn(4 * H), torch.randn(4 * H),
      torch.randn(4 * H, H), torch.randn(4 * H, H), torch.randn(4 * H), torch.randn(4 * H)];
    const [out, hn, cn] = torch.lstm(x, [h0, c0], params, true, 2, 0, false, false, false);
    let seq = x.unbind(0);
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    for (let l = 0; l < 2; l++) {
      let h = h0.select(0, l);
      let c = c0.select(0, l);
      const outs: Tensor[] = [];
      for (const xt of seq) {
        [h, c] = lstmCellRef(xt, h, c, params.slice(4 * l, 4 * l + 4));
        outs.push(h);
      }
      hs.push(h);
      cs.push(c);
      seq = outs;
    }
    allClose(out, torch.stack(seq, 0));
    allClose(hn, torch.stack(hs, 0));
    allClose(cn, torch.stack(cs, 0));
  });

  it("lstm: bidirectional, batch_first", () => {
    torch.manual_seed(3);
    const [B, T, I, H] = [2, 3, 4, 2];
    const x = torch.randn(B, T, I);
    const h0 = torch.zeros(2, B, H);
    const c0 = torch.zeros(2, B, H);
    const params = Array.from({ length: 2 }, () => [torch.randn(4 * H, I), torch.randn(4 * H, H), torch.randn(4 * H), torch.randn(4 * H)]).flat();
    const [out, hn] = torch.lstm(x, [h0, c0], params, true, 1, 0, false, true, true);
    expect(out.shape).toEqual([B, T, 2 * H]);
    const steps = x.unbind(1);
    const run = (d: number) => {
      let h = h0.select(0, d);
      let c = c0.select(0, d);
      const outs: Tensor[] = new Array(T);
      for (let s = 0; s < T; s++) {
        const t = d === 0 ? s : T - 1 - s;
        [h, c] = lstmCellRef(steps[t]!, h, c, params.slice(4 * d, 4 * d + 4));
        outs[t] = h;
      }
      return { outs, h };
    };
    const f = run(0);
    const b = run(1);
    allClose(out, torch.stack(f.outs.map((o, t) => torch.cat([o, b.outs[t]!], 1)), 1));
    allClose(hn, torch.stack([f.h, b.h], 0));
  });
});
