// torch.nn.init: the initializers layers use in reset_parameters, drawing from the same CPU
// generator as torch.rand/randn (src/tensor/random.ts) in the same order, so that
// `torch.manual_seed(0); new MLP()` gives PyTorch's weights bit for bit.
//
// They write the tensor's values directly (no op dispatch): initialization happens at module
// construction, outside any trace. A metadata-only (fake) tensor has no values to write, so
// initializing one leaves it unchanged, as under PyTorch's FakeTensorMode.
import { Tensor } from "../tensor/tensor.js";
import { numelOf } from "../tensor/strided.js";
import { fillNormal, random32, uniformDouble } from "../tensor/random.js";
import { TorchValueError } from "./errors.js";

export type Nonlinearity =
  | "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d"
  | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

/** torch.nn.init.calculate_gain */
export function calculate_gain(nonlinearity: Nonlinearity, param: number | null = null): number {
  const linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    const slope = param === null ? 0.01 : param;
    if (typeof slope !== "number") throw new TorchValueError(`negative_slope ${String(slope)} not a valid number`);
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw new TorchValueError(`Unsupported nonlinearity ${String(nonlinearity)}`);
}

/** (fan_in, fan_out) of a weight: dims 1 and 0 times the receptive field (dims 2+). */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  const shape = tensor._sizes();
  if (shape.length < 2) {
    throw new TorchValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  }
  const receptive = numelOf(shape.slice(2));
  return [shape[1]! * receptive, shape[0]! * receptive];
}

function correctFan(tensor: Tensor, mode: "fan_in" | "fan_out"): number {
  if (mode !== "fan_in" && mode !== "fan_out") throw new TorchValueError(`Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** Fills the tensor's elements (logical order) with `next()` values, converted to its dtype. */
function fill(tensor: Tensor, values: ArrayLike<number>): Tensor {
  tensor._writeLogical(values);
  return tensor;
}

/** tensor.uniform_(a, b): PyTorch's CPU kernel (24 random bits for float32, 53 for float64). */
export function uniform_(tensor: Tensor, a = 0, b = 1): Tensor {
  if (tensor.is_fake) return tensor;
  const n = numelOf(tensor._sizes());
  const out = new Float64Array(n);
  if (tensor.dtype.name === "float64") {
    for (let i = 0; i < n; i++) out[i] = uniformDouble(a, b);
  } else {
    // uniform_real_distribution<float>: from/to cast to float; 24 random bits; x * (to - from) + from
    // in the double accumulate type, then cast to float.
    const from = Math.fround(a);
    const to = Math.fround(b);
    for (let i = 0; i < n; i++) {
      const x = (random32() & 0xffffff) * 2 ** -24;
      out[i] = Math.fround(x * (to - from) + from);
    }
  }
  return fill(tensor, out);
}

/** tensor.normal_(mean, std), as torch.randn draws. */
export function normal_(tensor: Tensor, mean = 0, std = 1): Tensor {
  if (tensor.is_fake) return tensor;
  const n = numelOf(tensor._sizes());
  const isDouble = tensor.dtype.name === "float64";
  const out = isDouble ? new Float64Array(n) : new Float32Array(n);
  fillNormal(out, mean, std, isDouble);
  return fill(tensor, out);
}

export function constant_(tensor: Tensor, val: number): Tensor {
  if (tensor.is_fake) return tensor;
  return fill(tensor, new Float64Array(numelOf(tensor._sizes())).fill(val));
}
export const ones_ = (tensor: Tensor): Tensor => constant_(tensor, 1);
export const zeros_ = (tensor: Tensor): Tensor => constant_(tensor, 0);

/** torch.nn.init.kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu") */
export function kaiming_uniform_(tensor: Tensor, a = 0, mode: "fan_in" | "fan_out" = "fan_in", nonlinearity: Nonlinearity = "leaky_relu"): Tensor {
  if (tensor.shape.includes(0)) return tensor; // PyTorch warns "Initializing zero-element tensors is a no-op"
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

/** torch.nn.init.kaiming_normal_ */
export function kaiming_normal_(tensor: Tensor, a = 0, mode: "fan_in" | "fan_out" = "fan_in", nonlinearity: Nonlinearity = "leaky_relu"): Tensor {
  if (tensor.shape.includes(0)) return tensor;
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode));
  return normal_(tensor, 0, std);
}

/** torch.nn.init.xavier_uniform_(tensor, gain=1) */
export function xavier_uniform_(tensor: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}

/** torch.nn.init.xavier_normal_(tensor, gain=1) */
export function xavier_normal_(tensor: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}
