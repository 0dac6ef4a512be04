// Size arithmetic that works on plain numbers and SymInts alike, so one `forward` runs eagerly (real
// tensors: sizes are numbers) and under export (sizes may be SymInts): PyTorch's torch.sym_* helpers
// and Python's operators as functions (`operator.floordiv(a, b)` is `a // b`). On numbers they
// compute with Python's semantics (floor division and modulo round toward -inf); on SymInts they stay
// symbolic and the tracer records them (operator.floordiv nodes), as PyTorch does.
//
// JavaScript's own `*`, `<`, `Math.floor` on a SymInt specialize it (int()), so user code that must
// stay dynamic uses these instead. Comparisons return a boolean or a SymBool: branching on a SymBool
// needs `torch.truth(b)` (Python's `if`), which records the guard.
import { InvalidArgumentError, ZeroDivisionError } from "../core/errors.js";
import { SymInt, type Size } from "./symint.js";
import { SymBool } from "./symbool.js";
import { SymFloat, pyTrueDiv, sym_float } from "./symfloat.js";
import {
  sizeAdd, sizeEqSym, sizeFloorDiv, sizeGeSym, sizeGtSym, sizeLeSym, sizeLtSym, sizeMax, sizeMin, sizeMod, sizeMul,
  sizeNeSym, sizeSub,
} from "./size.js";

/** An int, a float or a symbolic int: what Python's operators take here. */
export type SymNumber = number | SymInt;

function pyType(x: unknown): string {
  if (x instanceof SymInt) return "SymInt";
  if (x instanceof SymFloat) return "SymFloat";
  if (x instanceof SymBool) return "SymBool";
  if (typeof x === "number") return Number.isInteger(x) ? "int" : "float";
  if (typeof x === "boolean") return "bool";
  if (x === null || x === undefined) return "NoneType";
  return typeof x;
}

function unsupported(op: string, a: unknown, b?: unknown): InvalidArgumentError {
  const types = b === undefined ? `'${pyType(a)}'` : `'${pyType(a)}' and '${pyType(b)}'`;
  return new InvalidArgumentError(`unsupported operand type(s) for ${op}: ${types}`);
}

function isNum(x: unknown): x is number {
  return typeof x === "number";
}

function isInt(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x);
}

function isSize(x: unknown): x is Size {
  return x instanceof SymInt || isInt(x);
}

// A SymInt with a non-integral float (s * 0.5) would be a SymFloat product, which pt2js's expressions
// do not hold; refuse it with a hint rather than specialize silently.
function symFloatMix(op: string, a: unknown, b: unknown): InvalidArgumentError {
  return new InvalidArgumentError(
    `pt2js keeps ${op} of a SymInt and a float symbolic only as true division: ${pyType(a)} ${op} ${pyType(b)} is not supported (use operator.truediv / operator.floordiv, or torch.sym_int to specialize)`,
  );
}

function binary(op: string, a: unknown, b: unknown, num: (x: number, y: number) => number, size: (x: Size, y: Size) => Size): SymNumber {
  if (isNum(a) && isNum(b)) return num(a, b);
  if (isSize(a) && isSize(b)) return size(a, b);
  if ((a instanceof SymInt && isNum(b)) || (isNum(a) && b instanceof SymInt)) throw symFloatMix(op, a, b);
  throw unsupported(op, a, b);
}

/** Python float // float: floor of the quotient. */
function pyFloatFloorDiv(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError("float floor division by zero");
  return Math.floor(a / b);
}

