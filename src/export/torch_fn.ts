// node.meta["torch_fn"]: the user-facing torch function whose call recorded a node, as PyTorch
// 2.11's make_fx records it (proxy_tensor.py TorchFunctionMetadataMode + PythonKeyTracer.create_node):
//
// - Every call of a torch function (`torch.cat`, `F.relu`, `x.view`, `x[...]`, `x.shape`, a HOP)
//   made while tracing, and not from inside another torch function's call (the mode is off while
//   it handles a call), becomes the tracer's *current* torch function, and that function's own call
//   count goes up by one. The count is per function object (torch.relu, F.relu and Tensor.relu are
//   three), not per name, and counts calls, not nodes: a call that records nothing still counts.
// - A call_function node records `[<__name__>_<count>, <type(fn).__name__>.<__name__>]` of the current
//   function at the time it is made, e.g. ["linear_2", "builtin_function_or_method.linear"]. The
//   current function is never reset: a node made outside any call (SymInt arithmetic on sizes,
//   `mul = sym_size_int * sym_size_int_1`) names the last one, typically `x.shape`'s getter
//   ["__get___4", "method-wrapper.__get__"]; several nodes of one call share it (F.normalize's ops,
//   torch.tensor's lift_fresh_copy and detach_, a split's getitems, cond's getitem).
// - Placeholders, get_attr and output nodes have none. Each traced subgraph (a cond branch, a map
//   body) has its own tracer, so its counts start again at 1.
// - Nodes added by passes after tracing (insert_deferred_runtime_asserts' sym_size, comparisons and
//   _assert_scalar, the _assert_tensor_metadata of `.to()`) get _node_metadata_hook's form
//   `[<target.__name__>_0, <type(target).__name__>.<target.__name__>]`, e.g.
//   ["sym_size.int_0", "OpOverload.sym_size.int"], ["ge_0", "builtin_function_or_method.ge"].
// - `x.shape` is a getset descriptor: its getter reaches the mode as `Tensor.shape.__get__` (a
//   method-wrapper named `__get__`). make_fx itself reads `.shape` of every tensor input of the traced
//   function three times while it records the placeholders (parameters and buffers included), so the
//   model's first `x.shape` is call 3n+1.
// Non-strict export records no source_fn_stack (that is Dynamo's, strict mode only).
//
// pt2js's public functions are wrapped once (`torchFunction`) with the PyTorch function they stand
// for; the tables below say which of them are not of the default type of their namespace.
import { getDispatchMode } from "../ops/dispatch.js";
import { setShapeReadHook } from "../tensor/tensor.js";
import type { Graph, Node } from "../fx/index.js";

/** A PyTorch function object, as `type(fn).__name__` and `fn.__name__`. */
export class TorchFn {
  /** `builtin_function_or_method.linear` */
  readonly qualified: string;
  constructor(
    readonly typeName: string,
    readonly name: string,
  ) {
    this.qualified = `${typeName}.${name}`;
  }
}

const interned = new Map<string, TorchFn>();

/** The TorchFn for "type.name" ("method_descriptor.view", "wrapper_descriptor.__getitem__"). */
export function torchFn(qualified: string): TorchFn {
  let fn = interned.get(qualified);
  if (fn === undefined) {
    const dot = qualified.indexOf(".");
    fn = new TorchFn(qualified.slice(0, dot), qualified.slice(dot + 1));
    interned.set(qualified, fn);
  }
  return fn;
}

/** `Tensor.shape.__get__`: the getter of `x.shape`. */
const SHAPE_GET = new TorchFn("method-wrapper", "__get__");

/** One tracer's torch-function bookkeeping (TraceMode.torchFns). */
export class TorchFnState {
  /** > 0 inside a torch function's call (nested calls are not the model's). */
  depth = 0;
  private current: TorchFn | null = null;
  private readonly counts = new Map<TorchFn, number>();

  /** A call of `fn` starts. */
  enter(fn: TorchFn): void {
    this.current = fn;
    this.counts.set(fn, (this.counts.get(fn) ?? 0) + 1);
  }

  /** A tensor input of the traced function got its placeholder (make_fx reads its `.shape` three times). */
  trackInput(): void {
    this.counts.set(SHAPE_GET, (this.counts.get(SHAPE_GET) ?? 0) + 3);
  }

  /** node.meta.torch_fn for a node made now (null before any torch function was called). */
  meta(): [string, string] | null {
    const fn = this.current;
    return fn === null ? null : [`${fn.name}_${this.counts.get(fn)!}`, fn.qualified];
  }
}

function activeState(): TorchFnState | null {
  const mode = getDispatchMode() as { torchFns?: TorchFnState } | null;
  return mode === null ? null : (mode.torchFns ?? null);
}

/** `impl` as the torch function `fn`: its calls while tracing are counted and name the nodes they record. */
export function torchFunction<F extends (...args: never[]) => unknown>(fn: TorchFn | string, impl: F): F {
  const f = typeof fn === "string" ? torchFn(fn) : fn;
  const call = impl as unknown as (...args: unknown[]) => unknown;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const state = activeState();
    if (state === null || state.depth > 0) return call.apply(this, args);
    state.enter(f);
    state.depth++;
    try {
      return call.apply(this, args);
    } finally {
      state.depth--;
    }
  };
  Object.defineProperty(wrapped, "name", { value: impl.name, configurable: true });
  return wrapped as unknown as F;
}

