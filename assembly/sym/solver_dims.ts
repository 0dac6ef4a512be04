// DimConstraints (symbolic_shapes.py): collects the guards that mention input dimensions and
// solves them into "static results" (`L['x'].size()[0] == 4`) and "dynamic results"
// (`4 <= L['x'].size()[2]`, `L['x'].size()[2] == 2*_h`, `L['y'].size()[0] == L['x'].size()[0]`)
// that src/core/solver.ts turns into the "Suggested fixes" (prettify_results).
import { ExprId, Kind, NO_EXPR, TRUE, FALSE, kindOf, argCount, argAt, payloadOf, symbolName } from "./expr_store";
import { toStr } from "./print";
import { ShapeEnv } from "./shape_env";
import { symbolsOf, substituteValues } from "./shape_env_subst";
import { withHints } from "./shape_env_eval";
import { flippedKind } from "./expr_rel";
import { pyPrint } from "./guard_print";
import { Rat, Lin, LinRel, Congruence, pyMod, solveCongruences } from "./solver_linear";

/** The symbol -> printed source table the solver prints with (symbol_to_source[s][0]). */
export class SourceTable {
  syms: Array<u32> = new Array<u32>();
  names: Array<string> = new Array<string>();
  all: Array<Array<string>> = new Array<Array<string>>();

  indexOf(s: ExprId): i32 {
    return this.syms.indexOf(s);
  }

  add(s: ExprId, source: string): void {
    let i = this.indexOf(s);
    if (i < 0) {
      i = this.syms.length;
      this.syms.push(s);
      this.names.push(source);
      this.all.push(new Array<string>());
    }
    this.all[i].push(source);
  }

  has(s: ExprId): bool {
    return this.indexOf(s) >= 0;
  }

  first(s: ExprId): string {
    const i = this.indexOf(s);
    return i >= 0 ? this.names[i] : symbolName(s);
  }

  print(e: ExprId): string {
    return pyPrint(e, this.syms, this.names);
  }
}

class SymbolicEquivalence {
  constructor(public source: string, public expr: ExprId) {}
}

/** Ordered set of strings (Python set semantics without the random order). */
function addUnique(xs: Array<string>, s: string): void {
  if (!xs.includes(s)) xs.push(s);
}

export class DimConstraints {
  univSyms: Array<u32> = new Array<u32>();
  univRels: Array<Array<LinRel>> = new Array<Array<LinRel>>();
  withEqualities: Array<u32> = new Array<u32>();
  substSyms: Array<u32> = new Array<u32>();
  substVals: Array<i64> = new Array<i64>();
  congSyms: Array<u32> = new Array<u32>();
  congs: Array<Array<Congruence>> = new Array<Array<Congruence>>();
  multivariate: Array<u32> = new Array<u32>();
  equivalences: Array<SymbolicEquivalence> = new Array<SymbolicEquivalence>();
  staticResults: Array<string> = new Array<string>();
  dynamicResults: Array<string> = new Array<string>();
  inconsistencies: Array<string> = new Array<string>();
  /** Symbols of the user's constrained dims (marked dynamic). */
  markedDynamic: Array<u32> = new Array<u32>();

  constructor(public env: ShapeEnv, public sources: SourceTable) {}

  private univIndex(s: ExprId, create: bool): i32 {
    let i = this.univSyms.indexOf(s);
    if (i < 0 && create) {
      i = this.univSyms.length;
      this.univSyms.push(s);
      this.univRels.push(new Array<LinRel>());
    }
    return i;
  }

  private congruencesOf(s: ExprId): Array<Congruence> {
    let i = this.congSyms.indexOf(s);
    if (i < 0) {
      i = this.congSyms.length;
      this.congSyms.push(s);
      this.congs.push(new Array<Congruence>());
    }
    return this.congs[i];
  }

  private addCongruence(s: ExprId, c: Congruence): void {
    const list = this.congruencesOf(s);
    for (let i = 0; i < list.length; i++) {
      const o = list[i];
      if (o.modulus == c.modulus && o.base.p.cmp(c.base.p) == 0 && o.base.q.cmp(c.base.q) == 0) return;
    }
    list.push(c);
  }

  private hintOf(s: ExprId): i64 {
    return this.env.hasHint(s) ? this.env.hintOf(s) : 0;
  }

