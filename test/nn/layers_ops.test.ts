// Each layer's forward dispatches the aten op PyTorch's forward calls, with PyTorch's arguments
// (as the reference graphs show them: e.g. BatchNorm2d in eval → aten.batch_norm(..., False, 0.1, 1e-05, False)).
import { describe, expect, it } from "vitest";
import { torch, nn, F } from "../../src/torch.js";
import { Tensor } from "../../src/tensor/index.js";
import { normalizeArgs, runEager, withDispatchMode, type OpOverload } from "../../src/ops/index.js";

/** Runs fn eagerly, recording every op call: "linear.default" → its arguments (schema order, defaults filled). */
function record(fn: () => unknown): [string, unknown[]][] {
  const calls: [string, unknown[]][] = [];
  withDispatchMode({
    dispatch(op: OpOverload, args, kwargs) {
      const a = normalizeArgs(op.schema, args, kwargs);
      calls.push([`${op.packetName}.${op.overload}`, a]);
      return runEager(op, a);
    },
  }, fn);
  return calls;
}

/** The recorded ops' names, and their non-tensor arguments (tensors shown as "T"). */
function summary(calls: [string, unknown[]][]): [string, unknown[]][] {
  const show = (v: unknown): unknown => (v instanceof Tensor ? "T" : Array.isArray(v) ? v.map(show) : v);
  return calls.map(([k, a]) => [k, a.map(show)]);
}

const x4 = () => torch.randn(2, 3, 8, 8);
/** Records one call of an already constructed module (construction dispatches factory ops too). */
const run = (m: nn.Module, x: Tensor) => record(() => m(x));

