// Tensor methods: x.add(y), x.view(2, 3), x.sum(1, { keepdim: true }), ... each forwards to the
// torch.* function of the same name with `x` as the first argument.
import { Tensor } from "./tensor.js";
import * as F from "../ops/functional.js";
import * as Fac from "./factories.js";
import * as D from "./dtype.js";
import { getitem, setitem, type IndexItem } from "./getitem.js";
import { dispatch, getDispatchMode } from "../ops/dispatch.js";
import { aten } from "../ops/registry.js";
import { tensorMethodFn, torchFunction } from "../export/torch_fn.js";
import { PySignature } from "../bind/python.js";
import { TorchRuntimeError } from "../ops/errors.js";

type Fn = (...args: never[]) => unknown;
type Rest<F> = F extends (input: never, ...rest: infer R) => infer Out ? (...rest: R) => Out : never;

/** Methods that are torch.* functions with the tensor first. */
const METHOD_NAMES = [
  "abs", "neg", "negative", "exp", "expm1", "log", "log1p", "sqrt", "rsqrt", "reciprocal", "sin", "cos", "tan", "sinh", "cosh",
  "tanh", "erf", "sigmoid", "floor", "ceil", "trunc", "sign", "square", "relu", "round", "logical_not", "bitwise_not",
  "clamp", "clip", "clamp_min", "clamp_max", "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide",
  "floor_divide", "remainder", "fmod", "eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "greater_equal",
  "less_equal", "not_equal", "bitwise_and", "bitwise_or", "bitwise_xor", "logical_and", "logical_or", "logical_xor",
  "maximum", "minimum", "atan2", "pow", "view", "reshape", "expand", "expand_as", "view_as", "permute", "transpose",
  "swapaxes", "t", "unsqueeze", "squeeze", "flatten", "unflatten", "slice", "select", "narrow", "split",
  "split_with_sizes", "chunk", "unbind", "flip", "roll", "repeat", "tril", "triu", "clone", "contiguous", "detach",
  "diff", "to", "sum", "mean", "prod", "amax", "amin", "argmax", "argmin", "all", "any", "max", "min", "var", "std",
  "cumsum", "softmax", "log_softmax", "topk", "sort", "argsort", "mm", "bmm", "matmul", "addmm", "baddbmm", "addmv",
  "gather", "scatter", "index_select", "index_add", "masked_fill", "nonzero", "index", "add_", "sub_", "mul_",
  "div_", "relu_", "sigmoid_", "tanh_", "silu_", "abs_", "zero_", "detach_", "copy_", "index_add_", "hardtanh_",
  "clamp_", "fill_", "masked_fill_", "logsumexp", "cumprod", "rsub", "rdiv", "rpow", "rmod", "index_put", "index_put_",
  "where", "masked_select", "nonzero_static", "bincount", "multinomial", "kthvalue",
] as const;

type MethodName = (typeof METHOD_NAMES)[number];
type Methods = { [K in MethodName]: Rest<(typeof F)[K]> } & {
  new_zeros: Rest<typeof Fac.new_zeros>; new_ones: Rest<typeof Fac.new_ones>; new_empty: Rest<typeof Fac.new_empty>;
  new_full: Rest<typeof Fac.new_full>; new_tensor: Rest<typeof Fac.new_tensor>;
  /** x.float(), x.long(), ...: x.to(dtype) */
  float(): Tensor; double(): Tensor; half(): Tensor; bfloat16(): Tensor; long(): Tensor; int(): Tensor; short(): Tensor;
  char(): Tensor; byte(): Tensor; bool(): Tensor;
  type_as(other: Tensor): Tensor;
  /** Python indexing: x.at("1:, None, ..., 0") is x[1:, None, ..., 0]; items may also be ints, null, tensors. */
  at(...items: IndexItem[]): Tensor;
  /** Python item assignment: x.set("1:, 0", v) is x[1:, 0] = v (v a number or tensor); returns x. */
  set(items: IndexItem | IndexItem[], value: Tensor | number | boolean): Tensor;
  /** x.T: the dims reversed (numpy_T); x.mT: the last two dims swapped. */
  readonly T: Tensor; readonly mT: Tensor;
  /** torch.linalg.vector_norm(x, ...) as a method (Tensor.norm's modern form). */
  norm(p?: number | "fro" | Record<string, unknown>, dim?: number | number[] | null | Record<string, unknown>, keepdim?: boolean | Record<string, unknown>, dtype?: unknown): Tensor;
};

declare module "./tensor.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tensor extends Methods {}
}

// Each method is the torch function PyTorch's method is (node.meta.torch_fn: `method_descriptor.view`).
// Bound functions carry their method form (self bound by the schema, `x.view(2, 3)` varargs).
for (const name of METHOD_NAMES) {
  const fn = F[name] as Fn & { __method__?: (this: Tensor, ...args: unknown[]) => unknown };
  const method =
    fn[F.METHOD] ??
    function (this: Tensor, ...args: unknown[]) {
      return (fn as (...a: unknown[]) => unknown)(this, ...args);
    };
  Object.defineProperty(Tensor.prototype, name, {
    value: torchFunction(tensorMethodFn(name), method),
    writable: true,
    configurable: true,
  });
}

const define = (name: string, value: (this: Tensor, ...args: never[]) => unknown) =>
  Object.defineProperty(Tensor.prototype, name, { value: torchFunction(tensorMethodFn(name), value), writable: true, configurable: true });
