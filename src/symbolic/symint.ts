// A symbolic integer (PyTorch SymInt): a size that depends on the inputs. JavaScript has no
// operator overloading, so arithmetic and comparisons are methods that stay symbolic; results
// that are static fold to plain numbers. Converting to a number (valueOf, Number(x), unary +)
// specializes it like int() in PyTorch: a guard is recorded and the export constraint error
// names the user's source line. toString() is the sympy str and never guards.
import { Expr, ExprKind } from "../core/expr.js";
import type { ShapeEnv } from "../core/shape_env.js";
import { InvalidArgumentError, ZeroDivisionError } from "../core/errors.js";
import { SymBool } from "./symbool.js";
import { SymFloat } from "./symfloat.js";
import { userSourceLine } from "./sloc.js";
import { checkConversion } from "./checking.js";
import { decideOrFallback } from "./data_dependent.js";

/** A dimension size: a plain number when static, a SymInt when dynamic. */
export type Size = number | SymInt;

/** The arithmetic and comparisons a tracer may record. */
export type SymIntOp = "add" | "sub" | "mul" | "floordiv" | "truediv" | "mod" | "pow" | "lshift" | "rshift" | "neg" | "eq" | "ne" | "lt" | "le" | "gt" | "ge"
  | "round" | "sym_max" | "sym_min" | "sym_float";

/** Called after SymInt arithmetic or a comparison that stays symbolic (the tracer's hook; null when
 * not tracing). `b` is null for a unary op (round). */
export type SymIntOpHook = (
  op: SymIntOp,
  a: Size | SymFloat,
  b: Size | SymFloat | null,
  result: SymInt | SymBool | SymFloat,
) => void;

let symIntOpHook: SymIntOpHook | null = null;

/** Installs the hook (null: none) and returns the previous one, for the caller to restore. */
export function setSymIntOpHook(hook: SymIntOpHook | null): SymIntOpHook | null {
  const prev = symIntOpHook;
  symIntOpHook = hook;
  return prev;
}

/** Reports `op` to the tracer's hook when its result stays symbolic; returns the result. */
export function recordSymOp<R>(op: SymIntOp, a: Size | SymFloat, b: Size | SymFloat | null, result: R): R {
  if (symIntOpHook !== null && (result instanceof SymInt || result instanceof SymBool || result instanceof SymFloat)) {
    symIntOpHook(op, a, b, result);
  }
  return result;
}

export class SymInt {
  constructor(
    readonly env: ShapeEnv,
    readonly expr: Expr,
  ) {}

  /** A SymInt, or a plain number when the expression (after replacements) is a constant. */
  static of(env: ShapeEnv, expr: Expr): Size {
    const e = env.simplify(expr);
    if (e.kind === ExprKind.Integer) return e.intValue();
    return new SymInt(env, e);
  }

  private lift(o: Size): Expr {
    if (typeof o === "number") {
      if (!Number.isSafeInteger(o)) throw new InvalidArgumentError(`a size must be an integer, got ${o}`);
      return Expr.int(o);
    }
    if (o.env !== this.env) throw new InvalidArgumentError("cannot combine SymInts of different ShapeEnvs");
    return o.expr;
  }

