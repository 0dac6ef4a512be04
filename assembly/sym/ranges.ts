// Value ranges: inclusive integer intervals with int_oo ends, and bool ranges, as PyTorch's
// torch/utils/_sympy/value_ranges.py ValueRanges. boundOf interprets an expression over symbol
// ranges (bound_sympy). Internally an end is an i64 where i64.MAX_VALUE / i64.MIN_VALUE mean
// int_oo / -int_oo, and arithmetic saturates there: a bound that leaves i64 becomes infinite
// (PyTorch would keep an exact big integer; such bounds do not occur for tensor sizes).
import { raise, ErrorCode } from "../errors";
import { ExprId, Kind, NO_EXPR, kindOf, argCount, argAt, payloadOf, symbolPositive } from "./expr_store";
import { floatValue, roundHalfEven } from "./expr_float";

const POS_INF: i64 = i64.MAX_VALUE;
const NEG_INF: i64 = i64.MIN_VALUE;

/** An inclusive range. `lowerInf` / `upperInf` mark int_oo ends: -int_oo below and int_oo
 * above, except that `lower == i64.MAX_VALUE` / `upper == i64.MIN_VALUE` with the flag set
 * mean the other infinity (VR[int_oo, int_oo] is a valid range). Use lo()/hi() to read ends. */
export class ValueRange {
  constructor(
    public lower: i64,
    public upper: i64,
    public lowerInf: bool = false,
    public upperInf: bool = false,
    public isBool: bool = false,
  ) {}

  /** VR[-int_oo, int_oo]. */
  static unknownInt(): ValueRange {
    return new ValueRange(NEG_INF, POS_INF, true, true, false);
  }

  static unknownBool(): ValueRange {
    return new ValueRange(0, 1, false, false, true);
  }

  static of(lower: i64, upper: i64): ValueRange {
    return fromExt(lower, upper, false);
  }

  static singleton(v: i64): ValueRange {
    return new ValueRange(v, v);
  }

  /** Lower end as an extended integer (i64.MIN_VALUE for -int_oo). */
  lo(): i64 {
    // An infinite lower end is -int_oo unless `lower` says +int_oo (VR[int_oo, int_oo]).
    if (this.lowerInf) return this.lower == POS_INF ? POS_INF : NEG_INF;
    return this.lower;
  }

  /** Upper end as an extended integer (i64.MAX_VALUE for int_oo). */
  hi(): i64 {
    if (this.upperInf) return this.upper == NEG_INF ? NEG_INF : POS_INF;
    return this.upper;
  }

  isSingleton(): bool {
    return !this.lowerInf && !this.upperInf && this.lower == this.upper;
  }

  contains(v: i64): bool {
    return this.lo() <= v && v <= this.hi();
  }

  /** Whether every value of `other` is in this range. */
  issuperset(other: ValueRange): bool {
    return this.lo() <= other.lo() && other.hi() <= this.hi();
  }

  /** Intersection (`&`); raises InvalidArgument when empty, like ValueRangeError. */
  intersect(other: ValueRange): ValueRange {
    const lo = max<i64>(this.lo(), other.lo());
    const hi = min<i64>(this.hi(), other.hi());
    if (lo > hi) {
      raise(ErrorCode.InvalidArgument, `Invalid ranges [${extStr(lo)}:${extStr(hi)}]`);
      return ValueRange.unknownInt();
    }
    return fromExt(lo, hi, this.isBool && other.isBool);
  }

  /** Smallest range holding both (`|`). */
  union(other: ValueRange): ValueRange {
    return fromExt(min<i64>(this.lo(), other.lo()), max<i64>(this.hi(), other.hi()), this.isBool && other.isBool);
  }

  /** `VR[2, int_oo]`, as ValueRanges.__repr__ prints; bools print `VR[False, True]`. */
  toString(): string {
    if (this.isBool) return `VR[${boolStr(this.lower)}, ${boolStr(this.upper)}]`;
    return `VR[${extStr(this.lo())}, ${extStr(this.hi())}]`;
  }
}

function boolStr(v: i64): string {
  return v != 0 ? "True" : "False";
}

export function extStr(v: i64): string {
  if (v == POS_INF) return "int_oo";
  if (v == NEG_INF) return "-int_oo";
  return v.toString();
}

