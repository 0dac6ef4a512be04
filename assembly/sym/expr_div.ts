// FloorDiv, CleanDiv, Mod and ModularIndexing with the automatic simplifications of
// torch/utils/_sympy/functions.py (their `eval` classmethods), in the same order.
import { Op, recall, remember } from "./expr_memo";
import { raise, ErrorCode } from "../errors";
import { pyFloorDiv, pyMod, gcd64, failures } from "./int";
import {
  ExprId, Kind, NO_EXPR, ZERO, ONE, MINUS_ONE, INT_OO, NEG_INT_OO, TRUE,
  intern, kindOf, argCount, argAt, payloadOf, symbolInteger,
} from "./expr_store";
import {
  integer, isInt, isInfinity, numericOperands, add, sub, mul, neg, termCoeff, termMono, makeTerm,
  termsOf, sumOfTerms, knownSign,
} from "./expr_arith";
import { lt } from "./expr_rel";

/** Factors of a monomial (ONE has none). */
function factorsOf(mono: ExprId): Array<u32> {
  const out = new Array<u32>();
  if (mono == ONE) return out;
  if (kindOf(mono) == Kind.Mul) {
    for (let i = 0, n = argCount(mono); i < n; i++) out.push(argAt(mono, i));
  } else {
    out.push(mono);
  }
  return out;
}

/** Whether a monomial takes only integer values (sympy's is_integer for our kinds). */
function integerValued(mono: ExprId): bool {
  const fs = factorsOf(mono);
  for (let i = 0; i < fs.length; i++) {
    let f = fs[i];
    if (kindOf(f) == Kind.Pow) f = argAt(f, 0);
    if (kindOf(f) == Kind.Symbol && !symbolInteger(f)) return false;
  }
  return true;
}

/** t / d when d (a single term) divides t syntactically: coefficient divisible and every factor
 * of d present in t. NO_EXPR otherwise (no error is recorded). */
export function divideTerm(t: ExprId, d: ExprId): ExprId {
  const dc = termCoeff(d);
  const tc = termCoeff(t);
  if (dc == 0 || tc % dc != 0) return NO_EXPR;
  // i64.MIN_VALUE / -1 would trap; the quotient does not fit, so report "does not divide".
  if (dc == -1 && tc == i64.MIN_VALUE) return NO_EXPR;
  const tf = factorsOf(termMono(t));
  const df = factorsOf(termMono(d));
  for (let i = 0; i < df.length; i++) {
    const j = tf.indexOf(df[i]);
    if (j < 0) return NO_EXPR;
    tf.splice(j, 1);
  }
  let mono = ONE;
  if (tf.length == 1) mono = tf[0];
  else if (tf.length > 1) mono = intern(Kind.Mul, 0, tf);
  return makeTerm(tc / dc, mono);
}

/** p / d for a single-term d dividing every term of p; NO_EXPR when it does not. */
export function divideExact(p: ExprId, d: ExprId): ExprId {
  if (kindOf(d) == Kind.Add) return p == d ? ONE : NO_EXPR;
  const terms = termsOf(p);
  for (let i = 0; i < terms.length; i++) {
    const q = divideTerm(terms[i], d);
    if (q == NO_EXPR) return NO_EXPR;
    terms[i] = q;
  }
  return sumOfTerms(terms);
}

/** gcd of |integer coefficient| over the terms of e (integer_factor in simple_floordiv_gcd). */
function integerContent(e: ExprId): i64 {
  const terms = termsOf(e);
  let g: i64 = 0;
  for (let i = 0; i < terms.length; i++) g = gcd64(g, termCoeff(terms[i]));
  return g;
}

/** Common factor of p and q: integer content gcd times the factors of q found in every term of
 * p (simple_floordiv_gcd). Returns a term. */
export function commonFactor(p: ExprId, q: ExprId): ExprId {
  const g = gcd64(integerContent(p), integerContent(q));
  if (g == 0) return ONE;
  let result = integer(g);
  if (kindOf(q) == Kind.Add) return result;
  const pTerms = termsOf(p);
  const qFactors = factorsOf(termMono(q));
  for (let i = 0; i < qFactors.length; i++) {
    const x = qFactors[i];
    let inAll = true;
    for (let j = 0; j < pTerms.length && inAll; j++) {
      inAll = factorsOf(termMono(pTerms[j])).includes(x);
    }
    if (inAll) result = mul(result, x);
  }
  return result;
}