// The size queries of the Tensor class are torch functions too (`x.size(0) * 2` names `size`).
// size/stride take `dim` by position or keyword (x.size(dim=0)); the others take no arguments.
const DIM_ONLY = new PySignature("size", [{ name: "self", kind: "POSITIONAL_ONLY" }, { name: "dim", kind: "POSITIONAL_OR_KEYWORD", default: null }]);
const NO_ARGS = (name: string) => new PySignature(name, [{ name: "self", kind: "POSITIONAL_ONLY" }]);
for (const name of ["size", "stride"] as const) {
  const impl = Tensor.prototype[name] as (this: Tensor, dim?: number) => unknown;
  const sig = new PySignature(name, DIM_ONLY.params);
  define(name, function (this: Tensor, ...args: unknown[]) {
    if (args.length === 0) return impl.call(this);
    const [, dim] = sig.bindCall([this, ...args]);
    return dim === null ? impl.call(this) : impl.call(this, dim as number);
  } as never);
}
for (const name of ["dim", "numel", "storage_offset", "is_contiguous", "element_size", "is_floating_point"] as const) {
  const impl = Tensor.prototype[name] as (this: Tensor) => unknown;
  const sig = NO_ARGS(name);
  define(name, function (this: Tensor, ...args: unknown[]) {
    if (args.length !== 0) sig.bindCall([this, ...args]);
    return impl.call(this);
  } as never);
}
for (const name of ["new_zeros", "new_ones", "new_empty", "new_full"] as const) {
  define(name, (Fac[name] as { __method__?: unknown }).__method__ as never);
}
const CASTS: Record<string, D.DType> = {
  float: D.float32, double: D.float64, half: D.float16, bfloat16: D.bfloat16, long: D.int64, int: D.int32,
  short: D.int16, char: D.int8, byte: D.uint8, bool: D.bool,
};
for (const [name, dt] of Object.entries(CASTS)) {
  define(name, function (this: Tensor) {
    return F.to(this, dt);
  });
}
define("new_tensor", function (this: Tensor, ...args: unknown[]) {
  return (Fac.new_tensor as (...a: unknown[]) => unknown)(this, ...args);
} as never);
define("type_as", function (this: Tensor, other: Tensor) {
  return F.to(this, other.dtype);
} as never);
define("at", function (this: Tensor, ...items: IndexItem[]) {
  return getitem(this, ...items);
} as never);

// item(): under a dispatch mode (tracing) or on a fake tensor it is the aten op (the tracer
// answers with an unbacked symbol); otherwise it reads the value directly.
define("item", function (this: Tensor) {
  if (this.is_fake || getDispatchMode() !== null) return dispatch(aten.item!.default!, [this], {});
  return this._item();
});
// tolist(): under tracing or on a fake tensor, as FunctionalTensor.tolist: a 0-dim tensor is its
// item(); otherwise the rows of unbind(0), each an item() (1-dim) or a nested tolist(), so every
// element becomes an aten.item node with its own unbacked symbol.
// A real tensor (one the model captured) gives its values, as C++ tensor_to_list reads them.
define("tolist", function (this: Tensor): unknown {
  if (!this.is_fake) return this._tolist();
  if (this.ndim === 0) return this.item();
  const ndim = this.ndim;
  return F.unbind(this, 0).map((row) => (ndim === 1 ? row.item() : row.tolist()));
});
define("set", function (this: Tensor, items: IndexItem | IndexItem[], value: Tensor | number | boolean) {
  setitem(this, Array.isArray(items) ? items : [items], value);
  return this;
} as never);
// Tensor.norm(p="fro", dim=None, keepdim=False, dtype=None): torch.norm, which for a number p or
// "fro" over a vector norm is torch.linalg.vector_norm(input, p, dim, keepdim, dtype=dtype).
const NORM = new PySignature("norm", [
  { name: "input", kind: "POSITIONAL_OR_KEYWORD" }, { name: "p", kind: "POSITIONAL_OR_KEYWORD", default: "fro" },
  { name: "dim", kind: "POSITIONAL_OR_KEYWORD", default: null }, { name: "keepdim", kind: "POSITIONAL_OR_KEYWORD", default: false },
  { name: "dtype", kind: "POSITIONAL_OR_KEYWORD", default: null },
]);
define("norm", function (this: Tensor, ...args: unknown[]) {
  const [input, p, dim, keepdim, dtype] = NORM.bindCall([this, ...args]);
  const ord = p === "fro" ? 2 : p;
  if (typeof ord !== "number") throw new TorchRuntimeError(`norm(): pt2js computes vector norms (a number p or "fro"), got p=${String(p)}`);
  return dtype === null ? F.linalg_vector_norm(input, ord, dim, keepdim) : F.linalg_vector_norm(input, ord, dim, keepdim, { dtype });
} as never);

// x.T (numpy_T: the dims reversed, a permute) and x.mT (the last two dims swapped, a transpose).
Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor) {
    return F.permute(this, Array.from({ length: this.ndim }, (_, i) => this.ndim - 1 - i));
  },
  configurable: true,
});
Object.defineProperty(Tensor.prototype, "mT", {
  get(this: Tensor) {
    if (this.ndim < 2) throw new TorchRuntimeError(`tensor.mT is only supported on matrices or batches of matrices. Got ${this.ndim}-D tensor.`);
    return F.transpose(this, -2, -1);
  },
  configurable: true,
});
