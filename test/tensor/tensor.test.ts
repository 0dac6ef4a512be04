// Tensor basics: factories, metadata, views sharing storage, dtypes, PyTorch's CPU generator.
import { describe, expect, it } from "vitest";
import { torch, f16round, bf16round } from "../../src/tensor/index.js";
import { TorchIndexError, TorchRuntimeError } from "../../src/ops/errors.js";
import { Pt2jsError } from "../../src/core/errors.js";

const close = (a: number[], b: number[], tol = 1e-4) => a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(tol));

describe("factories and metadata", () => {
  it("tensor() infers dtype and shape", () => {
    expect(torch.tensor([[1, 2], [3, 4]]).dtype).toBe(torch.int64);
    expect(torch.tensor([1.5, 2]).dtype).toBe(torch.float32);
    expect(torch.tensor([true, false]).dtype).toBe(torch.bool);
    const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float64 });
    expect(x.shape).toEqual([2, 3]);
    expect(x.size(-1)).toBe(3);
    expect(x.dim()).toBe(2);
    expect(x.numel()).toBe(6);
    expect(x.stride()).toEqual([3, 1]);
    expect(x.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(() => x.size(2)).toThrow(TorchIndexError);
    expect(() => x.size(2)).toThrow("Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  });
  it("shapes as varargs or an array, with options", () => {
    expect(torch.zeros(2, 3).shape).toEqual([2, 3]);
    expect(torch.ones([2, 3], { dtype: torch.int32 }).dtype).toBe(torch.int32);
    expect(torch.full([2], 7).tolist()).toEqual([7, 7]);
    expect(torch.full([2], 7).dtype).toBe(torch.int64);
    expect(torch.full([2], 0.5).dtype).toBe(torch.float32);
    expect(torch.arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(torch.arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    const x = torch.ones(2, 2);
    expect(x.new_zeros(3).tolist()).toEqual([0, 0, 0]);
    expect(x.new_full([1], 2).tolist()).toEqual([2]);
    expect(torch.zeros_like(x, { dtype: torch.bool }).dtype).toBe(torch.bool);
    expect(() => torch.zeros(-1)).toThrow("Trying to create tensor with negative dimension -1: [-1]");
  });
  it("item() and the dtype casts", () => {
    expect(torch.tensor([2.5]).item()).toBe(2.5);
    expect(torch.tensor([true]).item()).toBe(true);
    expect(() => torch.tensor([1, 2]).item()).toThrow("a Tensor with 2 elements cannot be converted to Scalar");
    expect(torch.tensor([1.7, -1.7]).long().tolist()).toEqual([1, -1]);
    expect(torch.tensor([300]).to(torch.uint8).tolist()).toEqual([44]);
    expect(torch.tensor([0.1]).half().item()).toBe(f16round(0.1));
    expect(f16round(0.1)).toBe(0.0999755859375);
    expect(bf16round(0.1)).toBe(0.10009765625);
    expect(f16round(70000)).toBe(Infinity);
  });
});

describe("views share storage", () => {
  it("view/transpose/slice/select alias the input; contiguous copies", () => {
    const x = torch.arange(6, { dtype: torch.float32 }).view(2, 3);
    const t = x.t();
    expect(t.stride()).toEqual([1, 3]);
    expect(t.is_contiguous()).toBe(false);
    expect(t._storage).toBe(x._storage);
    expect(t.contiguous().tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    const s = x.slice(1, 1, null, 1);
    expect(s.storage_offset()).toBe(1);
    s.fill_(9);
    expect(x.tolist()).toEqual([[0, 9, 9], [3, 9, 9]]);
    expect(x.select(0, -1).tolist()).toEqual([3, 9, 9]);
    expect(() => x.select(0, 2)).toThrow("select(): index 2 out of range for tensor of size [2, 3] at dimension 0");
    expect(() => t.view(6)).toThrow("view size is not compatible with input tensor's size and stride");
    expect(t.reshape(6).tolist()).toEqual([0, 3, 9, 9, 9, 9]);
    expect(() => x.view(4, 2)).toThrow("shape '[4, 2]' is invalid for input of size 6");
  });
  it("in-place ops write through views and check dtypes", () => {
    const x = torch.zeros(2, 2);
    x.select(0, 1).add_(1);
    expect(x.tolist()).toEqual([[0, 0], [1, 1]]);
    const i = torch.zeros(2, { dtype: torch.int64 });
    expect(() => i.add_(0.5)).toThrow("result type Float can't be cast to the desired output type Long");
  });
});

describe("indexing helpers", () => {
  const x = torch.arange(12).view(3, 4);
  it("narrow, index with integer and boolean tensors", () => {
    expect(x.narrow(1, 1, 2).tolist()).toEqual([[1, 2], [5, 6], [9, 10]]);
    expect(x.index([torch.tensor([2, 0])]).tolist()).toEqual([[8, 9, 10, 11], [0, 1, 2, 3]]);
    expect(x.index([null, torch.tensor([0, 3])]).tolist()).toEqual([[0, 3], [4, 7], [8, 11]]);
    expect(x.index([x.gt(9)]).tolist()).toEqual([10, 11]);
    expect(() => x.index([torch.tensor([3])])).toThrow("index 3 is out of bounds for dimension 0 with size 3");
  });
});

describe("PyTorch's CPU generator", () => {
  it("torch.manual_seed(0) reproduces torch.randn / torch.rand", () => {
    // Values printed by PyTorch: torch.manual_seed(0); torch.randn(3) / torch.rand(3).
    torch.manual_seed(0);
    close(torch.randn(3).tolist() as number[], [1.5410, -0.2934, -2.1788]);
    torch.manual_seed(0);
    close(torch.rand(3).tolist() as number[], [0.4963, 0.7682, 0.0885]);
    torch.manual_seed(42);
    close(torch.rand(3).tolist() as number[], [0.8823, 0.9150, 0.3829]);
    // 16+ elements take the vectorized Box–Muller path: torch.manual_seed(0); torch.randn(4, 4).
    torch.manual_seed(0);
    const r = torch.randn(4, 4).tolist() as number[][];
    close(r[0]!, [-1.1258, -1.1524, -0.2506, -0.4339]);
    close(r[1]!, [0.8487, 0.6920, -0.3160, -2.1152]);
    torch.manual_seed(0);
    expect(torch.randint(0, 10, [5]).tolist()).toEqual([4, 9, 3, 0, 3]);
  });
});

describe("errors are typed with PyTorch's wording", () => {
  it("mm shape mismatch", () => {
    const e = (() => {
      try {
        torch.mm(torch.zeros(8, 16), torch.zeros(15, 32));
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(TorchRuntimeError);
    expect(e).toBeInstanceOf(Pt2jsError);
    expect((e as Error).message).toBe("mat1 and mat2 shapes cannot be multiplied (8x16 and 15x32)");
  });
  it("linear, broadcast, cat, conv", () => {
    expect(() => torch.linear(torch.zeros(8, 16), torch.zeros(32, 15))).toThrow("mat1 and mat2 shapes cannot be multiplied (8x16 and 15x32)");
    expect(() => torch.zeros(2, 3).add(torch.zeros(4))).toThrow(
      "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1");
    expect(() => torch.cat([torch.zeros(2, 3), torch.zeros(3, 3)], 1)).toThrow(
      "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.");
    expect(() => torch.conv2d(torch.zeros(2, 4, 8, 8), torch.zeros(16, 3, 3, 3))).toThrow(
      "Given groups=1, weight of size [16, 3, 3, 3], expected input[2, 4, 8, 8] to have 3 channels, but got 4 channels instead");
    expect(() => torch.zeros(2).sub(torch.zeros(2).bool().bool(), {}).bool().sub(torch.zeros(2).bool())).toThrow(
      "Subtraction, the `-` operator, with two bool tensors is not supported.");
  });
});

describe("x.at(): Python indexing", () => {
  const x = torch.arange(24).view(2, 3, 4);
  it("ints, slices, None and ellipsis", () => {
    expect(x.at(1).shape).toEqual([3, 4]);
    expect(x.at("1:, None, ..., 0").tolist()).toEqual([[[12, 16, 20]]]);
    expect(x.at(":, ::2, -1").tolist()).toEqual([[3, 11], [15, 23]]);
    expect(x.at("..., 1:3").shape).toEqual([2, 3, 2]);
    expect(x.at(0, ":", null).shape).toEqual([3, 1, 4]);
    expect(() => x.at("0, 0, 0, 0")).toThrow("too many indices for tensor of dimension 3");
    expect(() => x.at(2)).toThrow("index 2 is out of bounds for dimension 0 with size 2");
  });
  it("tensor indices become one index.Tensor", () => {
    expect(x.at(torch.tensor([1, 0]), 0, 0).tolist()).toEqual([12, 0]);
    expect(x.at(":", torch.tensor([2])).shape).toEqual([2, 1, 4]);
    const m = torch.tensor([true, false]);
    expect(x.at(m).shape).toEqual([1, 3, 4]);
  });
  it("records PyTorch's op sequence (open stop is INT64_MAX)", async () => {
    const { withDispatchMode, runMeta, normalizeArgs } = await import("../../src/ops/index.js");
    const calls: string[] = [];
    withDispatchMode({
      dispatch(op, args, kwargs) {
        calls.push(`${op}(${args.slice(1).map((a) => (a === null ? "None" : String(a))).join(", ")})`);
        return runMeta(op, normalizeArgs(op.schema, args, kwargs));
      },
    }, () => x.at(":1, 1::2"));
    expect(calls).toEqual(["aten.slice.Tensor(0, 0, 1)", "aten.slice.Tensor(1, 1, 9223372036854775807, 2)"]);
  });
});

describe("argument checking", () => {
  it("wrong argument kinds raise PyTorch's TypeError, not a crash", async () => {
    const { TorchTypeError } = await import("../../src/ops/errors.js");
    const x = torch.ones(2);
    expect(() => torch.add(x, "a" as never)).toThrow(TorchTypeError);
    expect(() => torch.add(x, "a" as never)).toThrow("add(): argument 'other' (position 2) must be Tensor, not str");
    // Two overloads fit one argument: python_arg_parser lists them.
    expect(() => x.view("a" as never)).toThrow("view() received an invalid combination of arguments - got (str), but expected one of:\n * (torch.dtype dtype)\n * (tuple of ints size)");
    expect(() => x.view(["a"] as never)).toThrow("view() received an invalid combination of arguments - got (list), but expected one of:");
    expect(() => torch.cat([x, 1 as never])).toThrow(TorchTypeError);
    expect(() => x.sum(1.5)).toThrow(TorchTypeError);
  });
});

describe("x.set(): Python item assignment", () => {
  it("fills, copies with broadcasting, and index_puts", () => {
    const x = torch.zeros(3, 4);
    x.set("0", 1);
    x.set(["1:, 1:3"], torch.tensor([[5, 6]], { dtype: torch.float32 }));
    x.set([torch.tensor([2]), torch.tensor([0])], 7);
    expect(x.tolist()).toEqual([[1, 1, 1, 1], [0, 5, 6, 0], [7, 5, 6, 0]]);
    const m = x.gt(4);
    x.set([m], 0);
    expect(x.tolist()).toEqual([[1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]);
  });
});
