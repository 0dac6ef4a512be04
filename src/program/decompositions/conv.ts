// conv1d/2d/3d as convolution (aten/src/ATen/native/Convolution.cpp): not transposed, no output padding.
import type { Tensor } from "../../tensor/tensor.js";
import { aten, type Decomposition } from "./util.js";

const conv = (n: number): Decomposition => ([input, weight, bias, stride, padding, dilation, groups]) => {
  const x = input as Tensor;
  // An unbatched input runs as a batch of one.
  const batched = x.dim() === n + 2;
  const xin = batched ? x : aten("unsqueeze.default", [x, 0]);
  const out = aten("convolution.default", [xin, weight, bias, stride, padding, dilation, false, new Array(n).fill(0), groups]);
  return batched ? out : aten("squeeze.dim", [out, 0]);
};

export const CONV: Record<string, Decomposition> = {
  "conv1d.default": conv(1),
  "conv2d.default": conv(2),
  "conv3d.default": conv(3),
};
