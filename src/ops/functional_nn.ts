// torch.* functions for reductions, linear algebra, indexing and neural-network ops, bound from
// their ATen schemas (src/bind/bound.ts). CompositeImplicit overloads that PyTorch's trace
// replaces by another overload (var.dim → var.correction, max.other → maximum) say so here.
import { Tensor } from "../tensor/tensor.js";
import { callT } from "./call.js";
import { bound, pyBound, redirectTo, type BoundFn } from "../bind/bound.js";
import type { Parsed } from "../bind/aten.js";
import { PySignature } from "../bind/python.js";

/** A (values, indices) result, also readable as `.values` / `.indices` like PyTorch's named tuple. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

// ---------------------------------------------------------------- reductions
export const sum = bound("sum"), mean = bound("mean"), prod = bound("prod");
export const amax = bound("amax"), amin = bound("amin"), argmax = bound("argmax"), argmin = bound("argmin");
export const all = bound("all"), any = bound("any");
const maxMin = (name: "max" | "min", other: "maximum" | "minimum") =>
  bound<Tensor | ValuesIndices>(name, { on: { [`${name}.other`]: redirectTo(`${other}.default`) } });
/** torch.max(x) / max(x, dim, keepdim=False) → (values, indices) / max(x, other) (elementwise) */
export const max = maxMin("max", "maximum"), min = maxMin("min", "minimum");

// var.default / var.dim are CompositeImplicit: at::var calls var.correction with
// correction = unbiased ? 1 : 0, which is what export records.
const toCorrection = (p: Parsed): Parsed => {
  const [self, a1, a2, a3] = p.args;
  if (p.op.overload === "default") return { op: p.op, args: [self], kwargs: { correction: a1 === false ? 0 : 1 } };
  const kwargs: Record<string, unknown> = { correction: a2 === false ? 0 : 1 };
  if (a3 === true) kwargs.keepdim = true;
  return { op: p.op, args: [self, a1 ?? null], kwargs };
};
const varStd = (name: "var" | "std") =>
  bound(name, { on: { [`${name}.default`]: redirectTo(`${name}.correction`, toCorrection), [`${name}.dim`]: redirectTo(`${name}.correction`, toCorrection) } });
export const var_ = varStd("var"), std = varStd("std");
export { var_ as var };
export const cumsum = bound("cumsum"), cumprod = bound("cumprod");
export const softmax = bound("softmax"), log_softmax = bound("log_softmax");
/** torch.topk(x, k, dim=-1, largest=True, sorted=True) → (values, indices) */
export const topk = bound<ValuesIndices>("topk");
/** torch.sort(x, dim=-1, descending=False, *, stable) → (values, indices) */
export const sort = bound<ValuesIndices>("sort");
export const argsort = bound("argsort");
export const logsumexp = bound("logsumexp");

// ---------------------------------------------------------------- linear algebra
export const mm = bound("mm"), bmm = bound("bmm"), matmul = bound("matmul");
export const addmm = bound("addmm"), baddbmm = bound("baddbmm"), addmv = bound("addmv");
/** torch.einsum(equation, *operands) (torch/functional.py); einsum(eq, [a, b]) too. */
const EINSUM = new PySignature("einsum", [{ name: "args", kind: "VAR_POSITIONAL" }]);
export const einsum = ((...all: unknown[]): Tensor => {
  const [args] = EINSUM.bindCall(all) as [unknown[]];
  const [equation, ...operands] = args;
  return callT("einsum.default", [equation, operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands]);
}) as BoundFn<Tensor>;
export const linear = bound("linear");
/** torch.linalg.vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None) */
export const linalg_vector_norm = bound("linalg_vector_norm");
export const linalg = { vector_norm: linalg_vector_norm };

// ---------------------------------------------------------------- indexing
export const gather = bound("gather"), scatter = bound("scatter"), index_select = bound("index_select");
export const index_add = bound("index_add"), masked_fill = bound("masked_fill");
/** x.nonzero(*, as_tuple=False) (a manual binding in PyTorch). */
const NONZERO = new PySignature("nonzero", [{ name: "input", kind: "POSITIONAL_OR_KEYWORD" }, { name: "as_tuple", kind: "KEYWORD_ONLY", default: false }]);
export const nonzero = pyBound(NONZERO, (input: Tensor, as_tuple: boolean): Tensor => {
  if (!as_tuple) return callT("nonzero.default", [input]);
  // nonzero_numpy: a 0-d input counts as 1-d.
  const nz = callT("nonzero.default", [input.ndim === 0 ? callT("unsqueeze.default", [input, 0]) : input]);
  return callT("unbind.int", [nz, 1]) as unknown as Tensor;
});
/** Data-dependent outputs: masked_select / nonzero_static / bincount / multinomial sizes are
 * unbacked symbols under export; kthvalue(x, k, dim=-1, keepdim=False) → (values, indices). */
