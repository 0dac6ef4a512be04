// Pointwise ops as data: one row per op (promotion kind + scalar function), registered for the
// functional, Scalar/Tensor and in-place overloads that exist.
import { Tensor } from "../../tensor/tensor.js";
import { bool, DType, int64 } from "../../tensor/dtype.js";
import { elementwiseDtype, type PromotionKind, type PromotionOperand } from "../../tensor/promotion.js";
import { binaryMap, ternaryMap, unaryMap } from "../kernels/elementwise.js";
import { erf, floorDivFloat, remainderFloat, roundHalfEven, softplus } from "../kernels/math.js";
import { check, TorchRuntimeError } from "../errors.js";
import { aten } from "../registry.js";
import { broadcastShapes, def, out, T } from "./util.js";
import { elementwiseStrides } from "./layout.js";
import { SymInt } from "../../symbolic/symint.js";
import { SymFloat } from "../../symbolic/symfloat.js";
import { SymBool } from "../../symbolic/symbool.js";

type Num = number | boolean;
// A SymInt / SymFloat / SymBool scalar (an item() or a size) promotes as a Python int / float / bool.
const operandOf = (x: unknown): PromotionOperand =>
  x instanceof Tensor ? { dtype: x.dtype, dim: x.ndim }
  : x instanceof SymInt ? 0 : x instanceof SymFloat ? 0.5 : x instanceof SymBool ? false : (x as number | boolean);

/** PyTorch's canCast: no float → integral, no non-bool → bool. */
function canCast(from: DType, to: DType): boolean {
  if (from.category === 2 && to.category < 2) return false;
  if (from !== bool && to === bool) return false;
  return true;
}
const typeName = (d: DType) =>
  ({ float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16", int64: "Long", int32: "Int",
    int16: "Short", int8: "Char", uint8: "Byte", bool: "Bool" })[d.name]!;

function inplaceCheck(self: Tensor, result: DType, shape: readonly unknown[]): void {
  check(canCast(result, self.dtype), () => `result type ${typeName(result)} can't be cast to the desired output type ${typeName(self.dtype)}`);
  check(shape.length === self.ndim && shape.every((d, i) => d === self.shape[i]),
    () => `output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${shape.join(", ")}]`);
}

const V = (x: unknown) => (typeof x === "boolean" ? (x ? 1 : 0) : (x as number));