/** A range from extended ends; an infinite end keeps its signed sentinel in lower/upper. */
export function fromExt(lo: i64, hi: i64, isBool: bool): ValueRange {
  return new ValueRange(lo, hi, isInf(lo), isInf(hi), isBool);
}

// ---- saturating extended-integer arithmetic ----

function extAdd(a: i64, b: i64): i64 {
  if (a == POS_INF || b == POS_INF) return POS_INF;
  if (a == NEG_INF || b == NEG_INF) return NEG_INF;
  const r = a + b;
  if (((a ^ r) & (b ^ r)) < 0) return a > 0 ? POS_INF : NEG_INF;
  if (r == POS_INF || r == NEG_INF) return r;
  return r;
}

function extNeg(a: i64): i64 {
  if (a == POS_INF) return NEG_INF;
  if (a == NEG_INF) return POS_INF;
  return -a;
}

function isInf(a: i64): bool {
  return a == POS_INF || a == NEG_INF;
}

function extMul(a: i64, b: i64): i64 {
  // 0 * int_oo = 0, as ValueRanges' safe_mul.
  if (a == 0 || b == 0) return 0;
  const neg = (a < 0) != (b < 0);
  if (isInf(a) || isInf(b)) return neg ? NEG_INF : POS_INF;
  const r = a * b;
  if ((a == -1 && b == NEG_INF) || r / b != a) return neg ? NEG_INF : POS_INF;
  return r;
}

function extFloorDiv(a: i64, b: i64): i64 {
  // b != 0 here.
  if (isInf(a) && isInf(b)) return (a < 0) != (b < 0) ? NEG_INF : POS_INF;
  if (isInf(a)) return (a < 0) != (b < 0) ? NEG_INF : POS_INF;
  if (isInf(b)) return (a < 0) != (b < 0) && a != 0 ? -1 : 0;
  if (a == NEG_INF + 1 && b == -1) return POS_INF;
  const q = a / b;
  if (q * b != a && (a < 0) != (b < 0)) return q - 1;
  return q;
}

/** a ** k (k >= 0) by squaring, saturating at the infinities. */
function extPow(a: i64, k: i64): i64 {
  if (k == 0) return 1;
  if (a == 0) return 0; // the loop below stops early on a zero base

  const negative = a < 0 && (k & 1) == 1;
  let base: i64 = a < 0 ? extNeg(a) : a; // |a|, +inf for -inf
  let result: i64 = 1;
  let e = k;
  while (e > 0) {
    if (e & 1) result = extMul(result, base);
    e >>= 1;
    if (e > 0) base = extMul(base, base);
    if (result == POS_INF || base == 1) break;
  }
  return negative ? extNeg(result) : result;
}

function minOf4(a: i64, b: i64, c: i64, d: i64): i64 {
  return min<i64>(min<i64>(a, b), min<i64>(c, d));
}

function maxOf4(a: i64, b: i64, c: i64, d: i64): i64 {
  return max<i64>(max<i64>(a, b), max<i64>(c, d));
}

// ---- interval operations (each as the matching ValueRangeAnalysis method) ----

export function rangeAdd(x: ValueRange, y: ValueRange): ValueRange {
  return fromExt(extAdd(x.lo(), y.lo()), extAdd(x.hi(), y.hi()), false);
}

export function rangeNeg(x: ValueRange): ValueRange {
  return fromExt(extNeg(x.hi()), extNeg(x.lo()), false);
}

export function rangeMul(x: ValueRange, y: ValueRange): ValueRange {
  const a = extMul(x.lo(), y.lo());
  const b = extMul(x.lo(), y.hi());
  const c = extMul(x.hi(), y.lo());
  const d = extMul(x.hi(), y.hi());
  return fromExt(minOf4(a, b, c, d), maxOf4(a, b, c, d), false);
}

export function rangePow(x: ValueRange, k: i64): ValueRange {
  if (k == 0) return ValueRange.singleton(1);
  const a = extPow(x.lo(), k);
  const b = extPow(x.hi(), k);
  if ((k & 1) == 0 && x.lo() < 0 && x.hi() > 0) return fromExt(0, max<i64>(a, b), false);
  return fromExt(min<i64>(a, b), max<i64>(a, b), false);
}

