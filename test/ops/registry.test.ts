// The op registry, the dispatcher's mode hook, and meta functions on fake (storage-less) tensors,
// including symbolic sizes from src/symbolic.
import { describe, expect, it } from "vitest";
import { torch, Tensor } from "../../src/tensor/index.js";
import {
  aten, lookupOp, allOps, dispatch, runMeta, normalizeArgs, fxArgs, withDispatchMode, type DispatchMode, type OpOverload,
} from "../../src/ops/index.js";
import { CORPUS_OPS } from "../../src/ops/schemas.generated.js";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { SymInt } from "../../src/symbolic/symint.js";

const meta = (op: OpOverload, args: unknown[], kwargs = {}) => runMeta(op, normalizeArgs(op.schema, args, kwargs));

describe("registry", () => {
  it("OpOverload names and schema", () => {
    const op = aten.linear!.default!;
    expect(op.qualifiedName).toBe("torch.ops.aten.linear.default");
    expect(op.name).toBe("aten::linear");
    expect(op.overload).toBe("default");
    expect(String(op)).toBe("aten.linear.default");
    expect(op.schema.args.map((a) => a.name)).toEqual(["input", "weight", "bias"]);
    expect(op.schema.args[2]!.type.optional).toBe(true);
    expect(op.schema.args[2]!.default).toBe(null);
    const add = aten.add!.Tensor!;
    expect(add.schema.args[2]).toMatchObject({ name: "alpha", kwargOnly: true, default: 1 });
    expect(add.isMutable).toBe(false);
    expect(aten.add_!.Tensor!.isMutable).toBe(true);
    expect(aten.add_!.Tensor!.schema.args[0]!.type.alias).toEqual({ set: "a", isWrite: true });
    const conv = aten.conv2d!.default!.schema;
    expect(conv.args.find((a) => a.name === "stride")!.default).toEqual([1, 1]);
    expect(conv.args.find((a) => a.name === "stride")!.type).toMatchObject({ base: "SymInt", isList: true, listSize: 2 });
    expect(aten.max!.dim!.schema.returns.map((r) => r.name)).toEqual(["values", "indices"]);
    expect(aten.split!.Tensor!.schema.returns[0]!.type).toMatchObject({ isList: true, alias: { set: "a", isWrite: false } });
    expect(aten._assert_scalar!.default!.isImpure).toBe(true);
    expect(aten.relu!.default!.isImpure).toBe(false);
    expect(lookupOp("torch.ops.aten.view.default")).toBe(aten.view!.default);
    expect(lookupOp("aten::add.Tensor")).toBe(add);
    expect(lookupOp("relu")).toBe(aten.relu!.default);
  });

  it("every op the corpus graphs name has a meta function", () => {
    const missing = CORPUS_OPS.filter((k) => !lookupOp(k)?.impl);
    expect(missing).toEqual([]);
    expect(CORPUS_OPS.length).toBeGreaterThan(70);
    expect(allOps().filter((o) => o.impl).length).toBeGreaterThan(250);
  });

  it("normalizes arguments with PyTorch's defaults and names", () => {
    const op = aten.sum!.dim_IntList!;
    expect(normalizeArgs(op.schema, [torch.ones(2), 1], { keepdim: true })).toEqual([expect.any(Tensor), [1], true, null]);
    expect(() => normalizeArgs(op.schema, [torch.ones(2), 1], { keep: true })).toThrow("sum() got an unexpected keyword argument 'keep'");
  });
});

