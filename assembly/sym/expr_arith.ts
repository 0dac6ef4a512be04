// Canonical sums and products: an Add is a set of terms with distinct monomials; a term is a
// monomial times an integer coefficient (Mul(Integer(c), factors...)); a monomial is a product of
// factors with distinct bases (Pow(base, k) for k >= 2). Products of sums are expanded, as
// PyTorch's SymNode arithmetic does (safe_expand), so every polynomial has one form.
// Node argument order here is by id (canonical); printing orders the way sympy does.
import { Op, recall, remember } from "./expr_memo";
import { raise, ErrorCode } from "../errors";
import { checkedAdd, checkedMul, checkedNeg, checkedPow, failures } from "./int";
import {
  ExprId, Kind, NO_EXPR, ZERO, ONE, MINUS_ONE, INT_OO, NEG_INT_OO,
  intern, internLeaf, kindOf, argCount, argAt, payloadOf,
} from "./expr_store";

export function integer(v: i64): ExprId {
  if (v == 0) return ZERO;
  if (v == 1) return ONE;
  if (v == -1) return MINUS_ONE;
  return internLeaf(Kind.Integer, v);
}

export function isInt(e: ExprId): bool {
  return kindOf(e) == Kind.Integer;
}

export function isInfinity(e: ExprId): bool {
  return e == INT_OO || e == NEG_INT_OO;
}

/** Kinds that denote integers (not booleans). */
export function isNumeric(e: ExprId): bool {
  const k = kindOf(e);
  return k <= Kind.Min || k == Kind.IntInfinity || k == Kind.NegIntInfinity || k == Kind.RoundToInt;
}

/** Validates operands of an integer operation; records an error and returns false if bad. */
export function numericOperands(a: ExprId, b: ExprId, op: string): bool {
  if (a == NO_EXPR || b == NO_EXPR) return false;
  if (!isNumeric(a) || !isNumeric(b)) {
    raise(ErrorCode.InvalidArgument, `${op}: operands must be integer expressions, not booleans`);
    return false;
  }
  return true;
}

/** Integer coefficient of a term (1 for a bare monomial, the value for a constant). */
export function termCoeff(t: ExprId): i64 {
  const k = kindOf(t);
  if (k == Kind.Integer) return payloadOf(t);
  if (k == Kind.Mul && isInt(argAt(t, 0))) return payloadOf(argAt(t, 0));
  return 1;
}

/** The monomial of a term without its coefficient (ONE for a constant). */
export function termMono(t: ExprId): ExprId {
  const k = kindOf(t);
  if (k == Kind.Integer) return ONE;
  if (k == Kind.Mul && isInt(argAt(t, 0))) {
    const n = argCount(t);
    if (n == 2) return argAt(t, 1);
    const rest = new Array<u32>(n - 1);
    for (let i = 1; i < n; i++) rest[i - 1] = argAt(t, i);
    return intern(Kind.Mul, 0, rest);
  }
  return t;
}

/** coeff * mono as a canonical term. */
export function makeTerm(coeff: i64, mono: ExprId): ExprId {
  if (coeff == 0) return ZERO;
  if (mono == ONE) return integer(coeff);
  if (coeff == 1) return mono;
  const c = integer(coeff);
  // intern copies its arguments, so one scratch array serves every call.
  const args = scratch;
  args.length = 0;
  args.push(c);
  if (kindOf(mono) == Kind.Mul) {
    for (let i = 0, n = argCount(mono); i < n; i++) args.push(argAt(mono, i));
  } else {
    args.push(mono);
  }
  return intern(Kind.Mul, 0, args);
}

const scratch = new Array<u32>(8);

/** t + c for a single non-constant term t and c != 0 (the constant sorts first: its monomial
 * is ONE, the smallest id a monomial can have). */
function addConstToTerm(t: ExprId, c: i64): ExprId {
  const k = integer(c);
  const args = scratch;
  args.length = 0;
  args.push(k);
  args.push(t);
  return intern(Kind.Add, 0, args);
}

