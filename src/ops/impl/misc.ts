// Size queries, scalar extraction and runtime asserts.
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { TorchRuntimeError } from "../errors.js";
import { dispatchHooks } from "../dispatch.js";
import { SymInt, sizeEq, sizeLt, type Size } from "../size.js";
import { SymBool } from "../../symbolic/symbool.js";
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
    // A float tensor's value is an unbacked SymFloat (zuf0) where the tracer makes them.
    if (t.dtype.category === 2 && dispatchHooks.createUnbackedSymFloat !== null) return dispatchHooks.createUnbackedSymFloat();
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

// is_nonzero is CompositeImplicitAutograd: the numel checks, then item() compared with zero.
function isNonzero(a: unknown[]): unknown {
  const t = T(a[0]);
  const n = t.numel();
  if (sizeEq(n, 0)) throw new TorchRuntimeError("Boolean value of Tensor with no values is ambiguous");
  if (!sizeLt(n, 2)) throw new TorchRuntimeError("Boolean value of Tensor with more than one value is ambiguous");
  const v = t.item() as unknown;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v instanceof SymBool) return v.guard(); // Scalar::to<bool>
  return !sizeEq(v as Size, 0); // Scalar::to<int64_t>: specializes a symbolic value
}
def("is_nonzero.default", { meta: isNonzero, eager: isNonzero, composite: isNonzero });
// _assert_async(self) / _assert_async.msg(self, assert_msg): fails when self is zero.
def(["_assert_async.default", "_assert_async.msg"], {
  meta: () => null,
  eager: (a) => {
    if (isNonzero([a[0]])) return null;
    const msg = a.length > 1 ? (a[1] === "" ? "Assertion is failed" : (a[1] as string)) : "Expected Tensor with single nonzero value, but got zero";
    throw new TorchRuntimeError(msg);
  },
});

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
