// The order sympy prints arguments in. Sympy compares `sort_key()` tuples
// (class_key, (len(args), arg keys), exponent key, coefficient); Add's str/srepr order is
// `as_ordered_terms()` (lex order of monomial exponent vectors over generators sorted by
// sort_key, with the `1 - x` special case); Mul's is `as_ordered_factors()` (sort_key order);
// Max/Min/And/Or store `ordered()` arguments (sort_key order).
import { ExprId, Kind, kindOf, argCount, argAt, argsOf, payloadOf, symbolName, intern } from "./expr_store";

// sympy.printing.precedence.PRECEDENCE, shared by the str printer (print.ts) and the guard
// printer (guard_print.ts); each printer maps kinds to these levels its own way.
export const PREC_OR: i32 = 20;
export const PREC_AND: i32 = 30;
export const PREC_REL: i32 = 35; // Relational, and torch's FloorDiv / Mod / ModularIndexing `precedence`
export const PREC_BITWISE_OR: i32 = 36;
export const PREC_BITWISE_AND: i32 = 38;
export const PREC_ADD: i32 = 40;
export const PREC_MUL: i32 = 50;
export const PREC_POW: i32 = 60;
export const PREC_FUNC: i32 = 70;
export const PREC_NOT: i32 = 100;
export const PREC_ATOM: i32 = 1000;

// class_key() of each kind: (rank, index, class name).
const CLASS_RANK: StaticArray<i32> = [
  1, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, // Integer Symbol Add Mul Pow FloorDiv Mod CleanDiv ModularIndexing Max Min
  5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // Eq Ne Lt Le Gt Ge And Or Not True False
  1, 1, // IntInfinity NegIntInfinity (Numbers)
  1, 4, 4, 4, // Float (a Number) IntTrueDiv ToFloat RoundToInt (Functions)
];
const CLASS_INDEX: StaticArray<i32> = [
  0, 0, 1, 0, 2, 10000, 10000, 10000, 10000, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0,
  0, 10000, 10000, 10000,
];
/** sympy class names, also what srepr prints. */
export const CLASS_NAME: StaticArray<string> = [
  "Integer", "Symbol", "Add", "Mul", "Pow", "FloorDiv", "Mod", "CleanDiv", "ModularIndexing", "Max", "Min",
  "Equality", "Unequality", "StrictLessThan", "LessThan", "StrictGreaterThan", "GreaterThan",
  "And", "Or", "Not", "BooleanTrue", "BooleanFalse", "IntInfinity", "NegativeIntInfinity",
  "Float", "IntTrueDiv", "ToFloat", "RoundToInt",
];

function isNumberKind(k: Kind): bool {
  return k == Kind.Integer || k == Kind.IntInfinity || k == Kind.NegIntInfinity || k == Kind.Float;
}

function isBasicKind(k: Kind): bool {
  return k >= Kind.Eq && k <= Kind.False;
}

function classKeyName(k: Kind): string {
  return isNumberKind(k) ? "Number" : CLASS_NAME[<i32>k];
}

