// Elementwise ops of PyTorch's decomposition table, as torch/_decomp/decompositions.py and
// torch/_refs compute them: activations (hardswish, hardsigmoid, relu6, silu, mish, softplus),
// clamp_min/max, rsub, floor_divide, the Python operators (__and__ ...), where with a Scalar,
// masked_fill, max/min of two tensors, square.
import { Tensor } from "../../tensor/tensor.js";
import { aten, type Decomposition } from "./util.js";
import { Layout } from "../../fx/values.js";
import { resultType } from "../../tensor/promotion.js";

const STRIDED = new Layout("strided");

// A Python scalar as a 0-dim tensor of the dtype torch.where / masked_fill convert it to.
const scalar = (v: unknown, dtype: unknown): Tensor => aten("scalar_tensor.default", [v], { dtype, layout: STRIDED, device: "cpu" });

const clampMin = (x: unknown, min: unknown) => aten("clamp.default", [x, min]);
const clampMax = (x: unknown, max: unknown) => aten("clamp.default", [x, null, max]);

// hardsigmoid / hardswish: clamp(x + 3, 0, 6) / 6.
const relu6Of3 = (x: unknown) => clampMax(clampMin(aten("add.Tensor", [x, 3]), 0), 6);

const softplus: Decomposition = ([x, beta, threshold]) => {
  const scaled = aten("mul.Tensor", [x, beta]);
  const soft = aten("div.Tensor", [aten("log1p.default", [aten("exp.default", [scaled])]), beta]);
  return aten("where.self", [aten("gt.Scalar", [scaled, threshold]), x, soft]);
};

// The dtype of a Python scalar against a tensor (torch.result_type).
function scalarDtype(v: unknown, like: Tensor): unknown {
  return resultType([{ dtype: like.dtype, dim: like.dim() }, v as number | boolean]);
}

const masked = (valueTensor: boolean): Decomposition => ([self, mask, value]) => {
  const x = self as Tensor;
  const v = valueTensor ? aten("_to_copy.default", [value], { dtype: x.dtype }) : scalar(value, x.dtype);
  return aten("where.self", [mask, v, x]);
};

const python = (op: string): Decomposition => ([a, b]) => aten(`${op}.${b instanceof Tensor ? "Tensor" : "Scalar"}`, [a, b]);

export const ELEMENTWISE: Record<string, Decomposition> = {
  "hardswish.default": ([x]) => aten("div.Tensor", [aten("mul.Tensor", [x, relu6Of3(x)]), 6]),
  "hardsigmoid.default": ([x]) => aten("div.Tensor", [relu6Of3(x), 6]),
  "relu6.default": ([x]) => aten("hardtanh.default", [x, 0, 6]),
  "silu.default": ([x]) => aten("mul.Tensor", [x, aten("sigmoid.default", [x])]),
  "mish.default": ([x]) => aten("mul.Tensor", [x, aten("tanh.default", [softplus([x, 1, 20], undefined as never)])]),
  "softplus.default": softplus,
  "square.default": ([x]) => aten("pow.Tensor_Scalar", [x, 2]),
  "clamp_min.default": ([x, min]) => clampMin(x, min),
  "clamp_max.default": ([x, max]) => clampMax(x, max),
  "clamp_min.Tensor": ([x, min]) => aten("clamp.Tensor", [x, min]),
  "clamp_max.Tensor": ([x, max]) => aten("clamp.Tensor", [x, null, max]),
  "rsub.Tensor": ([self, other, alpha]) => aten("sub.Tensor", [other, self], alpha === 1 ? {} : { alpha }),
  "rsub.Scalar": ([self, other, alpha]) => {
    const x = self as Tensor;
    const scaled = alpha === 1 ? x : aten("mul.Tensor", [x, alpha]);
    return aten("sub.Tensor", [scalar(other, scalarDtype(other, x)), scaled]);
  },
  "floor_divide.default": ([a, b]) => aten("div.Tensor_mode", [a, b], { rounding_mode: "floor" }),
  "floor_divide.Scalar": ([a, b]) => aten("div.Tensor_mode", [a, b], { rounding_mode: "floor" }),
  "__and__.Tensor": python("bitwise_and"),
  "__and__.Scalar": python("bitwise_and"),
  "__or__.Tensor": python("bitwise_or"),
  "__or__.Scalar": python("bitwise_or"),
  "__xor__.Tensor": python("bitwise_xor"),
  "__xor__.Scalar": python("bitwise_xor"),
  "max.other": ([a, b]) => aten("maximum.default", [a, b]),
  "min.other": ([a, b]) => aten("minimum.default", [a, b]),
  "where.ScalarOther": ([c, self, other]) => aten("where.self", [c, self, scalar(other, scalarDtype(other, self as Tensor))]),
  "where.ScalarSelf": ([c, self, other]) => aten("where.self", [c, scalar(self, scalarDtype(self, other as Tensor)), other]),
  "where.Scalar": ([c, self, other]) => {
    const dtype = resultType([self as number | boolean, other as number | boolean]);
    return aten("where.self", [c, scalar(self, dtype), scalar(other, dtype)]);
  },
  "masked_fill.Scalar": masked(false),
  "masked_fill.Tensor": masked(true),
  "detach.default": ([x]) => x,
  "item.default": ([x]) => aten("_local_scalar_dense.default", [x]),
  "fill.Tensor": ([self, value]) => aten("copy.default", [self, value]),
};