// ---------------------------------------------------------------- unary
type UnaryFn = (v: number, a: unknown[], dt: DType) => number;
const UNARY: Record<string, [PromotionKind, UnaryFn]> = {
  abs: ["DEFAULT", (v) => Math.abs(v)],
  neg: ["DEFAULT", (v) => -v],
  exp: ["INT_TO_FLOAT", (v) => Math.exp(v)],
  expm1: ["INT_TO_FLOAT", (v) => Math.expm1(v)],
  log: ["INT_TO_FLOAT", (v) => Math.log(v)],
  log1p: ["INT_TO_FLOAT", (v) => Math.log1p(v)],
  sqrt: ["INT_TO_FLOAT", (v) => Math.sqrt(v)],
  rsqrt: ["INT_TO_FLOAT", (v) => 1 / Math.sqrt(v)],
  reciprocal: ["INT_TO_FLOAT", (v) => 1 / v],
  sin: ["INT_TO_FLOAT", Math.sin],
  cos: ["INT_TO_FLOAT", Math.cos],
  tan: ["INT_TO_FLOAT", Math.tan],
  sinh: ["INT_TO_FLOAT", Math.sinh],
  cosh: ["INT_TO_FLOAT", Math.cosh],
  tanh: ["INT_TO_FLOAT", Math.tanh],
  erf: ["INT_TO_FLOAT", erf],
  sigmoid: ["INT_TO_FLOAT", (v) => 1 / (1 + Math.exp(-v))],
  floor: ["DEFAULT", Math.floor],
  ceil: ["DEFAULT", Math.ceil],
  trunc: ["DEFAULT", Math.trunc],
  round: ["DEFAULT", (v, a) => {
    const d = (a[1] as number | undefined) ?? 0;
    if (d === 0) return roundHalfEven(v);
    const s = 10 ** Math.abs(d);
    return d > 0 ? roundHalfEven(v * s) / s : roundHalfEven(v / s) * s;
  }],
  sign: ["DEFAULT", (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v)],
  square: ["BOOL_TO_LONG", (v) => v * v],
  relu: ["DEFAULT", (v) => (v > 0 ? v : Number.isNaN(v) ? v : 0)],
  relu6: ["DEFAULT", (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, 0), 6))],
  silu: ["DEFAULT", (v) => v / (1 + Math.exp(-v))],
  mish: ["DEFAULT", (v) => v * Math.tanh(softplus(v))],
  hardswish: ["DEFAULT", (v) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6],
  hardsigmoid: ["DEFAULT", (v) => Math.min(Math.max(v + 3, 0), 6) / 6],
  gelu: ["DEFAULT", (v, a) => {
    if (a[1] === "tanh") {
      const k = Math.sqrt(2 / Math.PI);
      return 0.5 * v * (1 + Math.tanh(k * (v + 0.044715 * v * v * v)));
    }
    return 0.5 * v * (1 + erf(v / Math.SQRT2));
  }],
  elu: ["DEFAULT", (v, a) => {
    const [alpha, scale, inScale] = [V(a[1]), V(a[2]), V(a[3])];
    return v > 0 ? v * scale : alpha * scale * Math.expm1(v * inScale);
  }],
  leaky_relu: ["DEFAULT", (v, a) => (v > 0 ? v : v * V(a[1]))],
  softplus: ["DEFAULT", (v, a) => {
    const beta = V(a[1]);
    return v * beta > V(a[2]) ? v : softplus(v * beta) / beta;
  }],
  hardtanh: ["DEFAULT", (v, a) => (Number.isNaN(v) ? v : Math.min(Math.max(v, V(a[1])), V(a[2])))],
  logical_not: ["ALWAYS_BOOL", (v) => (v === 0 ? 1 : 0)],
  bitwise_not: ["DEFAULT", (v, _a, dt) => (dt === bool ? (v ? 0 : 1) : -v - 1)],
  clamp: ["DEFAULT", (v, a) => {
    if (Number.isNaN(v)) return v;
    if (a[1] !== null) v = Math.max(v, V(a[1]));
    if (a[2] !== null) v = Math.min(v, V(a[2]));
    return v;
  }],
  clamp_min: ["DEFAULT", (v, a) => (Number.isNaN(v) ? v : Math.max(v, V(a[1])))],
  clamp_max: ["DEFAULT", (v, a) => (Number.isNaN(v) ? v : Math.min(v, V(a[1])))],
};

// Ops whose Scalar arguments take part in type promotion (clamp(int_tensor, 0.5) is float).
const SCALAR_ARGS_PROMOTE: Record<string, number[]> = { clamp: [1, 2], clamp_min: [1], clamp_max: [1] };