/** Python float % float: the result has the divisor's sign. */
function pyFloatMod(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError("float modulo");
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

function intResult(x: number): number {
  if (!Number.isSafeInteger(x)) throw new InvalidArgumentError(`integer result ${x} is outside JavaScript's exact integer range`);
  return x;
}

export const operator = {
  /** a + b */
  add(a: SymNumber, b: SymNumber): SymNumber {
    return binary("+", a, b, (x, y) => (isInt(x) && isInt(y) ? intResult(x + y) : x + y), sizeAdd);
  },
  /** a - b */
  sub(a: SymNumber, b: SymNumber): SymNumber {
    return binary("-", a, b, (x, y) => (isInt(x) && isInt(y) ? intResult(x - y) : x - y), sizeSub);
  },
  /** a * b */
  mul(a: SymNumber, b: SymNumber): SymNumber {
    return binary("*", a, b, (x, y) => (isInt(x) && isInt(y) ? intResult(x * y) : x * y), sizeMul);
  },
  /** a // b: floor division (rounds toward -inf: -7 // 2 == -4). */
  floordiv(a: SymNumber, b: SymNumber): SymNumber {
    return binary("//", a, b, (x, y) => (isInt(x) && isInt(y) ? (sizeFloorDiv(x, y) as number) : pyFloatFloorDiv(x, y)), sizeFloorDiv);
  },
  /** a % b: the result has b's sign (-7 % 2 == 1). */
  mod(a: SymNumber, b: SymNumber): SymNumber {
    return binary("%", a, b, (x, y) => (isInt(x) && isInt(y) ? (sizeMod(x, y) as number) : pyFloatMod(x, y)), sizeMod);
  },
  /** a / b: true division; a SymFloat (IntTrueDiv) when a size is symbolic. */
  truediv(a: SymNumber, b: SymNumber): number | SymFloat {
    if (isNum(a) && isNum(b)) return pyTrueDiv(a, b);
    if (isSize(a) && isSize(b)) return SymFloat.trueDiv(a, b);
    if (a instanceof SymInt && isNum(b)) return a.truediv(b); // s / 0.5 specializes s, as SymInt.truediv documents
    if (isNum(a) && b instanceof SymInt) return b.rtruediv(a);
    throw unsupported("/", a, b);
  },
  /** a ** b: an int for a non-negative int exponent, else a float. */
  pow(a: SymNumber, b: number): SymNumber | SymFloat {
    if (isNum(a) && isNum(b)) {
      if (a === 0 && b < 0) throw new ZeroDivisionError("0.0 cannot be raised to a negative power");
      const r = a ** b;
      return isInt(a) && isInt(b) && b >= 0 ? intResult(r) : r;
    }
    if (a instanceof SymInt && isInt(b)) {
      if (b >= 0) return a.pow(b);
      return SymFloat.trueDiv(1, a.pow(-b)); // int ** -k is a float: 1 / a**k
    }
    throw unsupported("** or pow()", a, b);
  },
  /** a << b: a * 2**b for a non-negative int count. */
  lshift(a: SymNumber, b: number): SymNumber {
    if (a instanceof SymInt && isInt(b)) return a.lshift(b);
    if (isInt(a) && isInt(b)) {
      if (b < 0) throw new InvalidArgumentError("negative shift count");
      return intResult(a * 2 ** b);
    }
    throw unsupported("<<", a, b);
  },
  /** a >> b: a // 2**b for a non-negative int count. */
  rshift(a: SymNumber, b: number): SymNumber {
    if (a instanceof SymInt && isInt(b)) return a.rshift(b);
    if (isInt(a) && isInt(b)) {
      if (b < 0) throw new InvalidArgumentError("negative shift count");
      return Math.floor(a / 2 ** b);
    }
    throw unsupported(">>", a, b);
  },
  /** -a */
  neg(a: SymNumber): SymNumber {
    if (isNum(a)) return a === 0 ? 0 : -a;
    if (a instanceof SymInt) return a.neg();
    throw unsupported("unary -", a);
  },
  /** a == b: a boolean, or a SymBool (decide it with torch.truth). */
  eq(a: SymNumber, b: SymNumber): boolean | SymBool {
    return compare("==", a, b, (x, y) => x === y, sizeEqSym);
  },
  ne(a: SymNumber, b: SymNumber): boolean | SymBool {
    return compare("!=", a, b, (x, y) => x !== y, sizeNeSym);
  },
  lt(a: SymNumber, b: SymNumber): boolean | SymBool {
    return compare("<", a, b, (x, y) => x < y, sizeLtSym);
  },
  le(a: SymNumber, b: SymNumber): boolean | SymBool {
    return compare("<=", a, b, (x, y) => x <= y, sizeLeSym);
  },
  gt(a: SymNumber, b: SymNumber): boolean | SymBool {
    return compare(">", a, b, (x, y) => x > y, sizeGtSym);
  },
  ge(a: SymNumber, b: SymNumber): boolean | SymBool {
    return compare(">=", a, b, (x, y) => x >= y, sizeGeSym);
  },
};

function compare(op: string, a: unknown, b: unknown, num: (x: number, y: number) => boolean, size: (x: Size, y: Size) => boolean | SymBool): boolean | SymBool {
  if (isNum(a) && isNum(b)) return num(a, b);
  if (isSize(a) && isSize(b)) return size(a, b);
  if ((a instanceof SymInt && isNum(b)) || (isNum(a) && b instanceof SymInt)) throw symFloatMix(op, a, b);
  throw new InvalidArgumentError(`'${op}' not supported between instances of '${pyType(a)}' and '${pyType(b)}'`);
}

/** torch.sym_int(x): int(x) — a SymInt stays as it is; a number truncates toward zero. A SymFloat is
 * specialized (its sizes get guards): pt2js's expressions have no TruncToInt; use round() (sym_round)
 * or operator.floordiv to stay symbolic. */
export function sym_int(x: number | SymInt | SymFloat): Size {
  if (x instanceof SymInt) return x;
  if (x instanceof SymFloat) return Math.trunc(x.guardFloat());
  if (isNum(x)) {
    if (!Number.isFinite(x)) throw new InvalidArgumentError(`cannot convert float ${x} to integer`);
    return Math.trunc(x) === 0 ? 0 : Math.trunc(x);
  }
  throw new InvalidArgumentError(`int() argument must be a number or a SymInt, not '${pyType(x)}'`);
}

export { sym_float };

/** torch.sym_max(a, b): max, staying symbolic (Max(s0, s1)) on SymInts. */
export function sym_max(a: SymNumber, b: SymNumber): SymNumber {
  return binary("sym_max", a, b, (x, y) => Math.max(x, y), sizeMax);
}

/** torch.sym_min(a, b): min, staying symbolic (Min(s0, s1)) on SymInts. */
export function sym_min(a: SymNumber, b: SymNumber): SymNumber {
  return binary("sym_min", a, b, (x, y) => Math.min(x, y), sizeMin);
}

/** torch.sym_not(b): logical not of a boolean or a SymBool. */
export function sym_not(b: boolean | SymBool): boolean | SymBool {
  if (typeof b === "boolean") return !b;
  if (b instanceof SymBool) return b.not();
  throw new InvalidArgumentError(`sym_not expects a bool or a SymBool, got '${pyType(b)}'`);
}

/** torch.sym_ite(b, t, f): `t if b else f`. With a SymBool PyTorch builds Piecewise((t, b), (f, True));
 * pt2js's expressions have no Piecewise, so a SymBool is decided (a guard, as `if b:` records). */
export function sym_ite<T extends SymNumber | boolean | SymBool>(b: boolean | SymBool, t: T, f: T): T {
  if (typeof b === "boolean") return b ? t : f;
  if (b instanceof SymBool) {
    if (typeof t === "number" && typeof f === "number" && t === f) return t;
    return b.guard() ? t : f;
  }
  throw new InvalidArgumentError(`sym_ite expects a bool or a SymBool condition, got '${pyType(b)}'`);
}

/** torch.sym_sum(args): the sum (0 for none). On SymInts it is traced as a chain of `+` nodes:
 * PyTorch's single torch.sym_sum node is refused by its own export verifier (2.6). */
export function sym_sum(args: Iterable<SymNumber>): SymNumber {
  let acc: SymNumber | null = null;
  for (const x of args) {
    if (!isNum(x) && !(x instanceof SymInt)) throw unsupported("+", acc ?? 0, x);
    acc = acc === null ? x : operator.add(acc, x);
  }
  return acc ?? 0;
}