export function rangeFloorDiv(x: ValueRange, y: ValueRange): ValueRange {
  if (y.contains(0)) return ValueRange.unknownInt();
  const a = extFloorDiv(x.lo(), y.lo());
  const b = extFloorDiv(x.lo(), y.hi());
  const c = extFloorDiv(x.hi(), y.lo());
  const d = extFloorDiv(x.hi(), y.hi());
  return fromExt(minOf4(a, b, c, d), maxOf4(a, b, c, d), false);
}

/** Mod as torch's sympy Mod (defined for non-negative operands): [0, y.upper - 1] in general,
 * exact when x stays inside one period of a constant divisor. */
export function rangeMod(x: ValueRange, y: ValueRange): ValueRange {
  if (y.contains(0)) return ValueRange.unknownInt();
  if (y.isSingleton() && !isInf(x.lo()) && !isInf(x.hi())) {
    const m = y.lo() < 0 ? -y.lo() : y.lo();
    if (extFloorDiv(x.lo(), m) == extFloorDiv(x.hi(), m)) {
      return fromExt(x.lo() - extFloorDiv(x.lo(), m) * m, x.hi() - extFloorDiv(x.hi(), m) * m, false);
    }
  }
  if (y.lo() > 0) return fromExt(0, extAdd(y.hi(), -1), false);
  if (y.hi() < 0) return fromExt(extAdd(y.lo(), 1), 0, false);
  return ValueRange.unknownInt();
}

export function rangeMax(x: ValueRange, y: ValueRange): ValueRange {
  return fromExt(max<i64>(x.lo(), y.lo()), max<i64>(x.hi(), y.hi()), false);
}

export function rangeMin(x: ValueRange, y: ValueRange): ValueRange {
  return fromExt(min<i64>(x.lo(), y.lo()), min<i64>(x.hi(), y.hi()), false);
}

function boolRange(canTrue: bool, canFalse: bool): ValueRange {
  return new ValueRange(canFalse ? 0 : 1, canTrue ? 1 : 0, false, false, true);
}

export function rangeEq(x: ValueRange, y: ValueRange): ValueRange {
  if (x.isSingleton() && y.isSingleton() && x.lo() == y.lo()) return boolRange(true, false);
  const disjoint = x.hi() < y.lo() || y.hi() < x.lo();
  return boolRange(!disjoint, true);
}

export function rangeLt(x: ValueRange, y: ValueRange): ValueRange {
  if (x.hi() < y.lo()) return boolRange(true, false);
  if (x.lo() >= y.hi()) return boolRange(false, true);
  return ValueRange.unknownBool();
}

export function rangeLe(x: ValueRange, y: ValueRange): ValueRange {
  if (x.hi() <= y.lo()) return boolRange(true, false);
  if (x.lo() > y.hi()) return boolRange(false, true);
  return ValueRange.unknownBool();
}

export function rangeNot(x: ValueRange): ValueRange {
  return boolRange(x.lower == 0, x.upper == 1);
}

export function rangeAnd(x: ValueRange, y: ValueRange): ValueRange {
  return boolRange(x.upper == 1 && y.upper == 1, x.lower == 0 || y.lower == 0);
}

export function rangeOr(x: ValueRange, y: ValueRange): ValueRange {
  return boolRange(x.upper == 1 || y.upper == 1, x.lower == 0 && y.lower == 0);
}

/** The range a symbol has when no range is given: [1, int_oo] for positive symbols. */
export function defaultSymbolRange(s: ExprId): ValueRange {
  if (symbolPositive(s)) return new ValueRange(1, 0, false, true, false);
  return ValueRange.unknownInt();
}

/** Interval arithmetic over `e` with `ranges[i]` for `syms[i]` (bound_sympy); symbols not listed
 * get their default range. Bool-valued expressions give bool ranges. */
export function boundOf(e: ExprId, syms: Array<u32>, ranges: Array<ValueRange>): ValueRange {
  if (e == NO_EXPR) return ValueRange.unknownInt();
  if (syms.length != ranges.length) {
    raise(ErrorCode.InvalidArgument, "boundOf: syms and ranges differ in length");
    return ValueRange.unknownInt();
  }
  return bound(e, syms, ranges);
}

