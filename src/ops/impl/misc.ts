// Size queries, scalar extraction and runtime asserts.
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { TorchRuntimeError } from "../errors.js";
import { dispatchHooks } from "../dispatch.js";
import { SymInt, type Size } from "../size.js";
import { def, T, wrapDim } from "./util.js";

const sizeQuery = (f: (t: Tensor, a: unknown[]) => unknown) => ({ meta: (a: unknown[]) => f(T(a[0]), a), eager: (a: unknown[]) => f(T(a[0]), a) });
def("sym_size.int", sizeQuery((t, a) => t.shape[wrapDim(a[1] as number, t.ndim, false)]));
def("sym_size.default", sizeQuery((t) => [...t.shape]));
def("sym_stride.int", sizeQuery((t, a) => t._stride[wrapDim(a[1] as number, t.ndim, false)]));
def("sym_stride.default", sizeQuery((t) => [...t._stride]));
def("sym_numel.default", sizeQuery((t) => t.numel()));

// item / _local_scalar_dense: the value; on a fake tensor an unbacked symbol from the tracer.
const scalar = {
  meta: (a: unknown[]) => {
    const make = dispatchHooks.createUnbackedSymInt;
    if (!make) throw new TorchRuntimeError("item() on a fake tensor needs an unbacked symbol (run under the tracer)");
    const t = T(a[0]);
    const n = t.numel();
    if (typeof n === "number" && n !== 1) throw new TorchRuntimeError(`a Tensor with ${n} elements cannot be converted to Scalar`);
    const u = make();
    // A bool tensor's value is an unbacked SymBool: Eq(u0, 1) with u0 in [0, 1].
    if (t.dtype.name === "bool" && u instanceof SymInt) {
      u.env.constrainRange(u.expr, 0, 1);
      return u.eq(1);
    }
    return u;
  },
  eager: (a: unknown[]) => T(a[0])._item(),
};
def(["item.default", "_local_scalar_dense.default"], scalar);

def("_assert_scalar.default", {
  meta: () => null,
  eager: (a) => {
    if (!a[0]) throw new TorchRuntimeError(a[1] as string);
    return null;
  },
});
// _assert_tensor_metadata(a, size, stride, dtype, *, device, layout)
def("_assert_tensor_metadata.default", {
  meta: () => null,
  eager: (a) => {
    const t = T(a[0]);
    const dtype = a[3] as DType | null;
    if (dtype && t.dtype !== dtype) throw new TorchRuntimeError(`Tensor dtype mismatch! Expected: ${dtype}, Got: ${t.dtype}`);
    const size = a[1] as Size[] | null;
    if (size && (size.length !== t.ndim || size.some((d, i) => typeof d === "number" && d !== t.shape[i]))) {
      throw new TorchRuntimeError(`Tensor sizes mismatch! Expected: [${size.join(", ")}], Got: [${t.shape.join(", ")}]`);
    }
    return null;
  },
});