function unaryDtype(name: string, kind: PromotionKind, a: unknown[]): DType {
  const x = T(a[0]);
  const extra = (SCALAR_ARGS_PROMOTE[name] ?? []).map((i) => a[i]).filter((v) => v !== null && v !== undefined);
  const ops = [operandOf(x), ...extra.map((v) => v as number)];
  if (name === "bitwise_not") check(x.dtype.category < 2, "bitwise_not_cpu not implemented for 'Float'");
  if (name === "neg") {
    check(x.dtype !== bool, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  }
  return elementwiseDtype(kind, ops);
}

function registerUnary(name: string, kind: PromotionKind, f: UnaryFn): void {
  const keys = Object.keys(packet(name)).filter((o) => o === "default" || o === "decimals");
  for (const ov of keys) {
    def(`${name}.${ov}`, {
      meta: (a) => out(T(a[0]).shape, unaryDtype(name, kind, a), elementwiseStrides(T(a[0]).shape, [a[0]])),
      kernel: (a) => {
        const x = T(a[0]);
        const res = unaryDtype(name, kind, a);
        const compute = kind === "ALWAYS_BOOL" ? x.dtype : res;
        return unaryMap(x, compute, (v) => f(v, a, compute));
      },
    });
  }
  const inplace = packet(`${name}_`);
  if (inplace.default) {
    def(`${name}_.default`, {
      meta: (a) => {
        const self = T(a[0]);
        inplaceCheck(self, unaryDtype(name, kind, a), self.shape);
        return self;
      },
      kernel: (a) => unaryMap(T(a[0]), T(a[0]).dtype, (v) => f(v, a, T(a[0]).dtype)),
    });
  }
}

function packet(name: string): Record<string, unknown> {
  return aten[name] ?? {};
}

for (const [name, [kind, f]] of Object.entries(UNARY)) registerUnary(name, kind, f);

// clamp with tensor bounds
for (const [key, lo, hi] of [["clamp.Tensor", 1, 2], ["clamp_min.Tensor", 1, -1], ["clamp_max.Tensor", -1, 1]] as const) {
  const dtypeOf = (a: unknown[]) =>
    elementwiseDtype("DEFAULT", [a[0], lo >= 0 ? a[lo] : null, hi >= 0 ? a[hi] : null].filter((v) => v !== null && v !== undefined).map(operandOf));
  const shapeOf = (a: unknown[]) =>
    broadcastShapes(...[a[0], lo >= 0 ? a[lo] : null, hi >= 0 ? a[hi] : null].filter((v): v is Tensor => v instanceof Tensor).map((t) => t.shape));
  const kernel = (a: unknown[]) => {
    const dt = dtypeOf(a);
    const shape = shapeOf(a) as number[];
    const l = lo >= 0 ? a[lo] : null;
    const h = hi >= 0 ? a[hi] : null;
    return ternaryMap(T(a[0]), (l ?? NaN) as Tensor | number, (h ?? NaN) as Tensor | number, shape, [dt, dt, dt], (v, mn, mx) => {
      if (Number.isNaN(v)) return v;
      if (l !== null) v = Math.max(v, mn);
      if (h !== null) v = Math.min(v, mx);
      return v;
    });
  };
  def(key, { meta: (a) => out(shapeOf(a), dtypeOf(a), elementwiseStrides(shapeOf(a), [a[0], a[1], a[2]])), kernel });
  const inplaceKey = key.replace(".", "_.");
  if (aten[inplaceKey.split(".")[0]!]?.Tensor) {
    def(inplaceKey, {
      meta: (a) => {
        inplaceCheck(T(a[0]), dtypeOf(a), shapeOf(a));
        return a[0];
      },
      kernel,
    });
  }
}

// ---------------------------------------------------------------- binary
type BinaryFn = (x: number, y: number, a: unknown[], dt: DType) => number;
const intDivCheck = (y: number, dt: DType) => {
  if (dt.category < 2 && y === 0) throw new TorchRuntimeError("ZeroDivisionError");
};
const BINARY: Record<string, [PromotionKind, BinaryFn]> = {
  add: ["DEFAULT", (x, y, a) => x + V(a[2] ?? 1) * y],
  sub: ["DEFAULT", (x, y, a) => x - V(a[2] ?? 1) * y],
  rsub: ["DEFAULT", (x, y, a) => y - V(a[2] ?? 1) * x],
  mul: ["DEFAULT", (x, y) => x * y],
  div: ["INT_TO_FLOAT", (x, y, a, dt) => {
    const mode = a[2] as string | null | undefined;
    if (!mode) return x / y;
    if (dt.category < 2) {
      intDivCheck(y, dt);
      return mode === "trunc" ? Math.trunc(x / y) : Math.floor(x / y);
    }
    return mode === "trunc" ? Math.trunc(x / y) : floorDivFloat(x, y);
  }],
  floor_divide: ["DEFAULT", (x, y, _a, dt) => {
    if (dt.category < 2) {
      intDivCheck(y, dt);
      return Math.floor(x / y);
    }
    return floorDivFloat(x, y);
  }],
  remainder: ["DEFAULT", (x, y, _a, dt) => {
    if (dt.category < 2) intDivCheck(y, dt);
    return remainderFloat(x, y);
  }],
  fmod: ["DEFAULT", (x, y, _a, dt) => {
    if (dt.category < 2) intDivCheck(y, dt);
    return x % y;
  }],
  pow: ["DEFAULT", (x, y, _a, dt) => {
    if (dt.category < 2 && y < 0) {
      if (x === 1) return 1;
      if (x === -1) return y % 2 === 0 ? 1 : -1;
      throw new TorchRuntimeError("Integers to negative integer powers are not allowed.");
    }
    return x ** y;
  }],
  atan2: ["INT_TO_FLOAT", Math.atan2],
  maximum: ["DEFAULT", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y))],
  minimum: ["DEFAULT", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y))],
  max: ["DEFAULT", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y))],
  min: ["DEFAULT", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y))],
  eq: ["ALWAYS_BOOL", (x, y) => (x === y ? 1 : 0)],
  ne: ["ALWAYS_BOOL", (x, y) => (x !== y ? 1 : 0)],
  lt: ["ALWAYS_BOOL", (x, y) => (x < y ? 1 : 0)],
  le: ["ALWAYS_BOOL", (x, y) => (x <= y ? 1 : 0)],
  gt: ["ALWAYS_BOOL", (x, y) => (x > y ? 1 : 0)],
  ge: ["ALWAYS_BOOL", (x, y) => (x >= y ? 1 : 0)],
  logical_and: ["ALWAYS_BOOL", (x, y) => (x !== 0 && y !== 0 ? 1 : 0)],
  logical_or: ["ALWAYS_BOOL", (x, y) => (x !== 0 || y !== 0 ? 1 : 0)],
  logical_xor: ["ALWAYS_BOOL", (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0)],
  bitwise_and: ["DEFAULT", (x, y, _a, dt) => bitwise(x, y, dt, "and")],
  bitwise_or: ["DEFAULT", (x, y, _a, dt) => bitwise(x, y, dt, "or")],
  bitwise_xor: ["DEFAULT", (x, y, _a, dt) => bitwise(x, y, dt, "xor")],
};
BINARY.__and__ = BINARY.bitwise_and!;
BINARY.__or__ = BINARY.bitwise_or!;
BINARY.__xor__ = BINARY.bitwise_xor!;

