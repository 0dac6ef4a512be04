// Pooling as PyTorch's CompositeImplicitAutograd kernels (aten/src/ATen/native/Pooling.cpp,
// AdaptiveAveragePooling.cpp): max_pool2d keeps the values of max_pool2d_with_indices; a 1x1
// adaptive average pool is a mean over the last two dims.
import type { Tensor } from "../../tensor/tensor.js";
import { aten, atenList, sizeEq, type Decomposition } from "./util.js";

export const POOL: Record<string, Decomposition> = {
  "max_pool2d.default": ([self, kernel, stride, padding, dilation, ceil]) =>
    atenList("max_pool2d_with_indices.default", [self, kernel, stride, padding, dilation, ceil])[0],
  "adaptive_avg_pool2d.default": ([self, size]) => {
    const [h, w] = size as [number, number];
    if (sizeEq(h, 1) && sizeEq(w, 1)) return aten("mean.dim", [self as Tensor, [-1, -2], true]);
    return aten("_adaptive_avg_pool2d.default", [self, size]);
  },
};