export const masked_select = bound("masked_select"), nonzero_static = bound("nonzero_static"), bincount = bound("bincount");
export const multinomial = bound("multinomial"), kthvalue = bound<ValuesIndices>("kthvalue");
export const expand_copy = bound("expand_copy");
/** x.index([i0, null, i2]): Python's x[i0, :, i2] with integer or boolean index tensors (null = full slice). */
export const index = bound("index");
export const index_put = bound("index_put"), index_put_ = bound("index_put_");

// ---------------------------------------------------------------- neural-network ops (aten names)
export const conv1d = bound("conv1d"), conv2d = bound("conv2d");
export const conv_transpose1d = bound("conv_transpose1d"), conv_transpose2d = bound("conv_transpose2d");
export const batch_norm = bound("batch_norm"), layer_norm = bound("layer_norm"), group_norm = bound("group_norm");
export const embedding = bound("embedding"), dropout = bound("dropout");
export const scaled_dot_product_attention = bound("scaled_dot_product_attention");
export const max_pool2d = bound("max_pool2d");
export const max_pool2d_with_indices = bound<[Tensor, Tensor]>("max_pool2d_with_indices");
export const avg_pool1d = bound("avg_pool1d"), avg_pool2d = bound("avg_pool2d");
export const adaptive_avg_pool1d = bound("adaptive_avg_pool1d"), adaptive_avg_pool2d = bound("adaptive_avg_pool2d");
export const constant_pad_nd = bound("constant_pad_nd");
/** torch._C._nn.pad(input, pad, mode="constant", value=None) */
export const pad = bound("pad");
export const reflection_pad1d = bound("reflection_pad1d"), reflection_pad2d = bound("reflection_pad2d");
export const replication_pad1d = bound("replication_pad1d"), replication_pad2d = bound("replication_pad2d");
const vec = (o: { overload: string }) => o.overload === "vec";
export const upsample_nearest2d = bound("upsample_nearest2d", { filter: vec });
export const upsample_bilinear2d = bound("upsample_bilinear2d", { filter: vec });
export const upsample_nearest1d = bound("upsample_nearest1d", { filter: vec }), upsample_nearest3d = bound("upsample_nearest3d", { filter: vec });
export const upsample_linear1d = bound("upsample_linear1d", { filter: vec }), upsample_trilinear3d = bound("upsample_trilinear3d", { filter: vec });
export const one_hot = bound("one_hot"), gru_cell = bound("gru_cell");
/** aten.lstm.input → (output, h_n, c_n) */
export const lstm = bound<[Tensor, Tensor, Tensor]>("lstm");

// ---------------------------------------------------------------- in-place
export const add_ = bound("add_"), sub_ = bound("sub_"), mul_ = bound("mul_"), div_ = bound("div_");
export const relu_ = bound("relu_"), sigmoid_ = bound("sigmoid_"), tanh_ = bound("tanh_"), silu_ = bound("silu_"),
  abs_ = bound("abs_"), zero_ = bound("zero_"), detach_ = bound("detach_"), index_add_ = bound("index_add_");
// Tensor.copy_(src, non_blocking=False) is a manual binding of copy_.default (copy_.Tensor is TorchScript's).
export const copy_ = bound("copy_", { filter: (o) => o.overload === "default" });
export const hardtanh_ = bound("hardtanh_"), clamp_ = bound("clamp_"), fill_ = bound("fill_"), masked_fill_ = bound("masked_fill_");

// ---------------------------------------------------------------- reversed operators
/** torch.rsub(x, other, *, alpha=1): other - alpha * x (Python's `2 - x` is x.__rsub__(2)). */
export const rsub = bound("rsub");
const R = (name: string) => new PySignature(name, [{ name: "input", kind: "POSITIONAL_OR_KEYWORD" }, { name: "other", kind: "POSITIONAL_OR_KEYWORD" }]);
/** Python's `other / x` (Tensor.__rdiv__): reciprocal(x) * other. */
export const rdiv = pyBound(R("rdiv"), (input: Tensor, other: Tensor | number | boolean): Tensor => callT("mul.Tensor", [callT("reciprocal.default", [input]), other]));
/** Python's `other ** x` (Tensor.__rpow__). */
export const rpow = pyBound(R("rpow"), (input: Tensor, other: Tensor | number | boolean): Tensor =>
  other instanceof Tensor ? callT("pow.Tensor_Tensor", [other, input]) : callT("pow.Scalar", [other, input]));
/** Python's `other % x` (Tensor.__rmod__). */
export const rmod = pyBound(R("rmod"), (input: Tensor, other: Tensor | number | boolean): Tensor =>
  other instanceof Tensor ? callT("remainder.Tensor", [other, input]) : callT("remainder.Scalar_Tensor", [other, input]));