describe("layers dispatch PyTorch's ops", () => {
  it("Linear → aten.linear(input, weight, bias)", () => {
    const lin = new nn.Linear(3, 2);
    const x = torch.randn(4, 3);
    const calls = record(() => lin(x));
    expect(calls.map(([k]) => k)).toEqual(["linear.default"]);
    expect(calls[0]![1]).toEqual([x, lin.weight, lin.bias]);
    expect(summary(run(new nn.Linear(3, 2, { bias: false }), x))).toEqual([["linear.default", ["T", "T", null]]]);
  });

  it("Conv1d / Conv2d / ConvTranspose2d → aten.conv1d / conv2d / conv_transpose2d.input", () => {
    const x = x4();
    expect(summary(run(new nn.Conv2d(3, 8, 3, { padding: 1 }), x))).toEqual([["conv2d.default", ["T", "T", "T", [1, 1], [1, 1], [1, 1], 1]]]);
    expect(summary(run(new nn.Conv2d(3, 6, [3, 1], { stride: 2, groups: 3, bias: false }), x))).toEqual([
      ["conv2d.default", ["T", "T", null, [2, 2], [0, 0], [1, 1], 3]],
    ]);
    expect(summary(run(new nn.Conv2d(3, 4, 3, { padding: 1, padding_mode: "reflect" }), x))).toEqual([
      ["pad.default", ["T", [1, 1, 1, 1], "reflect", null]],
      ["conv2d.default", ["T", "T", "T", [1, 1], [0, 0], [1, 1], 1]],
    ]);
    const x1 = torch.randn(2, 3, 10);
    expect(summary(run(new nn.Conv1d(3, 4, 3, { dilation: 2 }), x1))).toEqual([
      ["conv1d.default", ["T", "T", "T", [1], [0], [2], 1]],
    ]);
    const ct = new nn.ConvTranspose2d(3, 4, 2, { stride: 2 });
    expect(ct.weight.shape).toEqual([3, 4, 2, 2]);
    const calls = record(() => ct(x));
    expect(summary(calls)).toEqual([["conv_transpose2d.input", ["T", "T", "T", [2, 2], [0, 0], [0, 0], 1, [1, 1]]]]);
  });

  it("BatchNorm2d: eval uses running stats; train updates num_batches_tracked then normalizes with batch stats", () => {
    const bn = new nn.BatchNorm2d(3).eval();
    const x = x4();
    expect(summary(record(() => bn(x)))).toEqual([["batch_norm.default", ["T", "T", "T", "T", "T", false, 0.1, 1e-5, false]]]);
    bn.train();
    expect(summary(record(() => bn(x)))).toEqual([
      ["add_.Tensor", ["T", 1, 1]],
      ["batch_norm.default", ["T", "T", "T", "T", "T", true, 0.1, 1e-5, false]],
    ]);
    expect(bn.num_batches_tracked!.item()).toBe(1);
    const noStats = new nn.BatchNorm1d(3, { track_running_stats: false, affine: false }).eval();
    expect(summary(run(noStats, torch.randn(4, 3)))).toEqual([["batch_norm.default", ["T", null, null, null, null, true, 0.1, 1e-5, false]]]);
  });

  it("LayerNorm / GroupNorm → aten.layer_norm / group_norm with cudnn_enable False", () => {
    const x = torch.randn(2, 4, 6);
    expect(summary(run(new nn.LayerNorm(6), x))).toEqual([["layer_norm.default", ["T", [6], "T", "T", 1e-5, false]]]);
    expect(summary(run(new nn.GroupNorm(2, 4, { eps: 1e-3 }), x))).toEqual([["group_norm.default", ["T", 2, "T", "T", 1e-3, false]]]);
  });

  it("activations, pooling, dropout, flatten, embedding, upsample", () => {
    const x = x4();
    const cases: [nn.Module, [string, unknown[]][]][] = [
      [new nn.ReLU(), [["relu.default", ["T"]]]],
      [new nn.ReLU6(), [["hardtanh.default", ["T", 0, 6]]]],
      [new nn.GELU({ approximate: "tanh" }), [["gelu.default", ["T", "tanh"]]]],
      [new nn.SiLU(), [["silu.default", ["T"]]]],
      [new nn.Sigmoid(), [["sigmoid.default", ["T"]]]],
      [new nn.Tanh(), [["tanh.default", ["T"]]]],
      [new nn.Hardswish(), [["hardswish.default", ["T"]]]],
      [new nn.Softmax(1), [["softmax.int", ["T", 1, null]]]],
      [new nn.LogSoftmax(-1), [["log_softmax.int", ["T", -1, null]]]],
      [new nn.MaxPool2d(2), [["max_pool2d.default", ["T", [2, 2], [2, 2], [0, 0], [1, 1], false]]]],
      [new nn.AvgPool2d(2, { stride: 1 }), [["avg_pool2d.default", ["T", [2, 2], [1, 1], [0, 0], false, true, null]]]],
      [new nn.AdaptiveAvgPool2d(1), [["adaptive_avg_pool2d.default", ["T", [1, 1]]]]],
      [new nn.Dropout(0.1).eval(), [["dropout.default", ["T", 0.1, false]]]],
      [new nn.Flatten(), [["flatten.using_ints", ["T", 1, -1]]]],
      [new nn.Identity(), []],
      [new nn.Upsample({ scale_factor: 2 }), [["upsample_nearest2d.vec", ["T", null, [2, 2]]]]],
      [new nn.Upsample({ size: [4, 4], mode: "bilinear" }), [["upsample_bilinear2d.vec", ["T", [4, 4], false, null]]]],
    ];
    for (const [m, want] of cases) expect(summary(record(() => m(x))), m.constructor.name).toEqual(want);
    const idx = torch.tensor([[1, 2], [0, 3]]);
    expect(summary(run(new nn.Embedding(5, 3), idx))).toEqual([["embedding.default", ["T", "T", -1, false, false]]]);
    expect(summary(run(new nn.Embedding(5, 3, { padding_idx: -1 }), idx))).toEqual([["embedding.default", ["T", "T", 4, false, false]]]);
  });

  it("F.max_pool2d with stride None passes an empty stride; F.scaled_dot_product_attention takes options", () => {
    const x = x4();
    expect(summary(record(() => F.max_pool2d(x, 2)))).toEqual([["max_pool2d.default", ["T", [2, 2], [], [0, 0], [1, 1], false]]]);
    const q = torch.randn(1, 2, 4, 8);
    const a = record(() => F.scaled_dot_product_attention(q, q, q, { is_causal: true, scale: 0.5 }));
    expect(summary(a)).toEqual([["scaled_dot_product_attention.default", ["T", "T", "T", null, 0, true, 0.5, false]]]);
    const b = summary(record(() => F.scaled_dot_product_attention(q, q, q, null, 0, true)));
    expect(b).toEqual([["scaled_dot_product_attention.default", ["T", "T", "T", null, 0, true, null, false]]]);
  });
});