/** s + c for a sum s: replaces, drops or prepends the constant term. */
function addConstToSum(s: ExprId, c: i64): ExprId {
  const n = argCount(s);
  const first = argAt(s, 0);
  let start = 0;
  let total = c;
  if (isInt(first)) {
    const before = failures();
    total = checkedAdd(payloadOf(first), c);
    if (failures() != before) return NO_EXPR;
    start = 1;
  }
  if (total == 0 && n - start == 1) return argAt(s, 1);
  const k = total == 0 ? NO_EXPR : integer(total);
  const args = scratch;
  args.length = 0;
  if (k != NO_EXPR) args.push(k);
  for (let i = start; i < n; i++) args.push(argAt(s, i));
  return intern(Kind.Add, 0, args);
}

/** The terms of a sum (the expression itself when it is not an Add). */
export function termsOf(e: ExprId): Array<u32> {
  const out = new Array<u32>();
  if (kindOf(e) == Kind.Add) {
    for (let i = 0, n = argCount(e); i < n; i++) out.push(argAt(e, i));
  } else {
    out.push(e);
  }
  return out;
}

/** Most terms a product of sums may expand to; beyond it multiplication is refused rather
 * than spending unbounded time (PyTorch's shapes expand to a handful of terms). */
export const MAX_EXPANDED_TERMS: i32 = 1024;

/** Sorts terms by monomial id: insertion sort for the usual short sums, else by index. */
function sortByMono(monos: Array<u32>, coeffs: Array<i64>): void {
  const n = monos.length;
  if (n <= 16) {
    for (let i = 1; i < n; i++) {
      const m = monos[i];
      const c = coeffs[i];
      let j = i - 1;
      while (j >= 0 && monos[j] > m) {
        monos[j + 1] = monos[j];
        coeffs[j + 1] = coeffs[j];
        j--;
      }
      monos[j + 1] = m;
      coeffs[j + 1] = c;
    }
    return;
  }
  // Pack (mono, original index) so one numeric sort orders both arrays.
  const keys = new Array<u64>(n);
  for (let i = 0; i < n; i++) keys[i] = ((<u64>monos[i]) << 32) | <u64>i;
  keys.sort((x: u64, y: u64): i32 => (x < y ? -1 : x > y ? 1 : 0));
  const m2 = new Array<u32>(n);
  const c2 = new Array<i64>(n);
  for (let i = 0; i < n; i++) {
    const j = <i32>(keys[i] & 0xffffffff);
    m2[i] = monos[j];
    c2[i] = coeffs[j];
  }
  for (let i = 0; i < n; i++) {
    monos[i] = m2[i];
    coeffs[i] = c2[i];
  }
}

/** Builds a canonical sum from terms (monomials may repeat; like terms are collected). */
export function sumOfTerms(terms: Array<u32>): ExprId {
  const n = terms.length;
  const monos = new Array<u32>(n);
  const coeffs = new Array<i64>(n);
  for (let i = 0; i < n; i++) {
    const t = terms[i];
    monos[i] = termMono(t);
    coeffs[i] = termCoeff(t);
  }
  sortByMono(monos, coeffs);
  const out = new Array<u32>();
  let i = 0;
  const before = failures();
  while (i < n) {
    const m = monos[i];
    let c = coeffs[i];
    let j = i + 1;
    while (j < n && monos[j] == m) {
      c = checkedAdd(c, coeffs[j]);
      j++;
    }
    if (failures() != before) return NO_EXPR;
    if (c != 0) out.push(makeTerm(c, m));
    i = j;
  }
  if (out.length == 0) return ZERO;
  if (out.length == 1) return out[0];
  return intern(Kind.Add, 0, out);
}

function infinitySign(e: ExprId): i32 {
  return e == INT_OO ? 1 : e == NEG_INT_OO ? -1 : 0;
}

/** Sign of an expression when known from assumptions: 1 positive, -1 negative, 0 unknown/zero. */
export function knownSign(e: ExprId): i32 {
  const k = kindOf(e);
  if (k == Kind.Integer) {
    const v = payloadOf(e);
    return v > 0 ? 1 : v < 0 ? -1 : 0;
  }
  if (k == Kind.IntInfinity) return 1;
  if (k == Kind.NegIntInfinity) return -1;
  // Deferred to ranges: bounds over symbol assumptions.
  return signFromAssumptions(e);
}

