// Activations and dropout as PyTorch's CompositeImplicitAutograd kernels: softmax is _softmax
// (half-to-float off), dropout outside training (or with p = 0) is the input itself.
import type { Tensor } from "../../tensor/tensor.js";
import { NotImplementedOpError } from "../../ops/errors.js";
import { aten, type Decomposition } from "./util.js";

const softmax = (key: string): Decomposition => ([self, dim, dtype]) => {
  const x = dtype === null || dtype === undefined ? (self as Tensor) : aten("_to_copy.default", [self], { dtype });
  return aten(key, [x, dim, false]);
};

export const ACTIVATION: Record<string, Decomposition> = {
  "softmax.int": softmax("_softmax.default"),
  "log_softmax.int": softmax("_log_softmax.default"),
  "dropout.default": ([input, p, train]) => {
    if (!train || p === 0) return input;
    throw new NotImplementedOpError("run_decompositions: pt2js does not decompose dropout in training mode (random masks)");
  },
};
