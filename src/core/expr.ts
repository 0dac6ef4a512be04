// Handles on the core's hash-consed symbolic expressions. One `Expr` object exists per
// expression id, so `a === b` exactly when the expressions are structurally equal.
// Printing follows sympy (what PyTorch prints): `toString()` is str(), `srepr()` is srepr().
import { core } from "./loader.js";
import { checked } from "./check.js";
import { InvalidArgumentError } from "./errors.js";
import { onCoreReset } from "./recover.js";

/** Expression kinds; values match assembly/sym/expr_store.ts Kind. */
export const ExprKind = {
  Integer: 0,
  Symbol: 1,
  Add: 2,
  Mul: 3,
  Pow: 4,
  FloorDiv: 5,
  Mod: 6,
  CleanDiv: 7,
  ModularIndexing: 8,
  Max: 9,
  Min: 10,
  Eq: 11,
  Ne: 12,
  Lt: 13,
  Le: 14,
  Gt: 15,
  Ge: 16,
  And: 17,
  Or: 18,
  Not: 19,
  True: 20,
  False: 21,
  IntInfinity: 22,
  NegIntInfinity: 23,
  /** sympy Float (a double). */
  Float: 24,
  /** torch's IntTrueDiv(a, b): Python's int / int, a float. */
  IntTrueDiv: 25,
  /** torch's ToFloat(a): float(int). */
  ToFloat: 26,
  /** torch's RoundToInt(x): Python's round(float) -> int, halfway cases to even. */
  RoundToInt: 27,
} as const;
export type ExprKind = (typeof ExprKind)[keyof typeof ExprKind];

/** What arithmetic accepts besides an Expr: a safe integer or a bigint. */
export type ExprLike = Expr | number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const byId: Expr[] = [];

export interface SymbolOptions {
  /** sympy `positive=True` (backed sizes); default true. */
  positive?: boolean;
  /** sympy `integer=True`; default true. */
  integer?: boolean;
}

// Expressions live in one core instance. After a reset (src/core/recover.ts) old ids name
// nothing: every Expr made so far (all of them are in `byId`) gets an id the core rejects, so a
// stale expression fails with a typed error instead of aliasing a new one.
const STALE_ID = 0xffffffff;
onCoreReset(() => {
  for (const e of byId) if (e !== undefined) (e as { id: number }).id = STALE_ID;
  byId.length = 0;
});

export class Expr {
  private constructor(readonly id: number) {}

  /** The handle for a core expression id (validated). */
  static fromId(id: number): Expr {
    if (!Number.isInteger(id) || id < 0 || !core().exprIsValid(id)) {
      throw new InvalidArgumentError(`unknown expression id ${id}`);
    }
    return (byId[id] ??= new Expr(id));
  }

  /** Wraps an id the core just returned (throwing the core's error if it failed). */
  private static wrap(id: number): Expr {
    checked(id);
    return (byId[id] ??= new Expr(id));
  }

  static int(n: number | bigint): Expr {
    if (typeof n === "bigint") {
      // Exact through the srepr literal; beyond i64 the core reports OverflowError.
      if (n > MAX_SAFE || n < -MAX_SAFE) return Expr.parseSrepr(`Integer(${n})`);
      n = Number(n);
    }
    if (!Number.isSafeInteger(n)) {
      throw new InvalidArgumentError(`Expr.int expects a safe integer or a bigint, got ${n}`);
    }
    return Expr.wrap(core().exprInteger(n));
  }

  /** A symbol; PyTorch's backed sizes are positive integers (the default). */
  static symbol(name: string, options: SymbolOptions = {}): Expr {
    return Expr.wrap(core().exprSymbol(name, options.positive ?? true, options.integer ?? true));
  }

  /** Parses sympy str() text, e.g. `(((s16 - 1)//2)) + 1` or `Eq(s77, 4)`. */
  static parse(text: string): Expr {
    return Expr.wrap(core().exprParseStr(text));
  }

  /** Parses sympy srepr() text, as PyTorch's serializer writes `expr_str`. */
  static parseSrepr(text: string): Expr {
    return Expr.wrap(core().exprParseSrepr(text));
  }

  /** sympy Float(v) for a finite v. */
  static float(v: number): Expr {
    return Expr.wrap(core().exprFloat(v));
  }

  static true(): Expr { return Expr.wrap(core().exprTrue()); }
  static false(): Expr { return Expr.wrap(core().exprFalse()); }
  /** PyTorch's int_oo. */
  static intOo(): Expr { return Expr.wrap(core().exprIntOo()); }
  static negIntOo(): Expr { return Expr.wrap(core().exprNegIntOo()); }

  get kind(): ExprKind {
    return checked(core().exprKind(this.id)) as ExprKind;
  }

  get args(): Expr[] {
    const c = core();
    const n = c.exprArgCount(this.id);
    const out: Expr[] = [];
    for (let i = 0; i < n; i++) out.push(Expr.wrap(c.exprArg(this.id, i)));
    return out;
  }

  isInteger(): boolean { return this.kind === ExprKind.Integer; }
  /** Whether the expression denotes a float (Float, IntTrueDiv, ToFloat). */
  isFloatValued(): boolean {
    const k = this.kind;
    return k === ExprKind.Float || k === ExprKind.IntTrueDiv || k === ExprKind.ToFloat;
  }
  isSymbol(): boolean { return this.kind === ExprKind.Symbol; }
  isBoolean(): boolean { return this.kind >= ExprKind.Eq && this.kind <= ExprKind.False; }