describe("dispatch", () => {
  it("a mode sees every op call instead of eager execution", () => {
    const seen: string[] = [];
    const mode: DispatchMode = {
      dispatch(op, args, kwargs) {
        seen.push(`${op.qualifiedName}(${args.length}, ${JSON.stringify(kwargs)})`);
        return runMeta(op, normalizeArgs(op.schema, args, kwargs));
      },
    };
    const x = torch.ones(2, 3);
    const y = withDispatchMode(mode, () => x.sum(1, { keepdim: true }).relu().div(2, { rounding_mode: "floor" }));
    expect(seen).toEqual([
      'torch.ops.aten.sum.dim_IntList(3, {})',
      'torch.ops.aten.relu.default(1, {})',
      'torch.ops.aten.div.Tensor_mode(2, {"rounding_mode":"floor"})',
    ]);
    expect(y.is_fake).toBe(true);
    expect(y.shape).toEqual([2, 1]);
    // Eager again afterwards.
    expect(x.sum().item()).toBe(6);
  });

  it("fake tensors carry metadata only", () => {
    const x = Tensor.fake([4, 8]);
    const w = Tensor.fake([16, 8]);
    const y = meta(aten.linear!.default!, [x, w]) as Tensor;
    expect(y.shape).toEqual([4, 16]);
    expect(y.is_fake).toBe(true);
    expect(() => y.tolist()).toThrow("Cannot access data of a fake tensor");
    expect(() => meta(aten.mm!.default!, [Tensor.fake([8, 16]), Tensor.fake([15, 32])])).toThrow(
      "mat1 and mat2 shapes cannot be multiplied (8x16 and 15x32)");
  });

  it("meta functions keep symbolic sizes symbolic", () => {
    const env = new ShapeEnv();
    try {
      const s = SymInt.of(env, env.createSymbol("L['x'].size()[0]", 8));
      const x = Tensor.fake([s, 3, 16, 16]);
      const y = meta(aten.conv2d!.default!, [x, Tensor.fake([6, 3, 3, 3]), null, [1, 1], [1, 1]]) as Tensor;
      expect(y.shape.map(String)).toEqual(["s77", "6", "16", "16"]);
      expect(y._stride.map(String)).toEqual(["1536", "256", "16", "1"]);
      const v = meta(aten.view!.default!, [y, [-1, 1536]]) as Tensor;
      expect(v.shape.map(String)).toEqual(["s77", "1536"]);
      const c = meta(aten.cat!.default!, [[x, x], 0]) as Tensor;
      expect(c.shape.map(String)).toEqual(["2*s77", "3", "16", "16"]);
      const p = meta(aten.max_pool2d!.default!, [y, [2, 2], [2, 2]]) as Tensor;
      expect(p.shape.map(String)).toEqual(["s77", "6", "8", "8"]);
      const e = meta(aten.expand!.default!, [Tensor.fake([1, 3]), [s, 3]]) as Tensor;
      expect(e.shape.map(String)).toEqual(["s77", "3"]);
      expect(e.stride()).toEqual([0, 1]);
    } finally {
      env.free();
    }
  });

  it("eager dispatch with raw aten calls", () => {
    const x = torch.tensor([[1, -2], [3, -4]], { dtype: torch.float32 });
    expect((dispatch(aten.relu!.default!, [x]) as Tensor).tolist()).toEqual([[1, 0], [3, 0]]);
    const [v, i] = dispatch(aten.max!.dim!, [x, 1]) as Tensor[];
    expect(v!.tolist()).toEqual([1, 3]);
    expect(i!.tolist()).toEqual([0, 0]);
  });
});

describe("fxArgs: arguments as PyTorch's FX nodes record them", () => {
  const x = torch.ones(1, 3, 8, 8);
  const w = torch.ones(4, 3, 3, 3);
  const fx = (op: OpOverload, args: unknown[], kwargs = {}) => {
    const r = fxArgs(op.schema, args, kwargs);
    return { args: r.args.map((a) => (a instanceof Tensor ? "T" : a)), kwargs: r.kwargs };
  };
  it("drops trailing defaults, expands int[N], keeps non-default kwarg-only args", () => {
    // nn.Conv2d passes every argument; the node shows `conv2d(x, w, b, [1, 1], [1, 1])`.
    expect(fx(aten.conv2d!.default!, [x, w, w, [1, 1], [1, 1], [1, 1], 1])).toEqual({ args: ["T", "T", "T", [1, 1], [1, 1]], kwargs: {} });
    expect(fx(aten.max_pool2d!.default!, [x, 2, 2])).toEqual({ args: ["T", [2, 2], [2, 2]], kwargs: {} });
    expect(fx(aten.sum!.dim_IntList!, [x, 1], { keepdim: true })).toEqual({ args: ["T", [1], true], kwargs: {} });
    expect(fx(aten.div!.Tensor_mode!, [x, 2], { rounding_mode: "floor" })).toEqual({ args: ["T", 2], kwargs: { rounding_mode: "floor" } });
    expect(fx(aten.add!.Tensor!, [x, 2], { alpha: 1 })).toEqual({ args: ["T", 2], kwargs: {} });
    expect(fx(aten.linear!.default!, [x, w, null])).toEqual({ args: ["T", "T"], kwargs: {} });
  });
});