// Bitwise ops on exact integers (int64 values beyond 32 bits go through BigInt).
type BitOp = "and" | "or" | "xor";
function bitwise(x: number, y: number, dt: DType, o: BitOp): number {
  if (dt === int64 && (Math.abs(x) >= 2 ** 31 || Math.abs(y) >= 2 ** 31)) {
    const p = BigInt(x);
    const q = BigInt(y);
    return Number(BigInt.asIntN(64, o === "and" ? p & q : o === "or" ? p | q : p ^ q));
  }
  return o === "and" ? x & y : o === "or" ? x | y : x ^ y;
}

function binaryDtype(name: string, kind: PromotionKind, x: unknown, y: unknown, a: unknown[]): DType {
  const mode = name === "div" ? (a[2] as string | null | undefined) : undefined;
  const dt = elementwiseDtype(mode ? "DEFAULT" : kind, [operandOf(x), operandOf(y)]);
  if (name.startsWith("bitwise") || name.startsWith("__")) {
    const inner = elementwiseDtype("DEFAULT", [operandOf(x), operandOf(y)]);
    check(inner.category < 2, `"${name.replace(/_/g, "")}_cpu" not implemented for '${typeName(inner)}'`);
  }
  if (name === "sub") {
    check(!(operandIsBool(x) && operandIsBool(y)),
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  }
  if ((name === "add" || name === "sub") && a[2] !== undefined && a[2] !== null) {
    const alpha = a[2];
    if (dt.category < 2 && typeof alpha === "number" && !Number.isInteger(alpha)) {
      throw new TorchRuntimeError("For integral input tensors, argument alpha must not be a floating point number.");
    }
  }
  return dt;
}
const operandIsBool = (x: unknown) => (x instanceof Tensor ? x.dtype === bool : typeof x === "boolean");

const isComparison = (k: PromotionKind) => k === "ALWAYS_BOOL";

// The ops FakeTensor gives its fast binary path (fake_impls get_fast_op_impls): their output
// layout is decided on the operands as given (layout.ts).
const FAST_BINARY = new Set(["add.Tensor", "sub.Tensor", "mul.Tensor", "div.Tensor"]);

/**
 * The base type of a schema's first argument and the name of its second (what registerBinary
 * checks), read from the schema text as parseSchema reads it, or null with fewer than two
 * arguments. Parsing the ~70 schemas in full here cost milliseconds of every import; a schema is
 * parsed when its op is first used. (bench/bundle/leading_args_check.ts compares the two on
 * every schema.)
 */
export function leadingArgs(text: string): [base: string, name: string] | null {
  const found: string[] = [];
  let depth = 0;
  let start = text.indexOf("(") + 1;
  for (let i = start; i < text.length && found.length < 2; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) depth++; // ( [
    else if ((c === 41 || c === 93) && depth > 0) depth--; // ) ]
    else if ((c === 44 && depth === 0) || c === 41) {
      // `,` between arguments, or the `)` closing the list
      const part = text.slice(start, i).trim();
      if (part !== "" && part !== "*" && part !== "...") found.push(part);
      if (c === 41) break;
      start = i + 1;
    }
  }
  if (found.length < 2) return null;
  const decl = (a: string) => {
    const eq = a.indexOf("=");
    return (eq >= 0 ? a.slice(0, eq) : a).trim();
  };
  const first = decl(found[0]!);
  let type = first.slice(0, first.lastIndexOf(" ")).trim();
  if (type.endsWith("?")) type = type.slice(0, -1);
  type = type.replace(/\[\d*\]$/, "");
  if (type.endsWith("?")) type = type.slice(0, -1);
  const alias = /^(\w+)\(.*\)$/.exec(type);
  if (alias) type = alias[1]!;
  const second = decl(found[1]!);
  return [type, second.slice(second.lastIndexOf(" ") + 1)];
}