  /** rewrite_with_congruences for integer expressions: the linear form, or null when the
   * expression is not linear in `s` after the rewrite. */
  private rewrite(s: ExprId, e: ExprId): Lin | null {
    const k = kindOf(e);
    switch (k) {
      case Kind.Integer: return Lin.constant(Rat.of(payloadOf(e)));
      case Kind.Symbol: return e == s ? new Lin(Rat.of(1), Rat.of(0)) : null;
      case Kind.Add: {
        let acc = Lin.constant(Rat.of(0));
        for (let i = 0, n = argCount(e); i < n; i++) {
          const t = this.rewrite(s, argAt(e, i));
          if (t == null) return null;
          acc = acc.add(t);
        }
        return acc;
      }
      case Kind.Mul: {
        let acc = Lin.constant(Rat.of(1));
        for (let i = 0, n = argCount(e); i < n; i++) {
          const t = this.rewrite(s, argAt(e, i));
          if (t == null) return null;
          if (acc.isConstant()) acc = t.scale(acc.q);
          else if (t.isConstant()) acc = acc.scale(t.q);
          else return null;
        }
        return acc;
      }
      case Kind.Mod:
      case Kind.FloorDiv: {
        const base = this.rewrite(s, argAt(e, 0));
        const divisor = this.rewrite(s, argAt(e, 1));
        if (base == null || divisor == null || !divisor.isConstant() || !divisor.q.isInt()) return null;
        const d = divisor.q.n;
        if (d == 0) return null;
        const atHint = base.at(this.hintOf(s));
        if (!atHint.isInt()) return null;
        const reduced = pyMod(atHint.n, d);
        const cb = base.sub(Lin.constant(Rat.of(reduced)));
        // sympy folds (c*s + r) % d to 0 when d divides both c and r (s is an integer).
        const zero = cb.p.isInt() && cb.q.isInt() && cb.p.n % d == 0 && cb.q.n % d == 0;
        if (!zero) this.addCongruence(s, new Congruence(cb, d));
        if (k == Kind.Mod) return Lin.constant(Rat.of(reduced));
        return cb.scale(new Rat(1, d));
      }
    }
    return null;
  }

  /** DimConstraints.add(expr): returns whether the constraint is trivial. */
  add(expr: ExprId): bool {
    if (expr == TRUE) return true;
    if (expr == NO_EXPR) return false;
    const reduced = withHints(this.env, expr);
    if (reduced == FALSE) this.inconsistencies.push(`${toStr(expr)} is inconsistent!`);
    const k = kindOf(expr);
    if (k == Kind.Ne || k == Kind.Or || k == Kind.And || hasUnsupported(expr)) return false;
    const free = symbolsOf(expr);
    if (free.length == 0) return false;
    if (free.length > 1) {
      if (!this.multivariate.includes(expr)) this.multivariate.push(expr);
      return false;
    }
    const s = free[0];
    if (k < Kind.Eq || k > Kind.Ge) return false;
    const before = this.congruencesOf(s).length;
    const l = this.rewrite(s, argAt(expr, 0));
    const r = this.rewrite(s, argAt(expr, 1));
    if (l == null || r == null) return false; // not linear: reduce_inequalities would fail too
    const form = l.sub(r);
    const after = this.congruencesOf(s).length;
    if (form.isConstant()) {
      const truth = decide(k, form.q);
      if (truth) return before == after;
      this.inconsistencies.push(`${toStr(expr)}, obtained by rewriting with congruences, is inconsistent!`);
      return false;
    }
    if (k == Kind.Eq && !this.withEqualities.includes(s)) this.withEqualities.push(s);
    this.univRels[this.univIndex(s, true)].push(new LinRel(k, form));
    return false;
  }

  /** add_equality(source, expr). */
  addEquality(source: string, expr: ExprId): void {
    if (kindOf(expr) == Kind.Integer) addUnique(this.staticResults, `${source} == ${payloadOf(expr)}`);
    else this.equivalences.push(new SymbolicEquivalence(source, expr));
  }

  private substitutionOf(s: ExprId): i32 {
    return this.substSyms.indexOf(s);
  }

  /** solve(): fills the static and dynamic results. Returns false (with inconsistencies) when
   * the constraints contradict the hints. */
  solve(): bool {
    if (this.inconsistencies.length > 0) return false;
    // 1. Symbols with equalities specialize.
    while (this.withEqualities.length > 0) {
      const s = this.withEqualities.shift();
      const ui = this.univIndex(s, false);
      if (ui < 0) continue;
      const rels = this.univRels[ui];
      this.univSyms.splice(ui, 1);
      this.univRels.splice(ui, 1);
      let value: i64 = 0;
      let found = false;
      for (let i = 0; i < rels.length; i++) {
        if (rels[i].kind != Kind.Eq) continue;
        const v = rels[i].form.q.neg().div(rels[i].form.p);
        if (!v.isInt()) continue;
        value = v.n;
        found = true;
        break;
      }
      if (!found) continue;
      addUnique(this.staticResults, `${this.sources.first(s)} == ${value}`);
      this.substSyms.push(s);
      this.substVals.push(value);
      const multi = this.multivariate;
      this.multivariate = new Array<u32>();
      for (let i = 0; i < multi.length; i++) {
        this.add(substituteValues(multi[i], [s], [value]));
      }
      if (this.inconsistencies.length > 0) return false;
    }
    // 2. Congruences become new roots: s == m*_name - c.
    for (let i = 0; i < this.congSyms.length; i++) this.solveCongruencesOf(this.congSyms[i], this.congs[i]);
    // 3. Remaining inequalities become ranges.
    for (let i = 0; i < this.univSyms.length; i++) this.solveInequalities(this.univSyms[i], this.univRels[i]);
    // 4. Symbolic equivalences: specializations once substituted, else dynamic equalities.
    for (let i = 0; i < this.equivalences.length; i++) {
      const eqv = this.equivalences[i];
      const e = substituteValues(eqv.expr, this.substSyms, this.substVals);
      if (kindOf(e) == Kind.Integer) addUnique(this.staticResults, `${eqv.source} == ${payloadOf(e)}`);
      else addUnique(this.dynamicResults, `${eqv.source} == ${this.sources.print(e)}`);
    }
    return true;
  }