import { assumedBound } from "./ranges";
function signFromAssumptions(e: ExprId): i32 {
  const r = assumedBound(e);
  if (r.lo() > 0) return 1;
  if (r.hi() < 0) return -1;
  return 0;
}

export function add(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Add, a, b);
  if (known != NO_EXPR) return known;
  return remember(Op.Add, a, b, addUncached(a, b));
}

function addUncached(a: ExprId, b: ExprId): ExprId {
  if (!numericOperands(a, b, "add")) return NO_EXPR;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka == Kind.Integer && kb == Kind.Integer) {
    const before = failures();
    const v = checkedAdd(payloadOf(a), payloadOf(b));
    return failures() != before ? NO_EXPR : integer(v);
  }
  const sa = infinitySign(a);
  const sb = infinitySign(b);
  if (sa != 0 || sb != 0) {
    if (sa != 0 && sb != 0 && sa != sb) {
      raise(ErrorCode.InvalidArgument, "int_oo + -int_oo is undefined");
      return NO_EXPR;
    }
    // Symbols are finite integers, so infinity absorbs any finite summand.
    return sa != 0 ? a : b;
  }
  if (ka == Kind.Integer && payloadOf(a) == 0) return b;
  if (kb == Kind.Integer && payloadOf(b) == 0) return a;
  // Fast paths for adding a constant, the most common sum in shape arithmetic.
  if (kb == Kind.Integer) return ka == Kind.Add ? addConstToSum(a, payloadOf(b)) : addConstToTerm(a, payloadOf(b));
  if (ka == Kind.Integer) return kb == Kind.Add ? addConstToSum(b, payloadOf(a)) : addConstToTerm(b, payloadOf(a));
  const terms = termsOf(a);
  const tb = termsOf(b);
  for (let i = 0; i < tb.length; i++) terms.push(tb[i]);
  return sumOfTerms(terms);
}

export function neg(a: ExprId): ExprId {
  if (a == NO_EXPR) return NO_EXPR;
  return mul(a, MINUS_ONE);
}

export function sub(a: ExprId, b: ExprId): ExprId {
  if (!numericOperands(a, b, "sub")) return NO_EXPR;
  return add(a, neg(b));
}

function pushFactors(mono: ExprId, bases: Array<u32>, exps: Array<i64>): void {
  if (mono == ONE) return;
  if (kindOf(mono) == Kind.Mul) {
    for (let i = 0, n = argCount(mono); i < n; i++) pushFactor(argAt(mono, i), bases, exps);
  } else {
    pushFactor(mono, bases, exps);
  }
}

function pushFactor(f: ExprId, bases: Array<u32>, exps: Array<i64>): void {
  let base = f;
  let exp: i64 = 1;
  if (kindOf(f) == Kind.Pow) {
    base = argAt(f, 0);
    exp = payloadOf(argAt(f, 1));
  }
  for (let i = 0; i < bases.length; i++) {
    if (bases[i] == base) {
      exps[i] = checkedAdd(exps[i], exp);
      return;
    }
  }
  bases.push(base);
  exps.push(exp);
}

function scaleTerm(t: ExprId, c: i64): ExprId {
  const before = failures();
  const coeff = checkedMul(termCoeff(t), c);
  if (failures() != before) return NO_EXPR;
  return makeTerm(coeff, termMono(t));
}

/** Product of two terms (neither is a sum). */
function mulTerms(a: ExprId, b: ExprId): ExprId {
  const before = failures();
  const c = checkedMul(termCoeff(a), termCoeff(b));
  if (failures() != before) return NO_EXPR;
  if (c == 0) return ZERO;
  const bases = new Array<u32>();
  const exps = new Array<i64>();
  pushFactors(termMono(a), bases, exps);
  pushFactors(termMono(b), bases, exps);
  const n = bases.length;
  if (n == 0) return integer(c);
  const factors = new Array<u32>(n);
  for (let i = 0; i < n; i++) {
    factors[i] = exps[i] == 1 ? bases[i] : intern(Kind.Pow, 0, [bases[i], integer(exps[i])]);
  }
  factors.sort((x: u32, y: u32): i32 => (x < y ? -1 : x > y ? 1 : 0));
  const mono = n == 1 ? factors[0] : intern(Kind.Mul, 0, factors);
  return makeTerm(c, mono);
}

