// The torch.* functions (PyTorch names and keyword names; keyword arguments are a trailing
// options object). Almost every one is bound from its ATen schemas (src/bind/bound.ts: the
// overload PyTorch's Python binding picks, arguments by position or keyword); the few whose
// Python function is written in Python (torch/functional.py, torch/_tensor.py) or that pt2js adds
// keep a body, with their Python signature as data.
import { INT64_MAX } from "./constants.js";
import { Tensor } from "../tensor/tensor.js";
import { callT } from "./call.js";
import { TorchRuntimeError } from "./errors.js";
import { bound, pyBound, METHOD, type BoundFn } from "../bind/bound.js";
import { PySignature, param } from "../bind/python.js";
import type { Parsed } from "../bind/aten.js";
import { splitOptions } from "../bind/options.js";
import { pyTypeName } from "../py_type.js";
import { TorchTypeError } from "./errors.js";
import { Layout } from "../fx/values.js";

export { METHOD };

// ---------------------------------------------------------------- pointwise
export const abs = bound("abs"), neg = bound("neg"), exp = bound("exp"), expm1 = bound("expm1"), log = bound("log"),
  log1p = bound("log1p"), sqrt = bound("sqrt"), rsqrt = bound("rsqrt"), reciprocal = bound("reciprocal"),
  sin = bound("sin"), cos = bound("cos"), tan = bound("tan"), sinh = bound("sinh"), cosh = bound("cosh"),
  tanh = bound("tanh"), erf = bound("erf"), sigmoid = bound("sigmoid"), floor = bound("floor"), ceil = bound("ceil"),
  trunc = bound("trunc"), sign = bound("sign"), square = bound("square"), relu = bound("relu"), relu6 = bound("relu6"),
  silu = bound("silu"), mish = bound("mish"), hardswish = bound("hardswish"), hardsigmoid = bound("hardsigmoid"),
  logical_not = bound("logical_not"), bitwise_not = bound("bitwise_not");
export const negative = bound("negative", { packets: ["neg"] });
export const round = bound("round");
export const gelu = bound("gelu");
export const elu = bound("elu"), leaky_relu = bound("leaky_relu"), softplus = bound("softplus"), hardtanh = bound("hardtanh");

// at::clamp's own check (the overloads take two optional bounds).
const clampBounds = (p: Parsed) => {
  const a = p.args;
  if ((a[1] === undefined || a[1] === null) && (a[2] === undefined || a[2] === null))
    throw new TorchRuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
};
export const clamp = bound("clamp", { check: clampBounds });
export const clip = bound("clip", { packets: ["clamp"], check: clampBounds });
export const clamp_min = bound("clamp_min"), clamp_max = bound("clamp_max");

// Python numbers go to the `.Tensor` overload for add/sub/mul/div (their `.Scalar` overloads are
// C++-only), to the `.Scalar` overload for the others: the parser's own rules (src/bind/aten.ts).
export const add = bound("add"), sub = bound("sub"), mul = bound("mul"), div = bound("div");
export const subtract = bound("subtract", { packets: ["sub"] }), multiply = bound("multiply", { packets: ["mul"] });
export const divide = bound("divide", { packets: ["div"] });
export const true_divide = bound("true_divide", { packets: ["div"], filter: (o) => o.overload === "Tensor" });
export const floor_divide = bound("floor_divide");
export const remainder = bound("remainder"), fmod = bound("fmod");
export const eq = bound("eq"), ne = bound("ne"), lt = bound("lt"), le = bound("le"), gt = bound("gt"), ge = bound("ge");
export const greater = bound("greater", { packets: ["gt"] }), less = bound("less", { packets: ["lt"] });
export const greater_equal = bound("greater_equal", { packets: ["ge"] }), less_equal = bound("less_equal", { packets: ["le"] });
export const not_equal = bound("not_equal", { packets: ["ne"] });
export const bitwise_and = bound("bitwise_and"), bitwise_or = bound("bitwise_or"), bitwise_xor = bound("bitwise_xor");
export const logical_and = bound("logical_and"), logical_or = bound("logical_or"), logical_xor = bound("logical_xor");
export const maximum = bound("maximum"), minimum = bound("minimum");
export const atan2 = bound("atan2");
export const pow = bound("pow");
export const where = bound("where");

// ---------------------------------------------------------------- views and shape
export const view = bound("view"), reshape = bound("reshape"), expand = bound("expand");
export const expand_as = bound("expand_as"), view_as = bound("view_as");
export const permute = bound("permute"), transpose = bound("transpose");
export const swapaxes = bound("swapaxes", { packets: ["transpose"] });
export const t = bound("t"), unsqueeze = bound("unsqueeze"), squeeze = bound("squeeze");
export const flatten = bound("flatten"), unflatten = bound("unflatten");
export const select = bound("select");
// narrow.Tensor is CompositeImplicit: at::narrow(self, dim, start.item(), length).
export const narrow = bound("narrow", {
  on: { "narrow.Tensor": (p) => callT("narrow.default", [p.args[0], p.args[1], (p.args[2] as Tensor).item(), p.args[3]]) },
});
export const split_with_sizes = bound<Tensor[]>("split_with_sizes");
export const chunk = bound<Tensor[]>("chunk"), unbind = bound<Tensor[]>("unbind");
export const cat = bound("cat");
export const concat = bound("concat", { packets: ["cat"] }), concatenate = bound("concatenate", { packets: ["cat"] });
export const stack = bound("stack"), flip = bound("flip"), roll = bound("roll"), repeat = bound("repeat");
export const tril = bound("tril"), triu = bound("triu"), clone = bound("clone"), detach = bound("detach");
export const diff = bound("diff");

