// The functional forms of writes that run_decompositions' functionalization emits (PyTorch's
// FunctionalInverses): copy (copy_ out of place), fill (fill_ out of place), slice_scatter and
// select_scatter (a write through a slice / select view, as a new base).
import { Tensor } from "../../tensor/tensor.js";
import { numelOf } from "../../tensor/strided.js";
import { broadcastValues } from "../kernels/elementwise.js";
import { check } from "../errors.js";
import { op } from "../registry.js";
import { runEager } from "../dispatch.js";
import { def, out, T, broadcastShapes } from "./util.js";
import { selectMeta, sliceMeta } from "./views.js";
import type { Size } from "../size.js";

// copy(self, src): src broadcast to self's shape, in self's dtype (a fresh tensor).
def("copy.default", {
  meta: (a) => {
    const self = T(a[0]);
    broadcastShapes(self.shape, T(a[1]).shape);
    return out(self.shape, self.dtype);
  },
  kernel: (a) => broadcastValues(T(a[1]), T(a[0])._sizes()),
});

def(["fill.Scalar", "fill.Tensor"], {
  meta: (a) => {
    if (a[1] instanceof Tensor) check(a[1].ndim === 0, `fill only supports 0-dimension value tensor but got tensor with ${a[1].ndim} dimensions.`);
    return out(T(a[0]).shape, T(a[0]).dtype);
  },
  kernel: (a) => {
    const v = a[1] instanceof Tensor ? (a[1]._item() as number) : a[1];
    return new Float64Array(numelOf(T(a[0])._sizes())).fill(typeof v === "boolean" ? (v ? 1 : 0) : (v as number));
  },
});

// <view>_scatter(self, src, ...): a copy of self with src written into the view's elements.
function scatterInto(self: Tensor, src: Tensor, view: (t: Tensor) => Tensor): Tensor {
  const r = runEager(op("clone.default"), [self, null]) as Tensor;
  const v = view(r);
  v._storage = r._storage;
  runEager(op("copy_.default"), [v, src, false]);
  return r;
}
function checkScatterShape(view: Tensor, src: Tensor, name: string): void {
  const same = view.shape.length === src.shape.length && view.shape.every((d, i) => String(d) === String(src.shape[i]));
  check(same, `${name}: expected src to have a size equal to the slice of self. src size = [${src.shape.join(", ")}], slice size = [${view.shape.join(", ")}]`);
}

def("slice_scatter.default", {
  meta: (a) => {
    const self = T(a[0]);
    checkScatterShape(sliceMeta(self, a[2] as number, a[3] as Size | null, a[4] as Size | null, a[5] as number), T(a[1]), "slice_scatter");
    return out(self.shape, self.dtype);
  },
  eager: (a) => scatterInto(T(a[0]), T(a[1]), (t) => sliceMeta(t, a[2] as number, a[3] as Size | null, a[4] as Size | null, a[5] as number)),
});

def("select_scatter.default", {
  meta: (a) => {
    const self = T(a[0]);
    checkScatterShape(selectMeta(self, a[2] as number, a[3] as Size), T(a[1]), "select_scatter");
    return out(self.shape, self.dtype);
  },
  eager: (a) => scatterInto(T(a[0]), T(a[1]), (t) => selectMeta(t, a[2] as number, a[3] as Size)),
});

// zero(self): zero_ out of place.
def("zero.default", {
  meta: (a) => out(T(a[0]).shape, T(a[0]).dtype),
  kernel: (a) => new Float64Array(numelOf(T(a[0])._sizes())),
});