export function mul(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Mul, a, b);
  if (known != NO_EXPR) return known;
  return remember(Op.Mul, a, b, mulUncached(a, b));
}

function mulUncached(a: ExprId, b: ExprId): ExprId {
  if (!numericOperands(a, b, "mul")) return NO_EXPR;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka == Kind.Integer && kb == Kind.Integer) {
    const before = failures();
    const v = checkedMul(payloadOf(a), payloadOf(b));
    return failures() != before ? NO_EXPR : integer(v);
  }
  const sa = infinitySign(a);
  const sb = infinitySign(b);
  if (sa != 0 || sb != 0) {
    const s = (sa != 0 ? sa : knownSign(a)) * (sb != 0 ? sb : knownSign(b));
    if (s == 0) {
      raise(ErrorCode.InvalidArgument, "product with int_oo has no known sign");
      return NO_EXPR;
    }
    return s > 0 ? INT_OO : NEG_INT_OO;
  }
  if (a == ONE) return b;
  if (b == ONE) return a;
  if (a == ZERO || b == ZERO) return ZERO;
  // Fast path: an integer times a single term only changes the coefficient.
  if (ka == Kind.Integer && kb != Kind.Add) return scaleTerm(b, payloadOf(a));
  if (kb == Kind.Integer && ka != Kind.Add) return scaleTerm(a, payloadOf(b));
  if (ka != Kind.Add && kb != Kind.Add) return mulTerms(a, b);
  const ta = termsOf(a);
  const tb = termsOf(b);
  if (ta.length * tb.length > MAX_EXPANDED_TERMS) {
    raise(ErrorCode.InvalidArgument, `product expands to ${ta.length * tb.length} terms (more than ${MAX_EXPANDED_TERMS})`);
    return NO_EXPR;
  }
  const products = new Array<u32>();
  for (let i = 0; i < ta.length; i++) {
    for (let j = 0; j < tb.length; j++) {
      const p = mulTerms(ta[i], tb[j]);
      if (p == NO_EXPR) return NO_EXPR;
      products.push(p);
    }
  }
  return sumOfTerms(products);
}

export function pow(a: ExprId, k: i64): ExprId {
  if (a == NO_EXPR) return NO_EXPR;
  if (!isNumeric(a)) {
    raise(ErrorCode.InvalidArgument, "pow: base must be an integer expression");
    return NO_EXPR;
  }
  if (k < 0) {
    raise(ErrorCode.InvalidArgument, `pow: negative exponent ${k} leaves the integers`);
    return NO_EXPR;
  }
  if (k == 0) return ONE;
  if (k == 1) return a;
  const ka = kindOf(a);
  if (ka == Kind.Integer) {
    const before = failures();
    const v = checkedPow(payloadOf(a), k);
    return failures() != before ? NO_EXPR : integer(v);
  }
  if (isInfinity(a)) return a == NEG_INT_OO && (k & 1) == 0 ? INT_OO : a;
  if (ka == Kind.Add) {
    if (k > 64) {
      raise(ErrorCode.InvalidArgument, `pow: expanding a sum to the power ${k} is too large`);
      return NO_EXPR;
    }
    let r = a;
    for (let i: i64 = 1; i < k; i++) {
      r = mul(r, a);
      if (r == NO_EXPR) return NO_EXPR;
    }
    return r;
  }
  if (ka == Kind.Mul) {
    // (c * f1 * f2)^k = c^k * f1^k * f2^k
    let r = ONE;
    for (let i = 0, n = argCount(a); i < n; i++) {
      r = mul(r, pow(argAt(a, i), k));
      if (r == NO_EXPR) return NO_EXPR;
    }
    return r;
  }
  if (ka == Kind.Pow) {
    const before = failures();
    const e = checkedMul(payloadOf(argAt(a, 1)), k);
    if (failures() != before) return NO_EXPR;
    return intern(Kind.Pow, 0, [argAt(a, 0), integer(e)]);
  }
  return intern(Kind.Pow, 0, [a, integer(k)]);
}