export function floorDiv(base: ExprId, divisor: ExprId): ExprId {
  const known = recall(Op.FloorDiv, base, divisor);
  if (known != NO_EXPR) return known;
  return remember(Op.FloorDiv, base, divisor, floorDivUncached(base, divisor));
}

function floorDivUncached(base: ExprId, divisor: ExprId): ExprId {
  return divide(base, divisor, Kind.FloorDiv);
}

/** Division known to be exact; simplifies as FloorDiv and prints like it. */
export function cleanDiv(base: ExprId, divisor: ExprId): ExprId {
  const known = recall(Op.CleanDiv, base, divisor);
  if (known != NO_EXPR) return known;
  return remember(Op.CleanDiv, base, divisor, cleanDivUncached(base, divisor));
}

function cleanDivUncached(base: ExprId, divisor: ExprId): ExprId {
  return divide(base, divisor, Kind.CleanDiv);
}

function divide(base: ExprId, divisor: ExprId, kind: Kind): ExprId {
  if (!numericOperands(base, divisor, "floordiv")) return NO_EXPR;
  if (divisor == ZERO) {
    raise(ErrorCode.ZeroDivision, "division by zero");
    return NO_EXPR;
  }
  if (isInfinity(base) && isInfinity(divisor)) {
    raise(ErrorCode.InvalidArgument, "int_oo // int_oo is undefined");
    return NO_EXPR;
  }
  if (base == ZERO) return ZERO;
  if (divisor == ONE) return base;
  if (divisor == MINUS_ONE) return neg(base);
  const baseInt = isInt(base);
  const divInt = isInt(divisor);
  if ((isInfinity(base) && divInt) || (baseInt && isInfinity(divisor))) {
    if (isInfinity(divisor)) return ZERO; // floor(finite / ±inf) == 0
    // ±int_oo over a nonzero integer keeps or flips the infinity.
    const s = (base == INT_OO ? 1 : -1) * (payloadOf(divisor) > 0 ? 1 : -1);
    return s > 0 ? INT_OO : NEG_INT_OO;
  }
  if (baseInt && divInt) {
    const before = failures();
    const v = pyFloorDiv(payloadOf(base), payloadOf(divisor));
    return failures() != before ? NO_EXPR : integer(v);
  }
  const kb = kindOf(base);
  if (kb == Kind.FloorDiv || kb == Kind.CleanDiv) {
    return floorDiv(argAt(base, 0), mul(argAt(base, 1), divisor));
  }
  if (divInt) {
    // (x + y) // d == x // d + y / d when y / d is an integer.
    const d = payloadOf(divisor);
    const terms = termsOf(base);
    const exact = new Array<u32>();
    const quotients = new Array<u32>();
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      if (termCoeff(t) % d == 0 && integerValued(termMono(t))) {
        exact.push(t);
        quotients.push(makeTerm(termCoeff(t) / d, termMono(t)));
      }
    }
    if (exact.length > 0) {
      return add(floorDiv(sub(base, sumOfTerms(exact)), divisor), sumOfTerms(quotients));
    }
  }
  const g = commonFactor(base, divisor);
  if (g != ONE) {
    return floorDiv(divideExact(base, g), divideExact(divisor, g));
  }
  return intern(kind, 0, [base, divisor]);
}

function isEven(p: ExprId): bool {
  const terms = termsOf(p);
  for (let i = 0; i < terms.length; i++) {
    if (termCoeff(terms[i]) % 2 != 0 || !integerValued(termMono(terms[i]))) return false;
  }
  return true;
}

function isOdd(p: ExprId): bool {
  const terms = termsOf(p);
  let constant: i64 = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (isInt(t)) {
      constant = payloadOf(t);
    } else if (termCoeff(t) % 2 != 0 || !integerValued(termMono(t))) {
      return false;
    }
  }
  return constant % 2 != 0;
}