  add(o: Size): Size { return this.traced("add", this, o, SymInt.of(this.env, this.expr.add(this.lift(o)))); }
  sub(o: Size): Size { return this.traced("sub", this, o, SymInt.of(this.env, this.expr.sub(this.lift(o)))); }
  /** o - this (for number - SymInt). */
  rsub(o: Size): Size { return this.traced("sub", o, this, SymInt.of(this.env, this.lift(o).sub(this.expr))); }
  mul(o: Size): Size { return this.traced("mul", this, o, SymInt.of(this.env, this.expr.mul(this.lift(o)))); }
  neg(): Size { return recordSymOp("neg", this, null, SymInt.of(this.env, this.expr.neg())); }
  /** Python floor division `//` (FloorDiv). */
  floordiv(o: Size): Size { return this.traced("floordiv", this, o, SymInt.of(this.env, this.expr.floordiv(this.lift(o)))); }
  /** o // this. */
  rfloordiv(o: Size): Size { return this.traced("floordiv", o, this, SymInt.of(this.env, this.lift(o).floordiv(this.expr))); }
  /** Python modulo `%` (Mod). */
  mod(o: Size): Size { return this.traced("mod", this, o, SymInt.of(this.env, this.expr.mod(this.lift(o)))); }
  /** o % this. */
  rmod(o: Size): Size { return this.traced("mod", o, this, SymInt.of(this.env, this.lift(o).mod(this.expr))); }
  /** x ** k for a non-negative integer k (PowByNatural). */
  pow(k: number): Size {
    if (!Number.isSafeInteger(k) || k < 0) throw new InvalidArgumentError(`pow: exponent must be a non-negative integer, got ${k}`);
    return this.traced("pow", this, k, SymInt.of(this.env, this.expr.pow(k)));
  }
  /** x << k (LShift: x * 2**k) for a non-negative integer k; recorded as operator.lshift. */
  lshift(k: number): Size {
    return this.traced("lshift", this, k, SymInt.of(this.env, this.expr.mul(Expr.int(2 ** shiftCount(k)))));
  }
  /** x >> k (RShift: x // 2**k) for a non-negative integer k; recorded as operator.rshift. */
  rshift(k: number): Size {
    return this.traced("rshift", this, k, SymInt.of(this.env, this.expr.floordiv(Expr.int(2 ** shiftCount(k)))));
  }
  /** True division `/` (IntTrueDiv): a SymFloat (round() it back to a SymInt); a number when
   * decided. A non-integer number divisor specializes this size (float division is not symbolic). */
  truediv(o: Size): number | SymFloat {
    if (typeof o === "number" && !Number.isInteger(o)) return this.guardInt() / o;
    return this.traced("truediv", this, o, SymFloat.of(this.env, this.expr.truediv(this.lift(o))));
  }
  /** o / this. */
  rtruediv(o: Size): number | SymFloat {
    if (typeof o === "number" && !Number.isInteger(o)) {
      const d = this.guardInt();
      if (d === 0) throw new ZeroDivisionError("float division by zero");
      return o / d;
    }
    return this.traced("truediv", o, this, SymFloat.of(this.env, this.lift(o).truediv(this.expr)));
  }
  /** float(x) kept symbolic (torch.sym_float: ToFloat). */
  toFloat(): SymFloat {
    return new SymFloat(this.env, this.expr.toFloat());
  }
  /** sym_max. */
  max(o: Size): Size { return this.traced("sym_max", this, o, SymInt.of(this.env, this.expr.max(this.lift(o)))); }
  /** sym_min. */
  min(o: Size): Size { return this.traced("sym_min", this, o, SymInt.of(this.env, this.expr.min(this.lift(o)))); }

  eq(o: Size): SymBool | boolean { return this.traced("eq", this, o, SymBool.of(this.env, this.expr.eq(this.lift(o)))); }
  ne(o: Size): SymBool | boolean { return this.traced("ne", this, o, SymBool.of(this.env, this.expr.ne(this.lift(o)))); }
  lt(o: Size): SymBool | boolean { return this.traced("lt", this, o, SymBool.of(this.env, this.expr.lt(this.lift(o)))); }
  le(o: Size): SymBool | boolean { return this.traced("le", this, o, SymBool.of(this.env, this.expr.le(this.lift(o)))); }
  gt(o: Size): SymBool | boolean { return this.traced("gt", this, o, SymBool.of(this.env, this.expr.gt(this.lift(o)))); }
  ge(o: Size): SymBool | boolean { return this.traced("ge", this, o, SymBool.of(this.env, this.expr.ge(this.lift(o)))); }

  // Lets a tracer record the Python operator this arithmetic stands for (operator.mul, ...).
  private traced<R extends Size | SymBool | boolean | SymFloat>(op: SymIntOp, a: Size, b: Size, result: R): R {
    return recordSymOp(op, a, b, result);
  }

  /** The example value (size hint), without guarding; null for data-dependent sizes. */
  get hint(): number | null {
    const free = this.expr.freeSymbols();
    const values: [Expr, number][] = [];
    for (const s of free) {
      const h = this.env.hint(s);
      if (h === null) return null;
      values.push([s, h]);
    }
    return this.expr.evaluate(values);
  }

  /** int(x) / guard_int: specializes to the example value and records Eq(x, value). */
  guardInt(): number {
    return decideOrFallback(this.expr, () => this.env.evaluateInt(this.expr, userSourceLine()));
  }

  /** Number(x), +x, arithmetic with numbers: specializes (see guardInt). */
  valueOf(): number {
    checkConversion(this, SymInt.prototype.valueOf);
    return this.guardInt();
  }

  /** sympy str, e.g. `s77`, `2*s77`, `(s77//2)`; never guards. */
  toString(): string {
    return this.expr.toString();
  }

  /** Number hints specialize; string hints (template literals) print the sympy str. */
  [Symbol.toPrimitive](hint: "number" | "string" | "default"): number | string {
    if (hint === "string") return this.toString();
    checkConversion(this, SymInt.prototype[Symbol.toPrimitive]);
    return this.guardInt();
  }
}

// The shift count of `<<` / `>>`: Python's ValueError for a negative one; a symbolic count is not supported.
function shiftCount(k: number): number {
  if (!Number.isSafeInteger(k)) throw new InvalidArgumentError(`shift: the count must be an integer, got ${String(k)}`);
  if (k < 0) throw new InvalidArgumentError("negative shift count");
  if (k > 52) throw new InvalidArgumentError(`shift: a count of ${k} overflows a size`);
  return k;
}