  private solveCongruencesOf(s: ExprId, list: Array<Congruence>): void {
    const rs = new Array<i64>();
    const ms = new Array<i64>();
    for (let i = 0; i < list.length; i++) {
      // base = p*s + q ≡ 0 (mod d)  <=>  s = (d*tmp - q)/p = (d/p)*tmp + (-q/p)
      const c = list[i];
      const modulus = new Rat(c.modulus, 1).div(c.base.p);
      const remainder = c.base.q.neg().div(c.base.p);
      if (!modulus.isInt() || !remainder.isInt() || modulus.n == 0) continue;
      const m = modulus.n < 0 ? -modulus.n : modulus.n;
      rs.push(pyMod(remainder.n, m));
      ms.push(m);
    }
    if (rs.length == 0) return;
    const sol = solveCongruences(rs, ms);
    if (sol.length == 0) return;
    const r = sol[0];
    const m = sol[1];
    if (m == 1) return;
    const si = this.substitutionOf(s);
    if (si >= 0 && pyMod(this.substVals[si] - r, m) == 0) return;
    // sympy keeps Mod(s - r, m) as Mod(s + c, m) with c = (-r) % m; solving s + c == m*tmp.
    const c = pyMod(-r, m);
    const src = this.sources.first(s);
    const tmp = "_" + this.env.debugName(src);
    const rhs = c == 0 ? `${m}*${tmp}` : `(${-c}) + ${m}*${tmp}`;
    addUnique(this.dynamicResults, `${src} == ${rhs}`);
  }

  private solveInequalities(s: ExprId, rels: Array<LinRel>): void {
    let lo: i64 = i64.MIN_VALUE;
    let hi: i64 = i64.MAX_VALUE;
    for (let i = 0; i < rels.length; i++) {
      const rel = rels[i];
      let k = rel.kind;
      // p*s + q (k) 0  =>  s (k') -q/p
      const bound = rel.form.q.neg().div(rel.form.p);
      if (rel.form.p.n < 0) k = flippedKind(k);
      switch (k) {
        case Kind.Le: hi = min<i64>(hi, bound.floor()); break;
        case Kind.Lt: hi = min<i64>(hi, bound.ceil() - 1); break;
        case Kind.Ge: lo = max<i64>(lo, bound.ceil()); break;
        case Kind.Gt: lo = max<i64>(lo, bound.floor() + 1); break;
        case Kind.Eq:
          if (bound.isInt()) {
            lo = max<i64>(lo, bound.n);
            hi = min<i64>(hi, bound.n);
          }
          break;
      }
    }
    if (lo > hi) return; // reduce_inequalities gives False, which prettify ignores
    const src = this.sources.first(s);
    if (lo != i64.MIN_VALUE) addUnique(this.dynamicResults, `${lo} <= ${src}`);
    if (hi != i64.MAX_VALUE) addUnique(this.dynamicResults, `${src} <= ${hi}`);
  }

  /** forced_specializations(): substituted symbols the user marked dynamic. */
  forcedKeys(): Array<string> {
    const out = new Array<string>();
    for (let i = 0; i < this.substSyms.length; i++) {
      const s = this.substSyms[i];
      if (!this.markedDynamic.includes(s)) continue;
      const src = this.sources.first(s);
      out.push(this.env.hasDebugNames() ? `${this.env.debugName(src)} = ${src}` : src);
    }
    return out;
  }

  forcedValues(): Array<i64> {
    const out = new Array<i64>();
    for (let i = 0; i < this.substSyms.length; i++) {
      if (this.markedDynamic.includes(this.substSyms[i])) out.push(this.substVals[i]);
    }
    return out;
  }
}

/** The truth of `q (k) 0` for a constant q. */
function decide(k: Kind, q: Rat): bool {
  const c = q.n;
  switch (k) {
    case Kind.Eq: return c == 0;
    case Kind.Ne: return c != 0;
    case Kind.Lt: return c < 0;
    case Kind.Le: return c <= 0;
    case Kind.Gt: return c > 0;
    case Kind.Ge: return c >= 0;
  }
  return false;
}

/** Functions the export solver does not handle (all of torch's sympy functions except Mod,
 * PythonMod and FloorDiv). */
function hasUnsupported(e: ExprId): bool {
  const k = kindOf(e);
  if (k == Kind.CleanDiv || k == Kind.ModularIndexing || k == Kind.Max || k == Kind.Min) return true;
  if (k == Kind.IntTrueDiv || k == Kind.ToFloat || k == Kind.RoundToInt) return true;
  for (let i = 0, n = argCount(e); i < n; i++) if (hasUnsupported(argAt(e, i))) return true;
  return false;
}

