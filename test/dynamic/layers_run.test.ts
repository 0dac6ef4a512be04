// The layers whose F bodies were rewritten to keep sizes symbolic (issue #13): exported with every
// dim Dim.AUTO, the program must run on inputs of other sizes and give the eager module's numbers
// (the symbolic slices, views and reshapes must compute the same windows as the eager code).
import { describe, expect, it } from "vitest";
import { torch, nn, F, Dim, warnings, type Tensor } from "../../src/index.js";

class Wrap extends nn.Module {
  constructor(readonly m: nn.Module, readonly n: number) { super(); }
  override forward(...xs: Tensor[]): Tensor {
    return (this.m as unknown as (...a: Tensor[]) => Tensor)(...xs.slice(0, this.n));
  }
}
class One extends Wrap { override forward(x: Tensor): Tensor { return super.forward(x); } }
class Two extends Wrap { override forward(x: Tensor, y: Tensor): Tensor { return super.forward(x, y); } }

// [name, module, export shapes, run shapes (other sizes on every dim PyTorch keeps symbolic)]
const CASES: [string, () => nn.Module, number[][], number[][]][] = [
  ["Conv3d", () => new nn.Conv3d(2, 3, 3), [[2, 2, 5, 5, 5]], [[3, 2, 6, 7, 4]]],
  ["Conv3d strided, dilated, padded", () => new nn.Conv3d(2, 2, 2, { stride: 2, padding: 1, dilation: 2 }), [[2, 2, 6, 5, 5]], [[1, 2, 9, 6, 7]]],
  ["InstanceNorm1d", () => new nn.InstanceNorm1d(3), [[2, 3, 6]], [[4, 3, 5]]],
  ["InstanceNorm2d affine", () => new nn.InstanceNorm2d(3, { affine: true }), [[2, 3, 4, 4]], [[3, 3, 5, 2]]],
  ["LocalResponseNorm", () => new nn.LocalResponseNorm(2), [[2, 4, 5, 5]], [[3, 6, 2, 7]]],
  ["GLU", () => new nn.GLU(), [[2, 4]], [[3, 10]]],
  ["AdaptiveMaxPool2d", () => new nn.AdaptiveMaxPool2d(2), [[2, 3, 8, 8]], [[1, 2, 7, 5]]],
  ["PixelShuffle", () => new nn.PixelShuffle(2), [[2, 8, 3, 3]], [[3, 12, 2, 5]]],
  ["PixelUnshuffle", () => new nn.PixelUnshuffle(2), [[2, 2, 4, 4]], [[3, 3, 6, 8]]],
  ["ChannelShuffle", () => new nn.ChannelShuffle(2), [[2, 4, 3, 3]], [[3, 6, 2, 5]]],
  ["CosineSimilarity", () => new nn.CosineSimilarity(), [[2, 5], [2, 5]], [[4, 3], [4, 3]]],
  ["Fold", () => new nn.Fold([4, 4], [2, 2]), [[2, 12, 9]], [[3, 8, 9]]],
  ["Unfold", () => new nn.Unfold([2, 2]), [[2, 3, 4, 4]], [[1, 2, 5, 3]]],
  ["Conv3d unbatched, padding same, groups", () => new nn.Conv3d(2, 4, 3, { padding: "same", groups: 2 }), [[2, 5, 5, 5]], [[2, 6, 4, 7]]],
  ["LocalResponseNorm 3-d", () => new nn.LocalResponseNorm(3), [[2, 4, 5]], [[3, 6, 7]]],
  ["InstanceNorm1d running stats", () => new nn.InstanceNorm1d(3, { track_running_stats: true }), [[2, 3, 6]], [[4, 3, 5]]],
  ["Unfold unbatched, padded, strided", () => new nn.Unfold([2, 3], { padding: 1, stride: 2, dilation: [1, 2] }), [[3, 6, 7]], [[2, 9, 8]]],
  ["Fold unbatched, padded", () => new nn.Fold([5, 4], [2, 2], { padding: 1 }), [[12, 30]], [[8, 30]]],
  ["PixelShuffle 5-d", () => new nn.PixelShuffle(3), [[2, 2, 18, 2, 3]], [[3, 4, 27, 3, 2]]],
  ["CosineSimilarity broadcast", () => new nn.CosineSimilarity({ dim: 1 }), [[2, 5], [1, 5]], [[3, 4], [1, 4]]],
];

