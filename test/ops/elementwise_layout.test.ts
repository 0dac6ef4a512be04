// Contiguity and elementwise output layout on symbolic tensors, as PyTorch 2.11's _prims_common
// (make_contiguous_strides_for, check_contiguous_sizes_strides, is_channels_last_contiguous_2d,
// compute_elementwise_output_logical_to_physical_perm): the strides built, and the guards recorded.
import { describe, expect, it } from "vitest";
import { torch, Tensor } from "../../src/tensor/index.js";
import { contiguousStridesOf, checkContiguousSizesStrides, isChannelsLastContiguousOrFalse } from "../../src/tensor/tensor.js";
import { runMeta, normalizeArgs, withDispatchMode, type DispatchMode } from "../../src/ops/index.js";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { SymInt } from "../../src/symbolic/symint.js";
import type { Size } from "../../src/ops/size.js";
import { exportCase } from "../serde_program/exports.js";

const metaOnly: DispatchMode = { dispatch: (op, args, kwargs) => runMeta(op, normalizeArgs(op.schema, args, kwargs)) };

/** A ShapeEnv with `x`'s dims 2 and 3 symbolic (hints 16), and the conv-like sizes H = (h - 1)//2 + 1. */
function setup() {
  const env = new ShapeEnv();
  const h = SymInt.of(env, env.createSymbol("L['x'].size()[2]", 16)) as SymInt;
  const w = SymInt.of(env, env.createSymbol("L['x'].size()[3]", 16)) as SymInt;
  const H = ((h.sub(1) as SymInt).floordiv(2) as SymInt).add(1) as SymInt;
  const W = ((w.sub(1) as SymInt).floordiv(2) as SymInt).add(1) as SymInt;
  return { env, h, w, H, W };
}
const guardsOf = (env: ShapeEnv) => env.guards.map((g) => String(g.expr));

describe("contiguous strides (make_contiguous_strides_for)", () => {
  it("multiply by sym_max(size, 1), which folds for sizes known positive", () => {
    const { env, h, w, H, W } = setup();
    expect(contiguousStridesOf([2, 3, h, w]).map(String)).toEqual(["3*s0*s53", "s0*s53", "s0", "1"]);
    const st = contiguousStridesOf([2, 16, H, W]).map(String);
    expect(st[3]).toBe("1");
    expect(st[2]).toBe("Max(1, (((s0 - 1)//2)) + 1)");
    expect(st[1]).toMatch(/^Max\(1, .*\)\*Max\(1, .*\)$/);
    expect(contiguousStridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStridesOf([2, 0, 4])).toEqual([4, 4, 1]);
    expect(env.guards).toHaveLength(0);
    env.free();
  });

  it("ShapeEnv.simplify drops Max(1, x) where x >= 1 follows from the ranges", () => {
    const { env, W } = setup();
    const m = (W.max(1) as SymInt).expr;
    expect(String(m)).toContain("Max(1,");
    expect(String(env.simplifyMax(m))).toBe(String(W.expr));
    // Deciding Max(1, W) == W uses it: no guard.
    expect(env.staticallyKnown(m.eq(W.expr))).toBe(true);
    expect(env.guards).toHaveLength(0);
    env.free();
  });
});

describe("contiguity checks", () => {
  it("check_contiguous_sizes_strides accepts both spellings and guards size != 1", () => {
    const { env, H, W } = setup();
    const sizes: Size[] = [2, 16, H, W];
    expect(checkContiguousSizesStrides(sizes, contiguousStridesOf(sizes))).toBe(true);
    const plain: Size[] = [(H.mul(W) as SymInt).mul(16), H.mul(W), W, 1];
    expect(checkContiguousSizesStrides(sizes, plain)).toBe(true);
    expect(guardsOf(env)).toEqual(["Ne((((s0 - 1)//2)) + 1, 1)", "Ne((((s53 - 1)//2)) + 1, 1)"]);
    env.free();
  });

  it("channels_last contiguity of a contiguous NCHW tensor guards its channel stride != 1", () => {
    const { env, H, W } = setup();
    const sizes: Size[] = [2, 16, H, W];
    expect(isChannelsLastContiguousOrFalse(sizes, contiguousStridesOf(sizes))).toBe(false);
    expect(env.guards).toHaveLength(1);
    expect(env.printGuard(env.guards[0]!.expr)).toBe(
      "(max(1, 1 + (((-1) + L['x'].size()[3]) // 2))*max(1, 1 + (((-1) + L['x'].size()[2]) // 2))) != 1",
    );
    env.free();
  });
});

describe("elementwise output layout on symbolic tensors", () => {
  it("a contiguous input: contiguous result, after the contiguity then channels_last checks", () => {
    const { env, H, W } = setup();
    const x = Tensor.fake([2, 16, H, W]);
    const y = withDispatchMode(metaOnly, () => torch.relu(x)) as Tensor;
    expect(y.stride().map(String)).toEqual(x.stride().map(String));
    expect(guardsOf(env)).toEqual([
      "Ne((((s0 - 1)//2)) + 1, 1)",
      "Ne((((s53 - 1)//2)) + 1, 1)",
      expect.stringMatching(/^Ne\(Max\(1, .*\)\*Max\(1, .*\), 1\)$/),
    ]);
    env.free();
  });

  it("a channels_last input gives a channels_last result", () => {
    const { env, h, w } = setup();
    const x = Tensor.fake([2, 3, h, w], undefined, [(w.mul(h) as SymInt).mul(3), 1, w.mul(3), 3]);
    const y = withDispatchMode(metaOnly, () => torch.relu(x)) as Tensor;
    expect(y.stride().map(String)).toEqual(["3*s0*s53", "1", "3*s0", "3"]);
    env.free();
  });

  it("add (FakeTensor's fast path) keeps a channels_last layout and decides on unbroadcast operands", () => {
    const { env, h, w, H, W } = setup();
    const cl = Tensor.fake([2, 3, h, w], undefined, [(w.mul(h) as SymInt).mul(3), 1, w.mul(3), 3]);
    const y = withDispatchMode(metaOnly, () => torch.add(cl, cl)) as Tensor;
    expect(y.stride().map(String)).toEqual(["3*s0*s53", "1", "3*s0", "3"]);
    // A contiguous NCHW tensor plus a per-channel bias: contiguous; only x's checks guard.
    const x = Tensor.fake([2, 16, H, W]);
    const before = env.guards.length;
    const z = withDispatchMode(metaOnly, () => torch.add(x, Tensor.fake([16, 1, 1]))) as Tensor;
    expect(z.stride().map(String)).toEqual(x.stride().map(String));
    // (x's own `size != 1` guards came with it; the add adds the channels_last one.)
    expect(guardsOf(env).slice(before)).toEqual([expect.stringMatching(/^Ne\(Max\(1, .*\)\*Max\(1, .*\), 1\)$/)]);
    env.free();
  });

  it("cnn_dynamic_hw_fixed records PyTorch's five guards, in order", () => {
    const ep = exportCase("zoo/cnn_dynamic_hw_fixed");
    expect(ep._guards_code).toEqual([
      "(((-2) + L['x'].size()[2]) % 2) == 0",
      "(((-2) + L['x'].size()[3]) % 2) == 0",
      "(1 + (((-1) + (L['x'].size()[3] // 2)) // 2)) != 1",
      "(1 + (((-1) + (L['x'].size()[2] // 2)) // 2)) != 1",
      "(max(1, 1 + (((-1) + (L['x'].size()[3] // 2)) // 2))*max(1, 1 + (((-1) + (L['x'].size()[2] // 2)) // 2))) != 1",
    ]);
  });
});
