// A symbolic float (PyTorch SymFloat): what true division of sizes gives (`x.shape[0] / 2` is
// IntTrueDiv(s77, 2)) and `float()` of a size (ToFloat). It stays symbolic through `round()`
// (Python's builtin round: RoundToInt, halfway cases to even), which gives a SymInt again.
// Using it as a number specializes the sizes it is made of, as float() does in PyTorch.
// toString() is the sympy str and never guards.
import { Expr, ExprKind } from "../core/expr.js";
import type { ShapeEnv } from "../core/shape_env.js";
import { InvalidArgumentError, ZeroDivisionError } from "../core/errors.js";
import { SymInt, recordSymOp, type Size, type SymIntOp } from "./symint.js";
import { checkConversion } from "./checking.js";

/** Python's round(x) for a float: the nearest integer, halfway cases to the even one. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) throw new InvalidArgumentError(`cannot convert float ${x} to integer`);
  const r = Math.round(x); // halves toward +Infinity
  if (x - Math.floor(x) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

export class SymFloat {
  constructor(
    readonly env: ShapeEnv,
    readonly expr: Expr,
  ) {}

  /** A SymFloat, or a plain number when the expression is a constant. */
  static of(env: ShapeEnv, expr: Expr): number | SymFloat {
    const e = env.simplify(expr);
    if (e.kind === ExprKind.Float) return e.floatValue();
    if (e.kind === ExprKind.Integer) return e.intValue();
    return new SymFloat(env, e);
  }

  /** Python's `a / b` on sizes: a number when both are static, else a SymFloat (IntTrueDiv). */
  static trueDiv(a: Size, b: Size): number | SymFloat {
    if (typeof a === "number" && typeof b === "number") return pyTrueDiv(a, b);
    return typeof a === "number" ? (b as SymInt).rtruediv(a) : a.truediv(b);
  }

  // Python's float operators (SymFloat.__add__, __neg__, ...): each is recorded as an `operator`
  // node while tracing (operator.truediv, operator.neg); ints and SymInts take part as floats.
  /** The operand as an expression (a SymInt as ToFloat(s), as sym_float promotes it). */
  private operand(o: number | SymInt | SymFloat): Expr {
    if (o instanceof SymFloat) return o.expr;
    if (o instanceof SymInt) return o.expr.toFloat();
    return Number.isInteger(o) ? Expr.int(o) : Expr.float(o);
  }
  private result(op: SymIntOp, a: number | SymInt | SymFloat, b: number | SymInt | SymFloat | null, expr: () => Expr): number | SymFloat {
    let e: Expr;
    try {
      e = expr();
    } catch (error) {
      // The core's float expressions are IntTrueDiv / ToFloat / RoundToInt of integers and float
      // constants: arithmetic on a float-valued expression (sympy's Float arithmetic, `-zuf0/2`) is
      // not there. The result is then a fresh unbacked float standing for the value, which the
      // recorded operator node computes at run time (its printed meta names that symbol instead of
      // PyTorch's expression; docs/conformance.md).
      if (!(error instanceof InvalidArgumentError)) throw error;
      return recordSymOp(op, a, b, new SymFloat(this.env, this.env.createUnbackedFloat()));
    }
    return recordSymOp(op, a, b, SymFloat.of(this.env, e));
  }
  add(o: number | SymInt | SymFloat): number | SymFloat { return this.result("add", this, o, () => this.expr.add(this.operand(o))); }
  sub(o: number | SymInt | SymFloat): number | SymFloat { return this.result("sub", this, o, () => this.expr.sub(this.operand(o))); }
  /** o - this */
  rsub(o: number | SymInt | SymFloat): number | SymFloat { return this.result("sub", o, this, () => this.operand(o).sub(this.expr)); }
  mul(o: number | SymInt | SymFloat): number | SymFloat { return this.result("mul", this, o, () => this.expr.mul(this.operand(o))); }
  truediv(o: number | SymInt | SymFloat): number | SymFloat {
    if (o === 0) throw new ZeroDivisionError("float division by zero");
    return this.result("truediv", this, o, () => this.expr.truediv(this.operand(o)));
  }
  /** o / this */
  rtruediv(o: number | SymInt | SymFloat): number | SymFloat { return this.result("truediv", o, this, () => this.operand(o).truediv(this.expr)); }
  neg(): number | SymFloat { return this.result("neg", this, null, () => this.expr.neg()); }

  /** Python's builtin round(x) (RoundToInt): a SymInt, or a number when it is decided. */
  round(): Size {
    return recordSymOp("round", this, null, SymInt.of(this.env, this.expr.roundToInt()));
  }

  /** The example value, without guarding; null for data-dependent sizes. */
  get hint(): number | null {
    const values: [Expr, number][] = [];
    for (const s of this.expr.freeSymbols()) {
      const h = this.env.hint(s);
      if (h === null) return null;
      values.push([s, h]);
    }
    return this.expr.evaluateFloat(values);
  }

  /** float(x): the example value, specializing every size it is computed from. */
  guardFloat(): number {
    const values: [Expr, number][] = [];
    for (const a of this.expr.args) {
      if (a.isFloatValued() || a.isInteger()) continue;
      const v = SymInt.of(this.env, a);
      if (typeof v !== "number") v.guardInt();
    }
    for (const s of this.expr.freeSymbols()) {
      const h = this.env.hint(s);
      if (h !== null) values.push([s, h]);
    }
    return this.expr.evaluateFloat(values);
  }

  valueOf(): number {
    checkConversion(this, SymFloat.prototype.valueOf);
    return this.guardFloat();
  }

  /** sympy str, e.g. `IntTrueDiv(s77, 2)`; never guards. */
  toString(): string {
    return this.expr.toString();
  }

  /** Number hints specialize; string hints (template literals) print the sympy str. */
  [Symbol.toPrimitive](hint: "number" | "string" | "default"): number | string {
    if (hint === "string") return this.toString();
    checkConversion(this, SymFloat.prototype[Symbol.toPrimitive]);
    return this.guardFloat();
  }
}

/** Python's int / int on numbers (ZeroDivisionError on 0). */
export function pyTrueDiv(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError("division by zero");
  return a / b;
}

/** torch.sym_float(x): float(x), staying symbolic for a SymInt (ToFloat). */
export function sym_float(x: Size | SymFloat): number | SymFloat {
  if (typeof x === "number") return x;
  if (x instanceof SymFloat) return x;
  return recordSymOp("sym_float", x, null, SymFloat.of(x.env, x.expr.toFloat()));
}

/** Python's builtin round(x) without ndigits (SymFloat.__round__): RoundToInt, halfway cases to
 * the even integer; a SymInt or int is returned as is. */
export function sym_round(x: number | SymFloat | SymInt): Size {
  if (typeof x === "number") return roundHalfEven(x);
  if (x instanceof SymFloat) return x.round();
  return x; // round() of an int is the int
}
