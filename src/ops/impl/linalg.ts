// Matrix products: mm, bmm, addmm, addmv, baddbmm, linear, matmul, einsum.
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { numelOf } from "../../tensor/strided.js";
import { bmmValues } from "../kernels/matmul.js";
import { broadcastValues } from "../kernels/elementwise.js";
import { check, TorchRuntimeError } from "../errors.js";
import { sizeEq, sizeMul, type Size } from "../size.js";
import { broadcastShapes, def, fmtShape, out, T } from "./util.js";

const eqS = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const cName = (d: DType) =>
  ({ float32: "float", float64: "double", float16: "c10::Half", bfloat16: "c10::BFloat16", int64: "long int", int32: "int",
    int16: "short int", int8: "signed char", uint8: "unsigned char", bool: "bool" })[d.name]!;
const sameDtype = (a: Tensor, b: Tensor, n1 = "mat1", n2 = "mat2") =>
  check(a.dtype === b.dtype, () => `expected ${n1} and ${n2} to have the same dtype, but got: ${cName(a.dtype)} != ${cName(b.dtype)}`);

function mmMeta(a: Tensor, b: Tensor): Tensor {
  check(a.ndim === 2, "self must be a matrix");
  check(b.ndim === 2, "mat2 must be a matrix");
  check(eqS(a.shape[1]!, b.shape[0]!), () =>
    `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  sameDtype(a, b);
  return out([a.shape[0]!, b.shape[1]!], a.dtype);
}
const mm = (a: Tensor, b: Tensor) => bmmValues(a._values(), b._values(), 1, a.shape[0] as number, a.shape[1] as number, b.shape[1] as number);
def("mm.default", { meta: (a) => mmMeta(T(a[0]), T(a[1])), kernel: (a) => mm(T(a[0]), T(a[1])) });

function bmmMeta(a: Tensor, b: Tensor): Tensor {
  check(a.ndim === 3, "batch1 must be a 3D tensor");
  check(b.ndim === 3, "batch2 must be a 3D tensor");
  check(eqS(a.shape[0]!, b.shape[0]!) && eqS(a.shape[2]!, b.shape[1]!), () =>
    `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  sameDtype(a, b, "batch1", "batch2");
  return out([a.shape[0]!, a.shape[1]!, b.shape[2]!], a.dtype);
}
const bmm = (a: Tensor, b: Tensor) =>
  bmmValues(a._values(), b._values(), a.shape[0] as number, a.shape[1] as number, a.shape[2] as number, b.shape[2] as number);
def("bmm.default", { meta: (a) => bmmMeta(T(a[0]), T(a[1])), kernel: (a) => bmm(T(a[0]), T(a[1])) });

/** beta * self + alpha * product, with self broadcast to the product's shape (beta == 0 ignores self). */
function axpby(self: Tensor, prod: Float64Array, shape: number[], beta: number, alpha: number): Float64Array {
  const s = broadcastValues(self, shape);
  for (let i = 0; i < prod.length; i++) prod[i] = (beta === 0 ? 0 : beta * s[i]!) + alpha * prod[i]!;
  return prod;
}
const checkBroadcastable = (self: Tensor, shape: readonly Size[]) => {
  try {
    const b = broadcastShapes(self.shape, shape);
    check(b.length === shape.length && b.every((d, i) => eqS(d, shape[i]!)), "");
  } catch {
    throw new TorchRuntimeError(`The expanded size of the tensor (${String(shape[shape.length - 1])}) must match the existing size (${String(self.shape[self.ndim - 1])}) at non-singleton dimension ${shape.length - 1}.  Target sizes: ${fmtShape(shape)}.  Tensor sizes: ${fmtShape(self.shape)}`);
  }
};
const num = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : (v as number));
def("addmm.default", {
  meta: (a) => {
    const r = mmMeta(T(a[1]), T(a[2]));
    checkBroadcastable(T(a[0]), r.shape);
    return r;
  },
  kernel: (a, r) => axpby(T(a[0]), mm(T(a[1]), T(a[2])), (r as Tensor)._sizes(), num(a[3]), num(a[4])),
});
def("baddbmm.default", {
  meta: (a) => {
    const r = bmmMeta(T(a[1]), T(a[2]));
    checkBroadcastable(T(a[0]), r.shape);
    return r;
  },
  kernel: (a, r) => axpby(T(a[0]), bmm(T(a[1]), T(a[2])), (r as Tensor)._sizes(), num(a[3]), num(a[4])),
});
def("addmv.default", {
  meta: (a) => {
    const m = T(a[1]);
    const v = T(a[2]);
    check(m.ndim === 2 && v.ndim === 1, () => `vector + matrix @ vector expected, got ${T(a[0]).ndim}, ${m.ndim}, ${v.ndim}`);
    check(eqS(m.shape[1]!, v.shape[0]!), () => `size mismatch, got input (${m.shape[0]}), mat (${m.shape[0]}x${m.shape[1]}), vec (${v.shape[0]})`);
    return out([m.shape[0]!], m.dtype);
  },
  kernel: (a, r) => {
    const m = T(a[1]);
    const p = bmmValues(m._values(), T(a[2])._values(), 1, m.shape[0] as number, m.shape[1] as number, 1);
    return axpby(T(a[0]), p, (r as Tensor)._sizes(), num(a[3]), num(a[4]));
  },
});

