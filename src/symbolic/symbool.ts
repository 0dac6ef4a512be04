// A symbolic boolean (PyTorch SymBool). Never implicitly truthy: branching needs `guard()`,
// which decides it by the example values and records a guard, as `bool()` does in PyTorch.
import { Expr, ExprKind } from "../core/expr.js";
import type { ShapeEnv } from "../core/shape_env.js";
import { InvalidArgumentError } from "../core/errors.js";
import { userSourceLine } from "./sloc.js";
import { decideOrFallback } from "./data_dependent.js";

export class SymBool {
  constructor(
    readonly env: ShapeEnv,
    readonly expr: Expr,
  ) {}

  /** A SymBool, or a plain boolean when the expression is already True/False. */
  static of(env: ShapeEnv, expr: Expr): SymBool | boolean {
    const e = env.simplify(expr);
    if (e.kind === ExprKind.True) return true;
    if (e.kind === ExprKind.False) return false;
    return new SymBool(env, e);
  }

  /** bool(x): the value under the example inputs, recording a guard (no guard when the value
   * follows from ranges and earlier guards). */
  guard(): boolean {
    const known = this.env.staticallyKnown(this.expr);
    if (known !== null) return known;
    return decideOrFallback(this.expr, () => (this.env.evaluateGuard(this.expr, userSourceLine()) ? 1 : 0)) !== 0;
  }

  /** guard_or_false: like guard(), but false (and no error) when it depends on data. */
  guardOrFalse(): boolean {
    const known = this.env.staticallyKnown(this.expr);
    if (known !== null) return known;
    return this.env.guardOr(this.expr, false, userSourceLine());
  }

  /** guard_or_true: like guard(), but true (and no error) when it depends on data. */
  guardOrTrue(): boolean {
    const known = this.env.staticallyKnown(this.expr);
    if (known !== null) return known;
    return this.env.guardOr(this.expr, true, userSourceLine());
  }

  /** Same as `guard()`. */
  bool(): boolean {
    return this.guard();
  }

  /** statically_known_true: true only when provable without a guard. */
  staticallyKnownTrue(): boolean {
    return this.env.staticallyKnown(this.expr) === true;
  }

  and(o: SymBool | boolean): SymBool | boolean {
    if (o === false) return false;
    if (o === true) return this;
    return SymBool.of(this.env, this.expr.and(o.expr));
  }

  or(o: SymBool | boolean): SymBool | boolean {
    if (o === true) return true;
    if (o === false) return this;
    return SymBool.of(this.env, this.expr.or(o.expr));
  }

  not(): SymBool | boolean {
    return SymBool.of(this.env, this.expr.not());
  }

  /** sympy str, e.g. `Eq(s77, 4)`; never guards. */
  toString(): string {
    return this.expr.toString();
  }

  /** Implicit conversion is refused: use `guard()` to branch on a symbolic condition. */
  valueOf(): never {
    throw new InvalidArgumentError(
      `a SymBool (${this.expr}) has no implicit value; call .guard() to decide it (this records a guard)`,
    );
  }
}

/** Decides a SymBool or passes a boolean through. */
export function guardBool(b: SymBool | boolean): boolean {
  return typeof b === "boolean" ? b : b.guard();
}

/** guard_or_false on a SymBool or boolean. */
export function guardOrFalse(b: SymBool | boolean): boolean {
  return typeof b === "boolean" ? b : b.guardOrFalse();
}

/** guard_or_true on a SymBool or boolean. */
export function guardOrTrue(b: SymBool | boolean): boolean {
  return typeof b === "boolean" ? b : b.guardOrTrue();
}