const P = param;

/** x.slice(dim=0, start=None, end=None, step=1): Python's x[..., start:end:step, ...] on one dim (an
 * open start is 0 and an open stop sys.maxsize, as Python indexing records them). */
export const slice: BoundFn<Tensor> = pyBound(new PySignature("slice", [P("input"), P("dim", 0), P("start", null), P("end", null), P("step", 1)]),
  (input: Tensor, dim: number, start: unknown, end: unknown, step: number): Tensor => callT("slice.Tensor", [input, dim, start ?? 0, end ?? INT64_MAX, step]));

/** torch.split(tensor, split_size_or_sections, dim=0) (torch/functional.py → Tensor.split). */
export const split = pyBound(new PySignature("split", [P("tensor"), P("split_size_or_sections"), P("dim", 0)]),
  (input: Tensor, sizes: unknown, dim: number): Tensor[] => {
    if (Array.isArray(sizes)) return split_with_sizes(input, sizes, dim) as unknown as Tensor[];
    return callT("split.Tensor", [input, sizes, dim]) as unknown as Tensor[];
  });

/** x.contiguous(memory_format=torch.contiguous_format): x itself when already contiguous. */
export const contiguous = pyBound(new PySignature("contiguous", [P("input"), { name: "memory_format", kind: "KEYWORD_ONLY", default: null }]),
  (input: Tensor, memory_format: unknown) =>
    input.is_contiguous() && memory_format === null ? input : callT("contiguous.default", [input], memory_format === null ? {} : { memory_format }));

// ---------------------------------------------------------------- dtype
/**
 * Tensor.to, PyTorch's three manual signatures:
 *   to(device=None, dtype=None, non_blocking=False, copy=False, *, memory_format=None)
 *   to(dtype, non_blocking=False, copy=False, *, memory_format=None)
 *   to(other, non_blocking=False, copy=False, *, memory_format=None)
 */
const STRIDED = new Layout("strided");
const TO_KW = new Set(["device", "dtype", "non_blocking", "copy", "memory_format"]);
export const to = ((...all: unknown[]): Tensor => {
  const [pos, kw] = splitOptions(all);
  const [input, ...args] = pos as [Tensor, ...unknown[]];
  for (const k of Object.keys(kw)) if (!TO_KW.has(k)) throw new TorchTypeError(`to() got an unexpected keyword argument '${k}'`);
  const first = args[0];
  if (first instanceof Tensor) {
    if ("dtype" in kw || "device" in kw) throw new TorchTypeError(`to() received an invalid combination of arguments - got (Tensor, ${Object.keys(kw).join(", ")})`);
    return callT("to.other", [input, first, ...args.slice(1)], kw);
  }
  // to(device=None, dtype=None, non_blocking=False, copy=False) when the first argument is a device
  // (or absent), else to(dtype, non_blocking=False, copy=False).
  const deviceFirst = typeof first === "string" || first === null || first === undefined;
  const device = (deviceFirst ? (first ?? kw.device) : kw.device) ?? null;
  const rest = deviceFirst ? args.slice(1) : args;
  const dtype = (rest[0] ?? kw.dtype) ?? null;
  if (!deviceFirst && !(typeof first === "object")) throw new TorchTypeError(`to() received an invalid combination of arguments - got (${pyTypeName(first)})`);
  if (device !== null && device !== "cpu") throw new TorchRuntimeError(`pt2js runs on the CPU only; cannot move a tensor to '${String(device)}'`);
  const opts: Record<string, unknown> = {};
  const nonBlocking = rest[1] ?? kw.non_blocking;
  const copy = rest[2] ?? kw.copy;
  if (nonBlocking !== undefined) opts.non_blocking = nonBlocking;
  if (copy !== undefined) opts.copy = copy;
  if (kw.memory_format !== undefined) opts.memory_format = kw.memory_format;
  // THPVariable_to's dispatch_to: nothing asked for is self itself; a device alone (or only copy /
  // memory_format) is self.to(self.options().device(device)), i.e. to.dtype_layout with the
  // tensor's own dtype and layout; a dtype alone is to.dtype; both are to.device.
  if (dtype === null) {
    if (device === null && !copy && (kw.memory_format ?? null) === null) return input;
    return callT("to.dtype_layout", [input], { dtype: input.dtype, layout: STRIDED, device: "cpu", ...opts });
  }
  if (device === null) return callT("to.dtype", [input, dtype], opts);
  return callT("to.device", [input, device, dtype], opts);
}) as BoundFn<Tensor>;
to[METHOD] = function (this: Tensor, ...args: unknown[]) {
  return to(this, ...args);
};
export * from "./functional_nn.js";