// ---- linear: input [..., in] · weight[out, in]ᵀ + bias
function linearMeta(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  check(w.ndim === 2 || w.ndim === 1, () => `linear(): weight must be 1D or 2D, got ${w.ndim}D`);
  const k = x.shape[x.ndim - 1]!;
  const lead = x.shape.slice(0, -1);
  if (w.ndim === 2) {
    const rows = lead.reduce<Size>((p, d) => sizeMul(p, d), 1);
    check(x.ndim >= 1 && eqS(k, w.shape[1]!), () =>
      x.ndim === 1
        ? `size mismatch, got input (${w.shape[0]}), mat (${w.shape[0]}x${w.shape[1]}), vec (${k})`
        : `mat1 and mat2 shapes cannot be multiplied (${String(rows)}x${k} and ${w.shape[1]}x${w.shape[0]})`);
  }
  sameDtype(x, w, "mat1", "mat2");
  const shape = w.ndim === 2 ? [...lead, w.shape[0]!] : lead;
  if (b) broadcastShapes(b.shape, shape);
  return out(shape, x.dtype);
}
def("linear.default", {
  meta: (a) => linearMeta(T(a[0]), T(a[1]), a[2] as Tensor | null),
  kernel: (a, r) => {
    const x = T(a[0]);
    const w = T(a[1]);
    const k = x.shape[x.ndim - 1] as number;
    const xv = x._values();
    const wv = w._values();
    const rows = numelOf(x._sizes().slice(0, -1));
    const o = w.ndim === 2 ? (w.shape[0] as number) : 1;
    const p = new Float64Array(rows * o);
    // Rows of x and of w are both contiguous: each output is one dot product.
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < o; j++) {
        let acc = 0;
        for (let q = 0; q < k; q++) acc += xv[i * k + q]! * wv[j * k + q]!;
        p[i * o + j] = acc;
      }
    }
    const b = a[2] as Tensor | null;
    if (!b) return p;
    return axpby(b, p, (r as Tensor)._sizes(), 1, 1);
  },
});

/** A contiguous copy of `t` with another shape of the same numel (kernel-internal, no dispatch). */
const asShape = (t: Tensor, shape: number[]) => Tensor.fromStorage(t._values().slice(), shape, t.dtype);

// ---- matmul (torch.matmul's broadcasting rules)
function matmulShape(a: Tensor, b: Tensor): { shape: Size[]; batch: Size[]; n: Size; k: Size; m: Size } {
  check(a.ndim > 0 && b.ndim > 0, () => `both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  const a2 = a.ndim === 1 ? [1, a.shape[0]!] : a.shape.slice(-2);
  const b2 = b.ndim === 1 ? [b.shape[0]!, 1] : b.shape.slice(-2);
  if (!eqS(a2[1]!, b2[0]!)) {
    if (a.ndim === 1 && b.ndim === 1) {
      throw new TorchRuntimeError(`inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
    }
    if (b.ndim === 1 && a.ndim === 2) {
      throw new TorchRuntimeError(`size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${b.shape[0]})`);
    }
    throw new TorchRuntimeError(`mat1 and mat2 shapes cannot be multiplied (${a2[0]}x${a2[1]} and ${b2[0]}x${b2[1]})`);
  }
  const batch = broadcastShapes(a.ndim > 2 ? a.shape.slice(0, -2) : [], b.ndim > 2 ? b.shape.slice(0, -2) : []);
  const shape = [...batch];
  if (a.ndim > 1) shape.push(a2[0]!);
  if (b.ndim > 1) shape.push(b2[1]!);
  return { shape, batch, n: a2[0]!, k: a2[1]!, m: b2[1]! };
}
def("matmul.default", {
  meta: (a) => {
    const x = T(a[0]);
    const y = T(a[1]);
    sameDtype(x, y, "m1", "m2");
    return out(matmulShape(x, y).shape, x.dtype);
  },
  kernel: (a) => {
    const x = T(a[0]);
    const y = T(a[1]);
    const { batch, n, k, m } = matmulShape(x, y) as { batch: number[]; n: number; k: number; m: number };
    const xs = [...batch, n, k];
    const ys = [...batch, k, m];
    const xv = broadcastValues(x.ndim === 1 ? asShape(x, [1, k]) : x, xs);
    const yv = broadcastValues(y.ndim === 1 ? asShape(y, [k, 1]) : y, ys);
    return bmmValues(xv, yv, numelOf(batch), n, k, m);
  },
});

