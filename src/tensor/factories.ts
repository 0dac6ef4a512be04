// Tensor factories: torch.tensor, zeros, ones, full, empty, arange, rand/randn/randint and the
// *_like / new_* forms. Sizes are varargs or one array; keyword arguments are a trailing options object.
import { Tensor } from "./tensor.js";
import { DType, bool, float32, float64, int16, int32, int64, int8, uint8, defaultFloatDtype } from "./dtype.js";
import type { Storage } from "./dtype.js";
import { callT } from "../ops/call.js";
import { dispatch, getDispatchMode } from "../ops/dispatch.js";
import { AtenParser } from "../bind/aten.js";
import { METHOD, type BoundFn } from "../bind/bound.js";
import { splitOptions } from "../bind/options.js";
import { pyTypeName } from "../py_type.js";
import { TorchRuntimeError, TorchTypeError, TorchValueError } from "../ops/errors.js";
import { SymInt } from "../symbolic/symint.js";
import { SymFloat } from "../symbolic/symfloat.js";
import { SymBool } from "../symbolic/symbool.js";

export interface FactoryOptions {
  dtype?: DType | null;
  device?: string;
  requires_grad?: boolean;
  layout?: unknown;
  pin_memory?: boolean;
}

/** pt2js computes on the CPU: another device is refused, never silently replaced by "cpu". */
function checkDevice(device: unknown): unknown {
  const type = typeof device === "string" ? device.split(":")[0] : (device as { type?: unknown } | null)?.type;
  if (type === "cpu") return device;
  throw new TorchRuntimeError(`pt2js tensors live on the CPU; device ${JSON.stringify(String(typeof device === "string" ? device : type))} is not available`);
}
const grad = (t: Tensor, o: FactoryOptions) => {
  if (o.requires_grad) t.requires_grad = true;
  return t;
};

type Nested = number | boolean | bigint | SymInt | SymFloat | SymBool | Nested[];

const TYPED: [new (...a: never[]) => unknown, DType][] = [
  [Float32Array, float32], [Float64Array, float64], [Int32Array, int32], [Int16Array, int16], [Int8Array, int8],
  [Uint8Array, uint8], [BigInt64Array, int64],
];

/** torch.tensor(data, { dtype }): nested arrays of numbers/booleans, or a typed array (1-D). */
const TENSOR_KW = new Set(["dtype", "device", "requires_grad", "pin_memory"]);
export function tensor(data: Nested | ArrayBufferView, opts: FactoryOptions = {}): Tensor {
  // torch.tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False)
  for (const k of Object.keys(opts)) if (!TENSOR_KW.has(k)) throw new TorchTypeError(`tensor() got an unexpected keyword argument '${k}'`);
  if (opts.device !== undefined && opts.device !== null) checkDevice(opts.device);
  if (ArrayBuffer.isView(data)) {
    const hit = TYPED.find(([C]) => data instanceof C);
    if (!hit) throw new TorchTypeError("tensor(): unsupported typed array");
    const arr = data as unknown as ArrayLike<number | bigint>;
    const dt = opts.dtype ?? hit[1];
    const st = dt.alloc(arr.length);
    for (let i = 0; i < arr.length; i++) st[i] = dt.cast(Number(arr[i]));
    return grad(Tensor.fromStorage(st, [arr.length], dt), opts);
  }
  const shape: number[] = [];
  for (let d: Nested = data; Array.isArray(d); d = d[0]!) {
    shape.push(d.length);
    if (d.length === 0) break;
  }
  const flat: Exclude<Nested, Nested[]>[] = [];
  const walk = (d: Nested, depth: number) => {
    if (Array.isArray(d)) {
      if (d.length !== shape[depth]) {
        throw new TorchValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${d.length})`);
      }
      for (const x of d) walk(x, depth + 1);
    } else {
      if (depth !== shape.length) throw new TorchValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got scalar)`);
      flat.push(d);
    }
  };
  walk(data, 0);
  // Symbolic elements (item() values, unbacked sizes) cannot be stored: under export this is
  // torch._refs.tensor, as non-strict export redirects torch.tensor for such data.
  if (flat.some((v) => typeof v === "object")) return symbolicTensor(data, opts);
  let dt = opts.dtype;
  if (!dt) {
    if (flat.length > 0 && flat.every((v) => typeof v === "boolean")) dt = bool;
    else if (flat.every((v) => typeof v !== "number" || Number.isInteger(v))) dt = flat.length === 0 ? defaultFloatDtype : int64;
    else dt = defaultFloatDtype;
  }
  const st: Storage = dt.alloc(flat.length);
  flat.forEach((v, i) => (st[i] = dt.cast(typeof v === "boolean" ? (v ? 1 : 0) : Number(v))));
  const t = grad(Tensor.fromStorage(st, shape, dt), opts);
  // Under export, torch.tensor(data) in forward is a lifted constant, copied and detached as
  // PyTorch traces it (lift_fresh_copy, then detach_).
  if (getDispatchMode() !== null) return callT("detach_.default", [callT("lift_fresh_copy.default", [t])]);
  return t;
}
export const as_tensor = tensor;

