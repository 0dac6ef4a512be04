// Tensor factories: torch.tensor, zeros, ones, full, empty, arange, rand/randn/randint and the
// *_like / new_* forms. Sizes are varargs or one array; keyword arguments are a trailing options object.
import { Tensor } from "./tensor.js";
import { DType, bool, float32, float64, int16, int32, int64, int8, uint8, defaultFloatDtype } from "./dtype.js";
import type { Storage } from "./dtype.js";
import { callT, isOptions, sizeArgs } from "../ops/call.js";
import { getDispatchMode } from "../ops/dispatch.js";
import type { Size } from "../ops/size.js";
import { TorchRuntimeError, TorchTypeError, TorchValueError } from "../ops/errors.js";

export interface FactoryOptions {
  dtype?: DType | null;
  device?: string;
  requires_grad?: boolean;
  layout?: unknown;
  pin_memory?: boolean;
}

type SizeArgs = (Size | Size[] | FactoryOptions)[];

function parse(args: SizeArgs): [Size[], FactoryOptions] {
  const opts = args.length > 0 && isOptions(args[args.length - 1]) ? (args[args.length - 1] as FactoryOptions) : {};
  const rest = opts === args[args.length - 1] ? args.slice(0, -1) : args;
  return [sizeArgs(rest) as Size[], opts];
}
// Python's torch.zeros(...) reaches aten with the device and pin_memory filled in (graphs show
// `device = device(type='cpu'), pin_memory = False`); dtype only when given.
const kw = (o: FactoryOptions) => ({
  ...(o.dtype ? { dtype: o.dtype } : {}),
  device: checkDevice(o.device ?? "cpu"),
  pin_memory: o.pin_memory ?? false,
});
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

type Nested = number | boolean | bigint | Nested[];

const TYPED: [new (...a: never[]) => unknown, DType][] = [
  [Float32Array, float32], [Float64Array, float64], [Int32Array, int32], [Int16Array, int16], [Int8Array, int8],
  [Uint8Array, uint8], [BigInt64Array, int64],
];

/** torch.tensor(data, { dtype }): nested arrays of numbers/booleans, or a typed array (1-D). */
export function tensor(data: Nested | ArrayBufferView, opts: FactoryOptions = {}): Tensor {
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
  const flat: (number | boolean | bigint)[] = [];
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

/** torch.scalar_tensor(v, { dtype }) */
export const scalar_tensor = (v: number | boolean, opts: FactoryOptions = {}) => callT("scalar_tensor.default", [v], kw(opts));
export const zeros = (...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return grad(callT("zeros.default", [s], kw(o)), o);
};
export const ones = (...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return grad(callT("ones.default", [s], kw(o)), o);
};
export const empty = (...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return grad(callT("empty.memory_format", [s], kw(o)), o);
};
export const randn = (...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return grad(callT("randn.default", [s], kw(o)), o);
};
export const rand = (...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return grad(callT("rand.default", [s], kw(o)), o);
};
/** torch.full(size, fill_value, { dtype }) */
export const full = (size: Size[], fill_value: number | boolean, opts: FactoryOptions = {}) =>
  grad(callT("full.default", [size, fill_value], kw(opts)), opts);
/** torch.randint(high, size) or torch.randint(low, high, size), { dtype } */
export function randint(...args: (number | Size[] | FactoryOptions)[]): Tensor {
  const o = isOptions(args[args.length - 1]) ? (args.pop() as FactoryOptions) : {};
  if (args.length === 2) return callT("randint.default", [args[0], args[1]], kw(o));
  return callT("randint.low", [args[0], args[1], args[2]], kw(o));
}
/** torch.arange(end) / arange(start, end) / arange(start, end, step), { dtype } */
export function arange(...args: (number | Size | FactoryOptions)[]): Tensor {
  const o = isOptions(args[args.length - 1]) ? (args.pop() as FactoryOptions) : {};
  if (args.length === 1) return callT("arange.default", [args[0]], kw(o));
  if (args.length === 2) return callT("arange.start", [args[0], args[1]], kw(o));
  return callT("arange.start_step", [args[0], args[1], args[2]], kw(o));
}

export const zeros_like = (x: Tensor, opts: FactoryOptions = {}): Tensor => callT("zeros_like.default", [x], kw(opts));
export const ones_like = (x: Tensor, opts: FactoryOptions = {}): Tensor => callT("ones_like.default", [x], kw(opts));
export const empty_like = (x: Tensor, opts: FactoryOptions = {}): Tensor => callT("empty_like.default", [x], kw(opts));
export const rand_like = (x: Tensor, opts: FactoryOptions = {}): Tensor => callT("rand_like.default", [x], kw(opts));
export const randn_like = (x: Tensor, opts: FactoryOptions = {}): Tensor => callT("randn_like.default", [x], kw(opts));
export const full_like = (x: Tensor, fill_value: number | boolean, opts: FactoryOptions = {}) =>
  callT("full_like.default", [x, fill_value], kw(opts));

/** x.new_zeros(size, { dtype }) and friends (sizes as varargs or an array). */
export const new_zeros = (x: Tensor, ...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return callT("new_zeros.default", [x, s], kw(o));
};
export const new_ones = (x: Tensor, ...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return callT("new_ones.default", [x, s], kw(o));
};
export const new_empty = (x: Tensor, ...args: SizeArgs): Tensor => {
  const [s, o] = parse(args);
  return callT("new_empty.default", [x, s], kw(o));
};
export const new_full = (x: Tensor, size: Size[], fill_value: number | boolean, opts: FactoryOptions = {}): Tensor =>
  callT("new_full.default", [x, size, fill_value], kw(opts));
/** x.new_tensor(data): a tensor with x's dtype unless given. */
export const new_tensor = (x: Tensor, data: Nested, opts: FactoryOptions = {}): Tensor => tensor(data, { dtype: x.dtype, ...opts });
