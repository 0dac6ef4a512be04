// nn.Parameter: a Tensor that a Module registers as a parameter when assigned to an attribute.
// It shares the data tensor's storage and layout (PyTorch's Parameter is the same tensor, re-typed).
import { Tensor } from "../tensor/tensor.js";
import { get_default_dtype } from "../tensor/dtype.js";
import { TorchRuntimeError, TorchTypeError } from "../ops/errors.js";
import { dispatch, getDispatchMode } from "../ops/dispatch.js";
import { aten } from "../ops/registry.js";

export class Parameter extends Tensor {
  /** nn.Parameter(data, requires_grad=True); `data` defaults to an empty tensor of the default dtype. */
  constructor(data: Tensor | null = null, requires_grad = true) {
    const d = data ?? Tensor.fromStorage(get_default_dtype().alloc(0), [0], get_default_dtype());
    if (!(d instanceof Tensor)) {
      throw new TorchTypeError(`Parameter.__new__() argument 'data' must be Tensor, not ${typeof d}`);
    }
    if (requires_grad && !d.dtype.is_floating_point) {
      throw new TorchRuntimeError("Only Tensors of floating point and complex dtype can require gradients");
    }
    // Created while tracing (a module built in forward): Parameter.__new__'s _make_subclass is
    // recorded as three aten.detach calls, and the parameter is their result.
    const mode = getDispatchMode();
    let t = d;
    if (mode?.aliasTensor) for (let i = 0; i < 3; i++) t = dispatch(aten.detach!.default!, [t], {}) as Tensor;
    super(t.dtype, t.shape, t._stride, t._offset, t._storage);
    if (mode?.aliasTensor) mode.aliasTensor(this, t);
    this.requires_grad = requires_grad;
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