function bound(e: ExprId, syms: Array<u32>, ranges: Array<ValueRange>): ValueRange {
  const k = kindOf(e);
  switch (k) {
    case Kind.Integer:
      return ValueRange.singleton(payloadOf(e));
    case Kind.IntInfinity:
      return fromExt(POS_INF, POS_INF, false);
    case Kind.NegIntInfinity:
      return fromExt(NEG_INF, NEG_INF, false);
    case Kind.True:
      return boolRange(true, false);
    case Kind.False:
      return boolRange(false, true);
    case Kind.Symbol: {
      for (let i = 0; i < syms.length; i++) if (syms[i] == e) return ranges[i];
      return defaultSymbolRange(e);
    }
    case Kind.Add: {
      let r = bound(argAt(e, 0), syms, ranges);
      for (let i = 1, n = argCount(e); i < n; i++) r = rangeAdd(r, bound(argAt(e, i), syms, ranges));
      return r;
    }
    case Kind.Mul: {
      let r = bound(argAt(e, 0), syms, ranges);
      for (let i = 1, n = argCount(e); i < n; i++) r = rangeMul(r, bound(argAt(e, i), syms, ranges));
      return r;
    }
    case Kind.Pow:
      return rangePow(bound(argAt(e, 0), syms, ranges), payloadOf(argAt(e, 1)));
    case Kind.FloorDiv:
    case Kind.CleanDiv:
      // sympy's assumptions know nothing of FloorDiv's sign.
      if (assumptionsOnly) return ValueRange.unknownInt();
      return rangeFloorDiv(bound(argAt(e, 0), syms, ranges), bound(argAt(e, 1), syms, ranges));
    case Kind.Mod:
      // torch's Mod declares is_nonnegative = True.
      if (assumptionsOnly) return new ValueRange(0, POS_INF, false, true);
      return rangeMod(bound(argAt(e, 0), syms, ranges), bound(argAt(e, 1), syms, ranges));
    case Kind.ModularIndexing: {
      if (assumptionsOnly) {
        // ModularIndexing._eval_is_nonnegative: base and divisor both non-negative.
        const nonneg = bound(argAt(e, 0), syms, ranges).lo() >= 0 && bound(argAt(e, 1), syms, ranges).lo() >= 0;
        return nonneg ? new ValueRange(0, POS_INF, false, true) : ValueRange.unknownInt();
      }
      const q = rangeFloorDiv(bound(argAt(e, 0), syms, ranges), bound(argAt(e, 1), syms, ranges));
      return rangeMod(q, bound(argAt(e, 2), syms, ranges));
    }
    case Kind.Max:
    case Kind.Min: {
      let r = bound(argAt(e, 0), syms, ranges);
      for (let i = 1, n = argCount(e); i < n; i++) {
        const a = bound(argAt(e, i), syms, ranges);
        r = k == Kind.Max ? rangeMax(r, a) : rangeMin(r, a);
      }
      return r;
    }
    case Kind.Eq:
    case Kind.Ne: {
      const r = rangeEq(bound(argAt(e, 0), syms, ranges), bound(argAt(e, 1), syms, ranges));
      return k == Kind.Eq ? r : rangeNot(r);
    }
    case Kind.Lt:
      return rangeLt(bound(argAt(e, 0), syms, ranges), bound(argAt(e, 1), syms, ranges));
    case Kind.Le:
      return rangeLe(bound(argAt(e, 0), syms, ranges), bound(argAt(e, 1), syms, ranges));
    case Kind.Gt:
      return rangeLt(bound(argAt(e, 1), syms, ranges), bound(argAt(e, 0), syms, ranges));
    case Kind.Ge:
      return rangeLe(bound(argAt(e, 1), syms, ranges), bound(argAt(e, 0), syms, ranges));
    case Kind.Not:
      return rangeNot(bound(argAt(e, 0), syms, ranges));
    case Kind.And:
    case Kind.Or: {
      let r = bound(argAt(e, 0), syms, ranges);
      for (let i = 1, n = argCount(e); i < n; i++) {
        const a = bound(argAt(e, i), syms, ranges);
        r = k == Kind.And ? rangeAnd(r, a) : rangeOr(r, a);
      }
      return r;
    }
    case Kind.RoundToInt: {
      // sympy's assumptions know only that RoundToInt is an integer.
      if (assumptionsOnly) return ValueRange.unknownInt();
      // ValueRangeAnalysis.round_to_int: increasing_map of the float range.
      const x = realBound(argAt(e, 0), syms, ranges);
      return fromExt(roundEnd(x.lo), roundEnd(x.hi), false);
    }
    case Kind.Float:
    case Kind.IntTrueDiv:
    case Kind.ToFloat: {
      // A float range held as the integer range enclosing it (decisions stay sound).
      if (assumptionsOnly) return ValueRange.unknownInt();
      const x = realBound(e, syms, ranges);
      return fromExt(floatEnd(Math.floor(x.lo)), floatEnd(Math.ceil(x.hi)), false);
    }
  }
  return ValueRange.unknownInt();
}