/** torch's Mod (sympy Function for non-negative operands). */
export function mod(p: ExprId, q: ExprId): ExprId {
  const known = recall(Op.Mod, p, q);
  if (known != NO_EXPR) return known;
  return remember(Op.Mod, p, q, modUncached(p, q));
}

function modUncached(p: ExprId, q: ExprId): ExprId {
  if (!numericOperands(p, q, "mod")) return NO_EXPR;
  if (q == ZERO) {
    raise(ErrorCode.ZeroDivision, "Modulo by zero");
    return NO_EXPR;
  }
  if (isInfinity(p) || isInfinity(q)) {
    raise(ErrorCode.InvalidArgument, "Mod with int_oo is undefined");
    return NO_EXPR;
  }
  if (p == ZERO || p == q || q == ONE) return ZERO;
  const negQ = neg(q);
  if (negQ == NO_EXPR) return NO_EXPR;
  if (p == negQ) return ZERO;
  if (isInt(p) && isInt(q)) {
    const before = failures();
    const v = pyMod(payloadOf(p), payloadOf(q));
    return failures() != before ? NO_EXPR : integer(v);
  }
  if (isInt(q) && payloadOf(q) == 2) {
    if (isEven(p)) return ZERO;
    if (isOdd(p)) return ONE;
  }
  const r = divideExact(p, q);
  if (r != NO_EXPR && integerValued(termMono(r))) {
    // divideExact gives a polynomial; every term integer-valued means r is an integer.
    let allInt = true;
    const rt = termsOf(r);
    for (let i = 0; i < rt.length; i++) allInt = allInt && integerValued(termMono(rt[i]));
    if (allInt) return ZERO;
  }
  // p < q with p / q positive means the quotient's floor is 0.
  if (lt(p, q) == TRUE && knownSign(p) > 0 && knownSign(q) > 0) return p;
  return intern(Kind.Mod, 0, [p, q]);
}

/** (base // divisor) % modulus (ModularIndexing). */
export function modularIndexing(base: ExprId, divisor: ExprId, modulus: ExprId): ExprId {
  if (!numericOperands(base, divisor, "ModularIndexing") || !numericOperands(base, modulus, "ModularIndexing")) {
    return NO_EXPR;
  }
  if (base == ZERO || modulus == ONE) return ZERO;
  if (isInt(base) && isInt(divisor) && isInt(modulus)) {
    return mod2(floorDiv(base, divisor), modulus);
  }
  if (divisor != ONE) {
    const g = commonFactor(base, divisor);
    if (g != ONE) {
      return modularIndexing(divideExact(base, g), divideExact(divisor, g), modulus);
    }
  }
  if (kindOf(base) == Kind.Add) {
    const md = mul(modulus, divisor);
    if (md == NO_EXPR) return NO_EXPR;
    const terms = termsOf(base);
    const kept = new Array<u32>();
    let allPositive = true;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      if (divideTerm(t, md) == NO_EXPR || kindOf(md) == Kind.Add) {
        if (termCoeff(t) < 0) {
          allPositive = false;
          break;
        }
        kept.push(t);
      }
    }
    if (allPositive && kept.length != terms.length) {
      return modularIndexing(sumOfTerms(kept), divisor, modulus);
    }
  }
  const kb = kindOf(base);
  if (kb == Kind.FloorDiv || kb == Kind.CleanDiv) {
    return modularIndexing(argAt(base, 0), mul(argAt(base, 1), divisor), modulus);
  }
  return intern(Kind.ModularIndexing, 0, [base, divisor, modulus]);
}

/** Python % on two integer expressions (used for the all-constant ModularIndexing case). */
function mod2(a: ExprId, m: ExprId): ExprId {
  if (a == NO_EXPR) return NO_EXPR;
  if (m == ZERO) {
    raise(ErrorCode.ZeroDivision, "integer modulo by zero");
    return NO_EXPR;
  }
  const before = failures();
  const v = pyMod(payloadOf(a), payloadOf(m));
  return failures() != before ? NO_EXPR : integer(v);
}