/** torch.tensor data element: a number/boolean or a SymInt/SymFloat/SymBool standing for one. */
const isSymScalar = (v: unknown): boolean => v instanceof SymInt || v instanceof SymFloat || v instanceof SymBool;
// torch._refs.tensor (_internal_new_from_data's Python form): the dtype as _infer_scalar_type gives
// it (promoting over the elements: bool < int64 < default float), then every element becomes a
// scalar_tensor and every list a stack of its elements.
function symbolicTensor(data: Nested, opts: FactoryOptions): Tensor {
  let rank = 0; // 0 bool, 1 int, 2 float
  const visit = (d: unknown): void => {
    if (Array.isArray(d)) return d.forEach(visit);
    const r = typeof d === "boolean" || d instanceof SymBool ? 0
      : d instanceof SymFloat || (typeof d === "number" && !Number.isInteger(d)) ? 2 : 1;
    if (r > rank) rank = r;
  };
  visit(data);
  const dt = opts.dtype ?? (rank === 0 ? bool : rank === 1 ? int64 : defaultFloatDtype);
  const build = (d: unknown): Tensor => {
    if (Array.isArray(d)) return callT("stack.default", [d.map(build)]);
    if (!isSymScalar(d) && typeof d !== "number" && typeof d !== "boolean") {
      throw new TorchTypeError(`tensor(): invalid data type '${pyTypeName(d)}'`);
    }
    return scalar_tensor(d, { dtype: dt });
  };
  return grad(build(data), opts);
}

// Factories bind as their Python bindings do: the ATen schema's arguments plus TensorOptions'
// requires_grad (src/bind). The C++ side of the binding fills the options: torch.zeros(...) gets
// the default device and pin_memory=False (graphs show `device = device(type='cpu'), pin_memory =
// False`); the *_like and new_* forms leave the device unset (only pin_memory=False is recorded).
type FactoryFn = BoundFn<Tensor>;
function factory(pyName: string, fillsDevice: boolean, packets: string[] = [pyName]): FactoryFn {
  let fnParser: AtenParser | undefined;
  let methodParser: AtenParser | undefined;
  const run = (parser: AtenParser, self: Tensor | undefined, args: readonly unknown[]): Tensor => {
    const [pos, kw] = splitOptions(args);
    let requiresGrad = false;
    let kwargs = kw;
    if ("requires_grad" in kw) {
      const r = kw.requires_grad;
      if (r !== undefined && r !== null && typeof r !== "boolean") throw new TorchTypeError(`${pyName}(): argument 'requires_grad' must be bool, not ${pyTypeName(r)}`);
      requiresGrad = r === true;
      kwargs = { ...kw };
      delete kwargs.requires_grad;
    }
    const p = parser.parseSplit(self, pos, kwargs);
    const device = p.kwargs.device;
    if (device !== undefined && device !== null) checkDevice(device);
    const k: Record<string, unknown> = { ...p.kwargs };
    if (fillsDevice) k.device = "cpu";
    else if (device === null || device === undefined) delete k.device;
    if (k.pin_memory === undefined || k.pin_memory === null) k.pin_memory = false;
    if (k.dtype === null) delete k.dtype;
    const t = dispatch(p.op, p.args, k) as Tensor;
    if (requiresGrad) t.requires_grad = true;
    return t;
  };
  const fn = ((...args: unknown[]) => run((fnParser ??= new AtenParser(pyName, packets, false)), undefined, args)) as FactoryFn;
  fn[METHOD] = function (this: Tensor, ...args: unknown[]) {
    return run((methodParser ??= new AtenParser(pyName, packets, true)), this, args);
  };
  return fn;
}

/** torch.scalar_tensor(s, *, dtype=None, ...) */
export const scalar_tensor = factory("scalar_tensor", true);
/** torch.zeros(*size, *, dtype=None, layout=None, device=None, pin_memory=False, requires_grad=False) */
export const zeros = factory("zeros", true), ones = factory("ones", true), randn = factory("randn", true), rand = factory("rand", true);
export const empty = factory("empty", true);
/** torch.full(size, fill_value, *, dtype=None, ...) */
export const full = factory("full", true);
/** torch.randint(high, size) or torch.randint(low, high, size), { dtype } */
export const randint = factory("randint", true);
/** torch.arange(end) / arange(start, end, step=1), { dtype } */
export const arange = factory("arange", true);
/** torch.linspace(start, end, steps, *, dtype=None, ...) */
export const linspace = factory("linspace", true);
export const zeros_like = factory("zeros_like", false), ones_like = factory("ones_like", false), empty_like = factory("empty_like", false);
export const rand_like = factory("rand_like", false), randn_like = factory("randn_like", false), full_like = factory("full_like", false);
/** x.new_zeros(size, { dtype }) and friends (sizes as varargs or an array). */
export const new_zeros = factory("new_zeros", false), new_ones = factory("new_ones", false), new_empty = factory("new_empty", false);
export const new_full = factory("new_full", false);
/** x.new_tensor(data): a tensor with x's dtype unless given. */
export const new_tensor = (x: Tensor, data: Nested, opts: FactoryOptions = {}): Tensor => tensor(data, { dtype: x.dtype, ...opts });
