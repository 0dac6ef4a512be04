// Learning from a guard that was decided true (ShapeEnv._maybe_guard_rel): range refinement
// (_refine_ranges), replacements when an equality can be solved for a symbol (_set_replacement,
// eliminating the symbol PyTorch eliminates) and divisibility facts from Eq(Mod(a, k), 0).
import {
  ExprId, Kind, NO_EXPR, ZERO, kindOf, argCount, argAt, payloadOf, symbolName,
} from "./expr_store";
import { integer, sub, termsOf, termCoeff, termMono, makeTerm, sumOfTerms } from "./expr_arith";
import { isRelation, flippedKind } from "./expr_rel";
import { ValueRange } from "./ranges";
import { ShapeEnv, rangeFromExt } from "./shape_env";
import { symbolsOf, mentions, containsKind } from "./shape_env_subst";

const INF: i64 = i64.MAX_VALUE;
const NINF: i64 = i64.MIN_VALUE;

/** `sym op rhs` from solving a relation for one symbol (try_solve, integral case). */
export class Solved {
  constructor(public kind: Kind, public rhs: ExprId) {}
}

/** Coefficient of `target` in `d` (a sum of terms) and the remaining terms; null when `target`
 * occurs other than as a linear term. `target` may be a symbol or any atom-like node (Mod). */
export class LinearSplit {
  constructor(public coeff: i64, public rest: Array<u32>) {}
}

export function splitLinear(d: ExprId, target: ExprId): LinearSplit | null {
  const terms = termsOf(d);
  let a: i64 = 0;
  const rest = new Array<u32>();
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (termMono(t) == target) a += termCoeff(t);
    else if (mentions(t, target)) return null;
    else rest.push(t);
  }
  return new LinearSplit(a, rest);
}

/** try_solve(rel, target) when target occurs linearly and the solution is integral. */
export function solveLinear(rel: ExprId, target: ExprId): Solved | null {
  if (rel == NO_EXPR || !isRelation(rel)) return null;
  const d = sub(argAt(rel, 0), argAt(rel, 1));
  if (d == NO_EXPR) return null;
  const split = splitLinear(d, target);
  if (split == null || split.coeff == 0) return null;
  const a = split.coeff;
  const out = new Array<u32>();
  for (let i = 0; i < split.rest.length; i++) {
    const t = split.rest[i];
    const c = termCoeff(t);
    if (c % a != 0) return null;
    out.push(makeTerm(-c / a, termMono(t)));
  }
  const rhs = out.length == 0 ? ZERO : sumOfTerms(out);
  const k = kindOf(rel);
  return new Solved(a > 0 ? k : flippedKind(k), rhs);
}

/** try_solve as _maybe_guard_rel uses it: it gives up when the symbol is on both sides
 * (Eq(s0, 2*s0 - 6) stays a guard, for DimConstraints to solve, instead of a replacement). */
function trySolve(rel: ExprId, target: ExprId): Solved | null {
  if (rel == NO_EXPR || !isRelation(rel)) return null;
  if (mentions(argAt(rel, 0), target) && mentions(argAt(rel, 1), target)) return null;
  return solveLinear(rel, target);
}

function satAdd(v: i64, d: i64): i64 {
  if (v == INF || v == NINF) return v;
  return v + d;
}

/** _refine_ranges: tighten each symbol's range from the guard `g` (already simplified). */
export function refineRanges(env: ShapeEnv, g: ExprId): void {
  const free = symbolsOf(g);
  for (let i = 0; i < free.length; i++) {
    const s = free[i];
    if (!env.isKnownSymbol(s)) continue;
    const r = trySolve(g, s);
    if (r == null) continue;
    const vr = env.rangeOf(s);
    let lower = vr.lo();
    let upper = vr.hi();
    const rhs = env.bound(r.rhs);
    const k = r.kind;
    if (lower <= rhs.lo() && (k == Kind.Eq || k == Kind.Ge || k == Kind.Gt)) {
      lower = satAdd(rhs.lo(), k == Kind.Gt ? 1 : 0);
    }
    if (upper >= rhs.hi() && (k == Kind.Eq || k == Kind.Le || k == Kind.Lt)) {
      upper = satAdd(rhs.hi(), k == Kind.Lt ? -1 : 0);
    }
    if (lower == vr.lo() && upper == vr.hi()) continue;
    if (lower > upper) continue; // contradicts the range; the guard itself will fail later
    env.updateRange(s, rangeFromExt(lower, upper));
    const nr = env.rangeOf(s);
    if (nr.isSingleton()) setReplacement(env, s, integer(nr.lower));
  }
}

