// Tensors, dtypes, promotion, factories, and the `torch` namespace object (ops + factories).
import "../ops/impl/index.js";
import "./methods.js";
import * as dtypes from "./dtype.js";
import * as factories from "./factories.js";
import * as functional from "../ops/functional.js";
import { manual_seed } from "./random.js";
import { promoteTypes, resultType } from "./promotion.js";
import { aten } from "../ops/registry.js";
import { Tensor } from "./tensor.js";
import { torchFunction, torchNamespace } from "../export/torch_fn.js";

export { Tensor, wrapDim, contiguousStridesOf } from "./tensor.js";
export * from "./dtype.js";
export * from "./factories.js";
export { manual_seed } from "./random.js";
export { promoteTypes, resultType, elementwiseDtype, type PromotionKind } from "./promotion.js";

/** torch.result_type(a, b) for tensors and Python scalars. */
function result_type(a: Tensor | number | boolean, b: Tensor | number | boolean) {
  const op = (x: Tensor | number | boolean) => (x instanceof Tensor ? { dtype: x.dtype, dim: x.ndim } : x);
  return resultType([op(a), op(b)]);
}

/** The `torch` namespace without nn/F (src/nn adds those): dtypes, factories, ops, `torch.ops.aten`. */
export const torch = {
  // Each function is the torch function PyTorch's is (node.meta.torch_fn: `builtin_function_or_method.cat`).
  ...torchNamespace(functional),
  ...torchNamespace(factories),
  linalg: { vector_norm: torchFunction("builtin_function_or_method.linalg_vector_norm", functional.linalg_vector_norm) },
  float32: dtypes.float32, float: dtypes.float32, float64: dtypes.float64, double: dtypes.float64,
  float16: dtypes.float16, half: dtypes.float16, bfloat16: dtypes.bfloat16, int64: dtypes.int64, long: dtypes.int64,
  int32: dtypes.int32, int: dtypes.int32, int16: dtypes.int16, short: dtypes.int16, int8: dtypes.int8,
  uint8: dtypes.uint8, bool: dtypes.bool,
  get_default_dtype: dtypes.get_default_dtype, set_default_dtype: dtypes.set_default_dtype,
  manual_seed, promote_types: promoteTypes, result_type, Tensor,
  ops: { aten },
};