function cmpI64(a: i64, b: i64): i32 {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpStr(a: string, b: string): i32 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Value of a Number for ordering, with the infinities at the ends. */
function numberValue(e: ExprId): i64 {
  const k = kindOf(e);
  if (k == Kind.IntInfinity) return i64.MAX_VALUE;
  if (k == Kind.NegIntInfinity) return i64.MIN_VALUE;
  return payloadOf(e);
}

/** A Number's value as a float (the infinities as ±Infinity). */
function numberAsF64(e: ExprId): f64 {
  const k = kindOf(e);
  if (k == Kind.Float) return reinterpret<f64>(payloadOf(e));
  if (k == Kind.IntInfinity) return Infinity;
  if (k == Kind.NegIntInfinity) return -Infinity;
  return <f64>payloadOf(e);
}

function coeffOf(e: ExprId): i64 {
  if (kindOf(e) == Kind.Mul && kindOf(argAt(e, 0)) == Kind.Integer) return payloadOf(argAt(e, 0));
  return 1;
}

/** as_coeff_Mul()[1]: the expression without its integer coefficient. */
function withoutCoeff(e: ExprId): ExprId {
  if (kindOf(e) == Kind.Mul && kindOf(argAt(e, 0)) == Kind.Integer) {
    const n = argCount(e);
    if (n == 2) return argAt(e, 1);
    const rest = new Array<u32>(n - 1);
    for (let i = 1; i < n; i++) rest[i - 1] = argAt(e, i);
    return intern(Kind.Mul, 0, rest);
  }
  return e;
}

/** The arguments whose keys form element 1 of sort_key, in sympy's order. */
function keyArgs(core: ExprId): Array<u32> {
  const k = kindOf(core);
  if (k == Kind.Add) return orderedTerms(core);
  if (k == Kind.Mul || k == Kind.Max || k == Kind.Min || k == Kind.And || k == Kind.Or) return sortedArgs(core);
  return argsOf(core);
}

/** Compares sort_key(a) with sort_key(b) the way Python compares the tuples. */
export function compareSortKey(a: ExprId, b: ExprId): i32 {
  if (a == b) return 0;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (isNumberKind(ka) && isNumberKind(kb)) {
    if (ka == Kind.Float || kb == Kind.Float) {
      const x = numberAsF64(a), y = numberAsF64(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return cmpI64(numberValue(a), numberValue(b));
  }
  // Expr.sort_key strips the coefficient and splits a power into base and exponent.
  let coreA = a, coreB = b;
  let coeffA: i64 = 1, coeffB: i64 = 1;
  let expA: i64 = 1, expB: i64 = 1;
  if (!isNumberKind(ka) && !isBasicKind(ka)) {
    coeffA = coeffOf(a);
    coreA = withoutCoeff(a);
    if (kindOf(coreA) == Kind.Pow) {
      expA = payloadOf(argAt(coreA, 1));
      coreA = argAt(coreA, 0);
    }
  }
  if (!isNumberKind(kb) && !isBasicKind(kb)) {
    coeffB = coeffOf(b);
    coreB = withoutCoeff(b);
    if (kindOf(coreB) == Kind.Pow) {
      expB = payloadOf(argAt(coreB, 1));
      coreB = argAt(coreB, 0);
    }
  }
  const ca = isNumberKind(ka) ? ka : kindOf(coreA);
  const cb = isNumberKind(kb) ? kb : kindOf(coreB);
  let c = CLASS_RANK[<i32>ca] - CLASS_RANK[<i32>cb];
  if (c != 0) return c < 0 ? -1 : 1;
  c = CLASS_INDEX[<i32>ca] - CLASS_INDEX[<i32>cb];
  if (c != 0) return c < 0 ? -1 : 1;
  c = cmpStr(classKeyName(ca), classKeyName(cb));
  if (c != 0) return c;
  // Same class from here on.
  if (ca == Kind.Symbol) {
    c = cmpStr(symbolName(coreA), symbolName(coreB));
  } else {
    const argsA = keyArgs(coreA);
    const argsB = keyArgs(coreB);
    c = cmpI64(argsA.length, argsB.length);
    for (let i = 0; c == 0 && i < argsA.length; i++) c = compareSortKey(argsA[i], argsB[i]);
  }
  if (c != 0) return c;
  c = cmpI64(expA, expB);
  if (c != 0) return c;
  return cmpI64(coeffA, coeffB);
}

function sortByKey(xs: Array<u32>): Array<u32> {
  // Insertion sort: stable like Python's sorted, and argument lists are short.
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let j = i - 1;
    while (j >= 0 && compareSortKey(xs[j], x) > 0) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}

/** Arguments in sort_key order (Mul factors, Max/Min/And/Or arguments). */
export function sortedArgs(e: ExprId): Array<u32> {
  return sortByKey(argsOf(e));
}

/** Base and exponent of a factor (decompose_power). */
function factorBase(f: ExprId): ExprId {
  return kindOf(f) == Kind.Pow ? argAt(f, 0) : f;
}

function factorExp(f: ExprId): i64 {
  return kindOf(f) == Kind.Pow ? payloadOf(argAt(f, 1)) : 1;
}

/** Non-numeric factors of a term. */
function termFactors(t: ExprId): Array<u32> {
  const out = new Array<u32>();
  const k = kindOf(t);
  if (isNumberKind(k)) return out;
  if (k == Kind.Mul) {
    for (let i = 0, n = argCount(t); i < n; i++) {
      const f = argAt(t, i);
      if (!isNumberKind(kindOf(f))) out.push(f);
    }
  } else {
    out.push(t);
  }
  return out;
}

/** Add.as_ordered_terms() with order=None. */
export function orderedTerms(e: ExprId): Array<u32> {
  const terms = argsOf(e);
  // Special case Add(Number, Mul(negative Number, x)) with a positive Number: `1 - x`.
  if (terms.length == 2) {
    let num = -1, other = -1;
    if (kindOf(terms[0]) == Kind.Integer) { num = 0; other = 1; }
    else if (kindOf(terms[1]) == Kind.Integer) { num = 1; other = 0; }
    if (num >= 0) {
      const m = terms[other];
      if (kindOf(m) == Kind.Mul && argCount(m) == 2 && kindOf(argAt(m, 0)) == Kind.Integer &&
          payloadOf(terms[num]) > 0 && payloadOf(argAt(m, 0)) < 0) {
        return [terms[num], m];
      }
    }
  }
  const gens = new Array<u32>();
  for (let i = 0; i < terms.length; i++) {
    const fs = termFactors(terms[i]);
    for (let j = 0; j < fs.length; j++) {
      const b = factorBase(fs[j]);
      if (!gens.includes(b)) gens.push(b);
    }
  }
  sortByKey(gens);
  const g = gens.length;
  // Exponent vector per term, flattened.
  const monoms = new Array<i64>(terms.length * g);
  for (let i = 0; i < terms.length; i++) {
    const fs = termFactors(terms[i]);
    for (let j = 0; j < fs.length; j++) {
      monoms[i * g + gens.indexOf(factorBase(fs[j]))] = factorExp(fs[j]);
    }
  }
  const order = new Array<i32>(terms.length);
  for (let i = 0; i < terms.length; i++) order[i] = i;
  // Key: negated monomial (so larger exponents first), then the coefficient.
  for (let i = 1; i < order.length; i++) {
    const x = order[i];
    let j = i - 1;
    while (j >= 0 && compareTerm(order[j], x, monoms, g, terms) > 0) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = x;
  }
  const out = new Array<u32>(terms.length);
  for (let i = 0; i < order.length; i++) out[i] = terms[order[i]];
  return out;
}

function compareTerm(a: i32, b: i32, monoms: Array<i64>, g: i32, terms: Array<u32>): i32 {
  for (let k = 0; k < g; k++) {
    const c = cmpI64(-monoms[a * g + k], -monoms[b * g + k]);
    if (c != 0) return c;
  }
  const ta = terms[a], tb = terms[b];
  const va = kindOf(ta) == Kind.Integer ? payloadOf(ta) : coeffOf(ta);
  const vb = kindOf(tb) == Kind.Integer ? payloadOf(tb) : coeffOf(tb);
  return cmpI64(va, vb);
}