/** _smart_symbol_sort key, compared in reverse: ephemeral first (never here), then the larger
 * hint (unbacked count as sys.maxsize), then the lexicographically larger name. */
function symbolBefore(env: ShapeEnv, x: ExprId, y: ExprId): bool {
  const hx: i64 = env.hasHint(x) ? env.hintOf(x) : INF;
  const hy: i64 = env.hasHint(y) ? env.hintOf(y) : INF;
  if (hx != hy) return hx > hy;
  return symbolName(x) > symbolName(y);
}

function sortForSolving(env: ShapeEnv, free: Array<u32>): void {
  // Insertion sort: a guard has at most five symbols here.
  for (let i = 1; i < free.length; i++) {
    const x = free[i];
    let j = i - 1;
    while (j >= 0 && symbolBefore(env, x, free[j])) {
      free[j + 1] = free[j];
      j--;
    }
    free[j + 1] = x;
  }
}

function hasUnbacked(env: ShapeEnv, e: ExprId): bool {
  const free = symbolsOf(e);
  for (let i = 0; i < free.length; i++) if (env.isKnownSymbol(free[i]) && !env.hasHint(free[i])) return true;
  return false;
}

function hasFloorDivByNonOne(e: ExprId): bool {
  const k = kindOf(e);
  if ((k == Kind.FloorDiv || k == Kind.CleanDiv) && argAt(e, 1) != integer(1)) return true;
  for (let i = 0, n = argCount(e); i < n; i++) if (hasFloorDivByNonOne(argAt(e, i))) return true;
  return false;
}

function firstOfKind(e: ExprId, k: Kind): ExprId {
  if (kindOf(e) == k) return e;
  for (let i = 0, n = argCount(e); i < n; i++) {
    const r = firstOfKind(argAt(e, i), k);
    if (r != NO_EXPR) return r;
  }
  return NO_EXPR;
}

/** trivial_solve: a lone unbacked symbol on one side, no unbacked symbols on the other. */
function trivialSolve(env: ShapeEnv, lhs: ExprId, rhs: ExprId): bool {
  return kindOf(lhs) == Kind.Symbol && env.isKnownSymbol(lhs) && !env.hasHint(lhs) && !hasUnbacked(env, rhs);
}

/** _maybe_guard_rel(g): learn from a boolean expression known to be true. */
export function maybeGuardRel(env: ShapeEnv, g: ExprId): void {
  if (g == NO_EXPR) return;
  const k = kindOf(g);
  if (k == Kind.And) {
    for (let i = 0, n = argCount(g); i < n; i++) maybeGuardRel(env, argAt(g, i));
    return;
  }
  if (!isRelation(g) || k == Kind.Ne) return;
  const free = symbolsOf(g);
  if (free.length == 0 || free.length > 5) return;
  sortForSolving(env, free);
  refineRanges(env, g);
  if (k != Kind.Eq) return;
  const lhs = argAt(g, 0);
  const rhs = argAt(g, 1);
  if (!containsKind(g, Kind.Mod)) {
    if (hasFloorDivByNonOne(g)) return;
    if (trivialSolve(env, lhs, rhs)) {
      setReplacement(env, lhs, env.resolve(rhs));
    } else if (trivialSolve(env, rhs, lhs)) {
      setReplacement(env, rhs, env.resolve(lhs));
    } else {
      const r = trySolve(g, free[0]);
      if (r != null && r.kind == Kind.Eq) {
        const target = env.resolve(r.rhs);
        if (target != NO_EXPR && !hasUnbacked(env, target)) setReplacement(env, free[0], target);
      }
    }
  } else {
    const m = firstOfKind(g, Kind.Mod);
    const r = solveLinear(g, m);
    if (r != null && r.kind == Kind.Eq && r.rhs == ZERO) env.divisible.add(m);
  }
}