// ---- float ranges (IntTrueDiv, ToFloat, Float) ----

/** A closed float interval; ±Infinity for unbounded ends (sympy's oo). */
export class RealRange {
  constructor(public lo: f64, public hi: f64) {}
}

function extToF64(v: i64): f64 {
  if (v == POS_INF) return Infinity;
  if (v == NEG_INF) return -Infinity;
  return <f64>v;
}

/** A float end as an extended integer end (saturating at int_oo). */
function floatEnd(v: f64): i64 {
  if (!(v < 9223372036854775807.0)) return POS_INF;
  if (!(v > -9223372036854775808.0)) return NEG_INF;
  return <i64>v;
}

/** RoundToInt of a range end: ±oo give ±int_oo. */
function roundEnd(v: f64): i64 {
  if (v == Infinity) return POS_INF;
  if (v == -Infinity) return NEG_INF;
  return floatEnd(roundHalfEven(v));
}

function quotient(a: f64, b: f64): f64 {
  // IntTrueDiv on range ends: finite / ±oo is 0 (float division gives ±0.0).
  return a / b;
}

/** The float range of `e` (ValueRangeAnalysis on IntTrueDiv / ToFloat; integer expressions
 * give their integer range as floats). */
export function realBound(e: ExprId, syms: Array<u32>, ranges: Array<ValueRange>): RealRange {
  const k = kindOf(e);
  if (k == Kind.Float) {
    const v = floatValue(e);
    return new RealRange(v, v);
  }
  if (k == Kind.ToFloat) {
    const r = bound(argAt(e, 0), syms, ranges);
    return new RealRange(extToF64(r.lo()), extToF64(r.hi()));
  }
  if (k == Kind.IntTrueDiv) {
    // int_truediv: unknown when the divisor may be 0 or both sides are unbounded.
    const a = bound(argAt(e, 0), syms, ranges);
    const b = bound(argAt(e, 1), syms, ranges);
    const aInf = isInf(a.lo()) || isInf(a.hi());
    const bInf = isInf(b.lo()) || isInf(b.hi());
    if (b.contains(0) || (aInf && bInf)) return new RealRange(-Infinity, Infinity);
    const al = extToF64(a.lo()), ah = extToF64(a.hi());
    const bl = extToF64(b.lo()), bh = extToF64(b.hi());
    const q1 = quotient(al, bl), q2 = quotient(al, bh), q3 = quotient(ah, bl), q4 = quotient(ah, bh);
    return new RealRange(Math.min(Math.min(q1, q2), Math.min(q3, q4)), Math.max(Math.max(q1, q2), Math.max(q3, q4)));
  }
  const r = bound(e, syms, ranges);
  return new RealRange(extToF64(r.lo()), extToF64(r.hi()));
}

const noSyms = new Array<u32>();
const noRanges = new Array<ValueRange>();

// Set while assumedBound runs: bound only what sympy's assumption system can see.
let assumptionsOnly = false;

/** Bound from symbol assumptions alone, approximating sympy's assumption system (is_positive,
 * is_nonnegative, ...): exact interval arithmetic over sums, products and powers of symbols,
 * nothing about FloorDiv, only non-negativity for Mod and ModularIndexing. Constructors use it
 * to fold relations and Max/Min the way sympy would. */
export function assumedBound(e: ExprId): ValueRange {
  assumptionsOnly = true;
  const r = bound(e, noSyms, noRanges);
  assumptionsOnly = false;
  return r;
}