describe("rewritten layers: the dynamic program runs on other sizes as eager", () => {
  for (const [name, make, shapes, runShapes] of CASES) {
    it(name, () => {
      torch.manual_seed(0);
      const m = make();
      const w = shapes.length === 1 ? new One(m, 1) : new Two(m, 2);
      const xs = shapes.map((s) => torch.randn(...s));
      const ds = Object.fromEntries(xs.map((x, k) => [`x${k}`, Object.fromEntries(x.shape.map((_, i) => [i, Dim.AUTO]))]));
      const ep = torch.export.export(w, xs, { dynamic_shapes: shapes.length === 1 ? { x: ds.x0 } : { x: ds.x0, y: ds.x1 } });
      const ys = runShapes.map((s) => torch.randn(...s));
      const want = (w as unknown as (...a: Tensor[]) => Tensor)(...ys);
      const got = (ep.module() as unknown as (...a: Tensor[]) => Tensor)(...ys);
      expect(got.shape).toEqual(want.shape);
      const a = Array.from(got._values(), Number), b = Array.from(want._values(), Number);
      expect(a.length).toBeGreaterThan(0);
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
    });
  }
});

class PoolIdx extends nn.Module {
  m = new nn.AdaptiveMaxPool2d([2, 3], { return_indices: true });
  override forward(x: Tensor): Tensor[] { return this.m(x) as unknown as Tensor[]; }
}

describe("AdaptiveMaxPool2d with indices", () => {
  it("exports with every dim symbolic; values and indices on other sizes are eager's", () => {
    torch.manual_seed(0);
    const m = new PoolIdx();
    const ep = torch.export.export(m, [torch.randn(2, 3, 7, 5)], { dynamic_shapes: { x: { 0: Dim.AUTO, 1: Dim.AUTO, 2: Dim.AUTO, 3: Dim.AUTO } } });
    expect(ep.toString()).toContain('x: "f32[s77, s27, s53, s0]"');
    const y = torch.randn(1, 2, 9, 8);
    const got = (ep.module() as unknown as (x: Tensor) => Tensor[])(y);
    const want = m.forward(y);
    for (let k = 0; k < 2; k++) {
      expect(got[k]!.shape).toEqual([1, 2, 2, 3]);
      expect(Array.from(got[k]!._values(), Number)).toEqual(Array.from(want[k]!._values(), Number));
    }
  });
});

class GluM extends nn.Module {
  m = new nn.GLU();
  override forward(x: Tensor): Tensor { return this.m(x); }
}

describe("rewritten layers: PyTorch's checks are kept", () => {
  it("eager errors as PyTorch's", () => {
    expect(() => F.glu(torch.randn(2, 5))).toThrow("Halving dimension must be even, but dimension 1 is size 5");
    expect(() => F.pixel_shuffle(torch.randn(1, 6, 2, 2), 2)).toThrow("input.size(-3)=6 is not divisible by 4");
    expect(() => F.pixel_unshuffle(torch.randn(1, 1, 3, 4), 2)).toThrow("input.size(-2)=3 is not divisible by 2");
    expect(() => F.channel_shuffle(torch.randn(1, 5, 2), 2)).toThrow("Got 5 channels and 2 groups");
    expect(() => F.fold(torch.randn(1, 10, 9), [4, 4], [2, 2])).toThrow("input.size(1)=10");
    expect(() => F.fold(torch.randn(1, 8, 8), [4, 4], [2, 2])).toThrow("but got input.size(2)=8");
    expect(() => F.unfold(torch.randn(1, 1, 1, 4), [2, 2])).toThrow("calculated shape of the array of sliding blocks as (0, 3)");
    expect(() => F.instance_norm(torch.randn(2, 3, 1))).toThrow("Expected more than 1 spatial element when training");
    expect(() => new nn.Conv3d(1, 1, 3)(torch.randn(1, 1, 2, 5, 5))).toThrow();
  });

  it("InstanceNorm without affine warns on a channel mismatch (instancenorm.py), with affine raises", () => {
    const seen: string[] = [];
    const prev = warnings.setHandler((w) => seen.push(w.message));
    try {
      new nn.InstanceNorm1d(3)(torch.randn(2, 4, 5));
    } finally {
      warnings.setHandler(prev);
    }
    expect(seen).toEqual(["input's size at dim=1 does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False"]);
    expect(() => new nn.InstanceNorm1d(3, { affine: true })(torch.randn(2, 4, 5))).toThrow("to match num_features (3), but got: 4.");
  });

  it("GLU's evenness check holds on the dynamic program: an odd size is refused", () => {
    const ep = torch.export.export(new GluM(), [torch.randn(2, 4)], { dynamic_shapes: { x: { 0: Dim.AUTO, 1: Dim.AUTO } } });
    expect(ep.toString()).toContain('f32[s77, (s27//2)]');
    expect(() => (ep.module() as unknown as (x: Tensor) => Tensor)(torch.randn(2, 5))).toThrow("% 2 == 0");
    expect(((ep.module() as unknown as (x: Tensor) => Tensor)(torch.randn(3, 6))).shape).toEqual([3, 3]);
  });
});