/** _is_supported_equivalence: A*x + B with integer A, B (what Dims can express). */
export function isSupportedEquivalence(e: ExprId): bool {
  const k = kindOf(e);
  if (k == Kind.Symbol) return true;
  if (k == Kind.Add || k == Kind.Mul) {
    if (argCount(e) != 2) return false;
    const a = argAt(e, 0);
    const b = argAt(e, 1);
    return (isSupportedEquivalence(a) && kindOf(b) == Kind.Integer) ||
      (kindOf(a) == Kind.Integer && isSupportedEquivalence(b));
  }
  return false;
}

function ceilDiv(a: i64, b: i64): i64 {
  // b > 0
  const q = a / b;
  return q * b < a ? q + 1 : q;
}

function floorDivI(a: i64, b: i64): i64 {
  const q = a / b;
  return q * b > a ? q - 1 : q;
}

/** Bound of (x - c) / m for x in [lo, hi], rounded inward to integers (CeilToInt/FloorToInt). */
function invertLinearBound(r: ValueRange, m: i64, c: i64): ValueRange {
  let lo = r.lo();
  let hi = r.hi();
  lo = lo == NINF ? NINF : lo - c;
  hi = hi == INF ? INF : hi - c;
  if (m < 0) {
    const t = lo;
    lo = hi == INF ? NINF : -hi;
    hi = t == NINF ? INF : -t;
    m = -m;
  }
  const l = lo == NINF ? NINF : ceilDiv(lo, m);
  const h = hi == INF ? INF : floorDivI(hi, m);
  return rangeFromExt(l, h);
}

/** _set_replacement(a, tgt): record a := tgt unless it would lose a's range. */
export function setReplacement(env: ShapeEnv, a: ExprId, tgt: ExprId): void {
  if (tgt == NO_EXPR || env.replacementFor(a) == tgt) return;
  if (mentions(tgt, a)) return;
  if (env.preferDeferredRuntimeAsserts && !isSupportedEquivalence(tgt)) return;
  if (env.isKnownSymbol(a)) {
    const src = env.rangeOf(a);
    let tgtBound = env.bound(tgt);
    env.updateRange(a, tgtBound);
    const free = symbolsOf(tgt);
    if (!src.issuperset(tgtBound) && free.length == 1) {
      const b = free[0];
      const split = splitLinear(tgt, b);
      if (split != null && split.coeff != 0) {
        let c: i64 = 0;
        let linear = true;
        for (let i = 0; i < split.rest.length; i++) {
          const t = split.rest[i];
          if (kindOf(t) == Kind.Integer) c += payloadOf(t);
          else linear = false;
        }
        if (linear) {
          env.updateRange(b, invertLinearBound(env.rangeOf(a), split.coeff, c));
          tgtBound = env.bound(tgt);
        }
      }
    }
    if (kindOf(tgt) == Kind.Symbol) {
      if (env.sizeLike.has(a)) env.sizeLike.add(tgt);
      else if (env.sizeLike.has(tgt)) env.sizeLike.add(a);
    }
    if (!src.issuperset(tgtBound)) return;
  }
  if (kindOf(tgt) == Kind.Integer) {
    const i = env.indexOf(a);
    if (i >= 0) {
      const srcs = env.sources[i];
      for (let j = 0; j < srcs.length; j++) {
        if (!env.specializedSources.has(srcs[j])) env.specializedSources.set(srcs[j], env.currentSloc);
      }
    }
  }
  env.recordReplacement(a, tgt);
}