function registerBinary(name: string, kind: PromotionKind, f: BinaryFn): void {
  const p = aten[name];
  const ip = aten[`${name}_`];
  // Overloads of shape (self, other, ...): Tensor, Scalar, Tensor_mode, Scalar_mode, default, other.
  const selfOther = ["Tensor", "Scalar", "Tensor_mode", "Scalar_mode", "default", "other", "Tensor_Tensor", "Tensor_Scalar"];
  // Values are computed in the promoted dtype (comparisons and logical ops compare in it too) and
  // converted to the output dtype on write.
  const run = (a: unknown[], inplace: Tensor | null) => {
    const [x, y] = [a[0], a[1]];
    const shape = broadcastShapes(x instanceof Tensor ? x.shape : [], y instanceof Tensor ? y.shape : []) as number[];
    const cdt = isComparison(kind) ? elementwiseDtype("DEFAULT", [operandOf(x), operandOf(y)]) : binaryDtype(name, kind, x, y, a);
    return binaryMap(x as Tensor, y as Tensor, shape, cdt, (u, v) => f(u, v, a, inplace ? inplace.dtype : cdt));
  };
  for (const ov of Object.keys(p ?? {})) {
    if (!selfOther.includes(ov) && !(ov === "Scalar" || ov === "Scalar_Tensor")) continue;
    const lead = leadingArgs(p![ov]!.schemaText);
    if (lead === null || lead[0] !== (ov === "Scalar_Tensor" || (name === "pow" && ov === "Scalar") ? "Scalar" : "Tensor")) continue;
    if (lead[1] !== "other" && lead[1] !== "exponent") continue;
    def(`${name}.${ov}`, {
      meta: (a) => {
        const [x, y] = [a[0], a[1]];
        const shape = broadcastShapes(x instanceof Tensor ? x.shape : [], y instanceof Tensor ? y.shape : []);
        return out(shape, binaryDtype(name, kind, x, y, a), elementwiseStrides(shape, [x, y], FAST_BINARY.has(`${name}.${ov}`)));
      },
      kernel: (a) => run(a, null),
    });
  }
  for (const ov of Object.keys(ip ?? {})) {
    if (!selfOther.includes(ov)) continue;
    def(`${name}_.${ov}`, {
      meta: (a) => {
        const self = T(a[0]);
        const y = a[1];
        const shape = broadcastShapes(self.shape, y instanceof Tensor ? y.shape : []);
        inplaceCheck(self, binaryDtype(name, kind, self, y, a), shape);
        return self;
      },
      kernel: (a) => run(a, T(a[0])),
    });
  }
}
for (const [name, [kind, f]] of Object.entries(BINARY)) registerBinary(name, kind, f);

// ---------------------------------------------------------------- where
function whereDtype(x: unknown, y: unknown): DType {
  return elementwiseDtype("NO_OPMATH", [operandOf(x), operandOf(y)]);
}
for (const ov of ["self", "ScalarOther", "ScalarSelf", "Scalar"]) {
  def(`where.${ov}`, {
    meta: (a) => {
      const c = T(a[0]);
      check(c.dtype === bool, `where expected condition to be a boolean tensor, but got a tensor with dtype ${typeName(c.dtype)}`);
      const shapes = [c.shape, ...[a[1], a[2]].filter((v): v is Tensor => v instanceof Tensor).map((t) => t.shape)];
      const shape = broadcastShapes(...shapes);
      return out(shape, whereDtype(a[1], a[2]), elementwiseStrides(shape, [a[0], a[1], a[2]]));
    },
    kernel: (a) => {
      const c = T(a[0]);
      const dt = whereDtype(a[1], a[2]);
      const shapes = [c.shape, ...[a[1], a[2]].filter((v): v is Tensor => v instanceof Tensor).map((t) => t.shape)];
      return ternaryMap(c, a[1] as Num, a[2] as Num, broadcastShapes(...shapes) as number[], [bool, dt, dt], (k, p, q) => (k ? p : q));
    },
  });
}