// ---- einsum (explicit or implicit output, "..." broadcasting)
interface Einsum { inputs: string[][]; output: string[]; sizes: Map<string, Size> }
function parseEinsum(eq: string, ts: readonly Tensor[]): Einsum {
  const [lhs, rhs] = eq.replace(/\s/g, "").split("->") as [string, string | undefined];
  const terms = lhs.split(",");
  check(terms.length === ts.length, "einsum(): more operands were provided than specified in the equation");
  const sizes = new Map<string, Size>();
  let ellRank = 0;
  const inputs = terms.map((term, i) => {
    const t = ts[i]!;
    const parts = term.split("...");
    const explicit = parts.join("").split("");
    const ell = parts.length > 1 ? t.ndim - explicit.length : 0;
    check(ell >= 0 && (parts.length > 1 || explicit.length === t.ndim), () =>
      `einsum(): the number of subscripts in the equation (${explicit.length}) does not match the number of dimensions (${t.ndim}) for operand ${i}${parts.length > 1 ? "" : " and no ellipsis was given"}`);
    ellRank = Math.max(ellRank, ell);
    const labels = parts.length > 1
      ? [...parts[0]!.split(""), ...Array.from({ length: ell }, (_, k) => `#${ell - k}`), ...parts[1]!.split("")]
      : explicit;
    labels.forEach((l, d) => {
      const s = t.shape[d]!;
      const prev = sizes.get(l);
      if (prev === undefined || eqS(prev, 1)) sizes.set(l, s);
      else if (!eqS(s, 1)) {
        check(eqS(prev, s), () => `einsum(): operands do not broadcast with remapped shapes (original->remapped): ${fmtShape(t.shape)}`);
      }
    });
    return labels;
  });
  const ellLabels = Array.from({ length: ellRank }, (_, k) => `#${ellRank - k}`);
  let output: string[];
  if (rhs !== undefined) {
    const parts = rhs.split("...");
    output = parts.length > 1 ? [...parts[0]!.split(""), ...ellLabels, ...parts[1]!.split("")] : rhs.split("");
  } else {
    const counts = new Map<string, number>();
    for (const l of inputs.flat()) if (!l.startsWith("#")) counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...ellLabels, ...[...counts].filter(([, c]) => c === 1).map(([l]) => l).sort()];
  }
  for (const l of ellLabels) if (!sizes.has(l)) sizes.set(l, 1);
  return { inputs, output, sizes };
}
def("einsum.default", {
  meta: (a) => {
    const ts = a[1] as Tensor[];
    const e = parseEinsum(a[0] as string, ts);
    return out(e.output.map((l) => e.sizes.get(l)!), ts[0]!.dtype);
  },
  kernel: (a) => {
    const ts = a[1] as Tensor[];
    const e = parseEinsum(a[0] as string, ts);
    const all = [...e.output, ...[...e.sizes.keys()].filter((l) => !e.output.includes(l))];
    const dims = all.map((l) => e.sizes.get(l) as number);
    const outN = numelOf(dims.slice(0, e.output.length));
    const res = new Float64Array(outN);
    const vals = ts.map((t) => t._values());
    const strides = e.inputs.map((labels, i) => {
      const shape = ts[i]!._sizes();
      const st = new Array<number>(all.length).fill(0);
      let acc = 1;
      for (let d = labels.length - 1; d >= 0; d--) {
        if (shape[d] !== 1) st[all.indexOf(labels[d]!)] += acc;
        acc *= shape[d]!;
      }
      return st;
    });
    const total = numelOf(dims);
    const idx = new Array<number>(all.length).fill(0);
    const innerN = total / Math.max(outN, 1);
    for (let i = 0; i < total; i++) {
      let p = 1;
      for (let t = 0; t < ts.length; t++) {
        let off = 0;
        for (let d = 0; d < all.length; d++) off += idx[d]! * strides[t]![d]!;
        p *= vals[t]![off]!;
      }
      res[Math.floor(i / innerN)] += p;
      for (let d = all.length - 1; d >= 0; d--) {
        if (++idx[d]! < dims[d]!) break;
        idx[d] = 0;
      }
    }
    return res;
  },
});
