// batch_norm, layer_norm and group_norm as their native kernels (the core ops PyTorch's
// decompositions reach): training batch norm writes the running stats in place
// (`_native_batch_norm_legit`, functionalized to `_native_batch_norm_legit_functional`).
import type { Tensor } from "../../tensor/tensor.js";
import { aten, atenList, product, type Decomposition } from "./util.js";

const batchNorm: Decomposition = ([input, weight, bias, runningMean, runningVar, training, momentum, eps]) => {
  if (!training && runningMean !== null && runningVar !== null) {
    return atenList("_native_batch_norm_legit_no_training.default", [input, weight, bias, runningMean, runningVar, momentum, eps])[0];
  }
  if (runningMean === null || runningVar === null) {
    return atenList("_native_batch_norm_legit.no_stats", [input, weight, bias, training, momentum, eps])[0];
  }
  return atenList("_native_batch_norm_legit.default", [input, weight, bias, runningMean, runningVar, training, momentum, eps])[0];
};

const groupNorm: Decomposition = ([input, numGroups, weight, bias, eps]) => {
  const x = input as Tensor;
  const s = x.shape;
  return atenList("native_group_norm.default", [x, weight, bias, s[0], s[1], product(s.slice(2)), numGroups, eps])[0];
};

export const NORM: Record<string, Decomposition> = {
  "batch_norm.default": batchNorm,
  "layer_norm.default": ([input, shape, weight, bias, eps]) => atenList("native_layer_norm.default", [input, shape, weight, bias, eps])[0],
  "group_norm.default": groupNorm,
};