// `x.shape` read by the model (outside any torch function's call).
setShapeReadHook(() => {
  const state = activeState();
  if (state !== null && state.depth === 0) state.enter(SHAPE_GET);
});

// ---------------------------------------------------------------- what pt2js's functions stand for

/**
 * torch.* functions that are Python functions (torch/functional.py and friends) rather than
 * builtins of torch._C._VariableFunctions; every other torch.* function is a builtin.
 */
const TORCH_PYTHON_FUNCTIONS = new Set([
  "split", "einsum", "norm", "unique", "unique_consecutive", "meshgrid", "tensordot", "cdist", "stft", "istft",
  "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_tensors", "block_diag", "cartesian_prod", "chain_matmul",
  "lu", "unravel_index", "align_tensors",
]);

/**
 * torch.nn.functional entries that are builtins (`conv2d = torch.conv2d`, `linear = torch._C._nn.linear`,
 * ...): the rest are Python functions (`function.relu`), boolean_dispatch ones included (max_pool2d).
 */
const NN_FUNCTIONAL_BUILTINS = new Set([
  "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "conv_tbc",
  "avg_pool1d", "avg_pool2d", "avg_pool3d", "adaptive_avg_pool1d", "linear", "bilinear", "gelu", "softplus",
  "softshrink", "hardshrink", "pad", "one_hot", "scaled_dot_product_attention", "pixel_shuffle", "pixel_unshuffle",
  "pairwise_distance", "pdist", "cosine_similarity", "prelu", "relu_", "hardtanh_", "elu_", "leaky_relu_",
  "threshold_", "rrelu_", "selu_", "celu_",
]);

/**
 * Tensor methods that are not `method_descriptor`s of the C++ TensorBase: Python methods of
 * torch/_tensor.py, and pt2js methods that spell a Python operator (`x.at(...)` is `x[...]`,
 * `x.rsub(2)` is `2 - x`).
 */
const TENSOR_METHODS: Readonly<Record<string, string>> = {
  split: "function.split",
  unflatten: "function.unflatten",
  norm: "function.norm",
  unique: "function.unique",
  stft: "function.stft",
  istft: "function.istft",
  lu: "function.lu",
  rsub: "function.__rsub__",
  rdiv: "function.__rdiv__",
  rpow: "function.__rpow__",
  rmod: "function.__rmod__",
  at: "wrapper_descriptor.__getitem__",
  slice: "wrapper_descriptor.__getitem__",
  index: "wrapper_descriptor.__getitem__",
  set: "wrapper_descriptor.__setitem__",
};

/** The PyTorch function a `torch.<name>` function stands for. */
export const torchNamespaceFn = (name: string): TorchFn =>
  torchFn(`${TORCH_PYTHON_FUNCTIONS.has(name) ? "function" : "builtin_function_or_method"}.${name}`);
/** The PyTorch function `torch.nn.functional.<name>` is. */
export const nnFunctionalFn = (name: string): TorchFn =>
  torchFn(`${NN_FUNCTIONAL_BUILTINS.has(name) ? "builtin_function_or_method" : "function"}.${name}`);
/** The PyTorch function the Tensor method `<name>` stands for. */
export const tensorMethodFn = (name: string): TorchFn => torchFn(TENSOR_METHODS[name] ?? `method_descriptor.${name}`);

/** `F.<name> = nnFunction("<name>", impl)`: a torch.nn.functional function. */
export const nnFunction = <F extends (...args: never[]) => unknown>(name: string, impl: F): F => torchFunction(nnFunctionalFn(name), impl);

/** pt2js spellings of torch.* names that are JavaScript keywords. */
const TORCH_ALIASES: Readonly<Record<string, string>> = { var_: "var" };

/** The namespace's functions wrapped as `torch.<name>` (other entries kept as they are). */
export function torchNamespace<T extends object>(ns: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ns)) {
    out[name] = typeof value === "function" ? torchFunction(torchNamespaceFn(TORCH_ALIASES[name] ?? name), value as never) : value;
  }
  return out as T;
}

// ---------------------------------------------------------------- nodes added after tracing

/** _node_metadata_hook's torch_fn for a node a pass added (`sym_size.int_0`, `ge_0`). */
export function passTorchFn(node: Node): [string, string] | null {
  if (typeof node.target === "string") return null;
  const q = node.target.qualifiedName;
  if (q.startsWith("torch.ops.")) {
    const name = q.split(".").slice(3).join("."); // torch.ops.aten.sym_size.int -> sym_size.int
    return [`${name}_0`, `OpOverload.${name}`];
  }
  if (q.startsWith("_operator.")) {
    const name = q.slice("_operator.".length);
    return [`${name}_0`, `builtin_function_or_method.${name}`];
  }
  return null;
}

/**
 * Gives the call_function nodes no torch function recorded (those made after tracing, by pt2js's
 * counterparts of PyTorch's passes) PyTorch's torch_fn: a getitem shares its source's (it was made
 * right after it), any other node gets the metadata hook's form.
 */
export function fillPassTorchFns(graph: Graph): void {
  for (const node of graph.nodes) {
    if (node.op !== "call_function" || node.meta.torch_fn !== undefined) continue;
    const source = node.args[0];
    if (typeof node.target !== "string" && node.target.qualifiedName === "_operator.getitem" && isNode(source)) {
      node.meta.torch_fn = source.meta.torch_fn ?? null;
    } else {
      node.meta.torch_fn = passTorchFn(node);
    }
  }
}

function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null && "meta" in x && "op" in x;
}