  /** The value of an Integer expression. */
  intValue(): number {
    if (this.kind !== ExprKind.Integer) throw new InvalidArgumentError(`${this} is not an integer constant`);
    return checked(core().exprIntValue(this.id));
  }

  /** The value of a Float expression. */
  floatValue(): number {
    if (this.kind !== ExprKind.Float) throw new InvalidArgumentError(`${this} is not a float constant`);
    return core().exprFloatValue(this.id);
  }

  /** The exact value of an Integer expression (any i64). */
  bigintValue(): bigint {
    if (this.kind !== ExprKind.Integer) throw new InvalidArgumentError(`${this} is not an integer constant`);
    return BigInt(this.toString());
  }

  get symbolName(): string {
    if (this.kind !== ExprKind.Symbol) throw new InvalidArgumentError(`${this} is not a symbol`);
    return core().exprSymbolName(this.id);
  }

  add(o: ExprLike): Expr { return Expr.wrap(core().exprAdd(this.id, lift(o))); }
  sub(o: ExprLike): Expr { return Expr.wrap(core().exprSub(this.id, lift(o))); }
  mul(o: ExprLike): Expr { return Expr.wrap(core().exprMul(this.id, lift(o))); }
  neg(): Expr { return Expr.wrap(core().exprNeg(this.id)); }
  pow(k: number): Expr { return Expr.wrap(core().exprPow(this.id, k)); }
  /** Python floor division (PyTorch's FloorDiv). */
  floordiv(o: ExprLike): Expr { return Expr.wrap(core().exprFloorDiv(this.id, lift(o))); }
  /** Exact division (PyTorch's CleanDiv). */
  cleanDiv(o: ExprLike): Expr { return Expr.wrap(core().exprCleanDiv(this.id, lift(o))); }
  mod(o: ExprLike): Expr { return Expr.wrap(core().exprMod(this.id, lift(o))); }
  modularIndexing(divisor: ExprLike, modulus: ExprLike): Expr {
    return Expr.wrap(core().exprModularIndexing(this.id, lift(divisor), lift(modulus)));
  }
  /** Python's int / int (PyTorch's IntTrueDiv): a float expression; integers fold to a Float. */
  truediv(o: ExprLike): Expr { return Expr.wrap(core().exprIntTrueDiv(this.id, lift(o))); }
  /** float(x) of an integer expression (PyTorch's ToFloat). */
  toFloat(): Expr { return Expr.wrap(core().exprToFloat(this.id)); }
  /** Python's round(x) of a float expression (PyTorch's RoundToInt, halfway cases to even). */
  roundToInt(): Expr { return Expr.wrap(core().exprRoundToInt(this.id)); }
  max(o: ExprLike): Expr { return Expr.wrap(core().exprMax(this.id, lift(o))); }
  min(o: ExprLike): Expr { return Expr.wrap(core().exprMin(this.id, lift(o))); }
  eq(o: ExprLike): Expr { return Expr.wrap(core().exprEq(this.id, lift(o))); }
  ne(o: ExprLike): Expr { return Expr.wrap(core().exprNe(this.id, lift(o))); }
  lt(o: ExprLike): Expr { return Expr.wrap(core().exprLt(this.id, lift(o))); }
  le(o: ExprLike): Expr { return Expr.wrap(core().exprLe(this.id, lift(o))); }
  gt(o: ExprLike): Expr { return Expr.wrap(core().exprGt(this.id, lift(o))); }
  ge(o: ExprLike): Expr { return Expr.wrap(core().exprGe(this.id, lift(o))); }
  and(o: Expr): Expr { return Expr.wrap(core().exprAnd(this.id, o.id)); }
  or(o: Expr): Expr { return Expr.wrap(core().exprOr(this.id, o.id)); }
  not(): Expr { return Expr.wrap(core().exprNot(this.id)); }

  /** Free symbols sorted by name. */
  freeSymbols(): Expr[] {
    return Array.from(checked(core().exprFreeSymbols(this.id)), (id) => Expr.wrap(id));
  }

  /** Simultaneous substitution. */
  subs(replacements: Iterable<readonly [Expr, ExprLike]>): Expr {
    const from: number[] = [];
    const to: number[] = [];
    for (const [k, v] of replacements) {
      from.push(k.id);
      to.push(lift(v));
    }
    return Expr.wrap(core().exprSubstitute(this.id, Uint32Array.from(from), Uint32Array.from(to)));
  }

  /** Exact value with the given symbol values (booleans give 0/1). */
  evaluate(values: Iterable<readonly [Expr, number]>): number {
    const c = core();
    c.exprClearValues();
    for (const [k, v] of values) c.exprSetValue(k.id, v);
    return checked(c.exprEvaluateBound(this.id));
  }

  /** Value of a float-valued (or integer) expression with the given symbol values, as Python
   * computes it (int / int correctly rounded). */
  evaluateFloat(values: Iterable<readonly [Expr, number]>): number {
    const c = core();
    c.exprClearValues();
    for (const [k, v] of values) c.exprSetValue(k.id, v);
    return checked(c.exprEvaluateRealBound(this.id));
  }

  /** sympy str(), e.g. `2*s16`, `(((s16 - 1)//2)) + 1`, `Eq(s77, 4)`. */
  toString(): string {
    return checked(core().exprToStr(this.id));
  }

  /** sympy srepr(), e.g. `Mul(Integer(2), Symbol('s16', positive=True, integer=True))`. */
  srepr(): string {
    return checked(core().exprToSrepr(this.id));
  }
}

function lift(o: ExprLike): number {
  return o instanceof Expr ? o.id : Expr.int(o).id;
}
