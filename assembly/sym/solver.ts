// produce_guards_verbose as export uses it (produce_guards_and_solve_constraints): checks the
// user's equalities, tracks every input dimension, reports constraint violations with PyTorch's
// wording, and feeds guards, deferred asserts and value ranges to DimConstraints.
import { raise, ErrorCode, hasError } from "../errors";
import { ExprId, Kind, NO_EXPR, kindOf, payloadOf, symbolName } from "./expr_store";
import { integer, add, mul, termsOf, termCoeff, termMono } from "./expr_arith";
import { eq, ge, le } from "./expr_rel";
import { toStr } from "./print";
import { symbol } from "./expr";
import { ShapeEnv, ConstraintKind } from "./shape_env";
import { maybeEvaluateStatic, evaluateBool, withHints } from "./shape_env_eval";
import { symbolsOf } from "./shape_env_subst";
import { DimConstraints, SourceTable } from "./solver_dims";

/** One input dimension (or int input) as export tracks it: its source, its expression after
 * tracing and the user's constraint (StrictMinMax [lo, hi] or RelaxedUnspec). */
export class TrackedInput {
  constructor(
    public source: string, public expr: ExprId, public ck: ConstraintKind,
    public lo: i64, public hi: i64, public warnOnly: bool, public isSize: bool,
  ) {}
}

/** `source == a * root + b` from a derived Dim; root is a source or a phantom symbol. */
export class DerivedEquality {
  constructor(public source: string, public rootSource: string, public rootSym: ExprId, public a: i64, public b: i64) {}
}

export class SolverInput {
  inputs: Array<TrackedInput> = new Array<TrackedInput>();
  pairsA: Array<string> = new Array<string>();
  pairsB: Array<string> = new Array<string>();
  derived: Array<DerivedEquality> = new Array<DerivedEquality>();
  phantoms: Array<u32> = new Array<u32>();
  relaxed: Array<string> = new Array<string>();
}

export class Violation {
  constructor(public warnOnly: bool, public debugName: string, public msg: string) {}
}

export class SolverResult {
  violations: Array<Violation> = new Array<Violation>();
  staticResults: Array<string> = new Array<string>();
  dynamicResults: Array<string> = new Array<string>();
  forcedKeys: Array<string> = new Array<string>();
  forcedValues: Array<i64> = new Array<i64>();
  /** "Constraints violated (...)! ..." or "" when only warnings / nothing. */
  errorText: string = "";
}

// ---------------------------------------------------------------- EqualityConstraint

/** A canonical linear definition a*root + b, root being a source name or a phantom symbol. */
class LinDef {
  constructor(public root: string, public a: i64, public b: i64) {}
  same(o: LinDef): bool { return this.root == o.root && this.a == o.a && this.b == o.b; }
}

class Equalities {
  parentKeys: Array<string> = new Array<string>();
  parentVals: Array<string> = new Array<string>();
  defKeys: Array<string> = new Array<string>();
  defVals: Array<LinDef> = new Array<LinDef>();

  constructor(public input: SolverInput, env: ShapeEnv) {
    for (let i = 0; i < input.pairsA.length; i++) this.union(this.find(input.pairsA[i]), this.find(input.pairsB[i]));
    for (let i = 0; i < input.derived.length; i++) {
      const d = input.derived[i];
      const base = d.rootSource.length > 0 ? this.rewrite(d.rootSource) : new LinDef("#" + symbolName(d.rootSym), 1, 0);
      this.setDef(this.find(d.source), new LinDef(base.root, d.a * base.a, d.a * base.b + d.b));
    }
  }

  find(s: string): string {
    let cur = s;
    for (let guard = 0; guard <= this.parentKeys.length; guard++) {
      const i = this.parentKeys.indexOf(cur);
      if (i < 0) return cur;
      cur = this.parentVals[i];
    }
    return cur;
  }

  union(a: string, b: string): void {
    if (a != b) {
      this.parentKeys.push(a);
      this.parentVals.push(b);
    }
  }

  setDef(s: string, d: LinDef): void {
    const i = this.defKeys.indexOf(s);
    if (i >= 0) this.defVals[i] = d;
    else {
      this.defKeys.push(s);
      this.defVals.push(d);
    }
  }

  rewrite(src: string): LinDef {
    const r = this.find(src);
    const i = this.defKeys.indexOf(r);
    return i >= 0 ? this.defVals[i] : new LinDef(r, 1, 0);
  }

  isRelaxed(s: string): bool {
    return this.input.relaxed.includes(s);
  }

  isEqual(a: string, b: string): bool {
    const ra = this.find(a);
    const rb = this.find(b);
    return this.isRelaxed(ra) || this.isRelaxed(rb) || ra == rb || this.rewrite(a).same(this.rewrite(b));
  }

  /** is_derived(src, symbolSrc, x -> c*x + d). */
  isDerived(src: string, symbolSrc: string, c: i64, d: i64): bool {
    const base = this.rewrite(symbolSrc);
    return this.rewrite(src).same(new LinDef(base.root, c * base.a, c * base.b + d));
  }
}

// ---------------------------------------------------------------- produce_guards

function renderRange(env: ShapeEnv, source: string, t: TrackedInput): string {
  const dflt = env.defaultRange();
  const hasLower = t.lo > dflt.lo();
  const hasUpper = t.hi < dflt.hi();
  const dbg = env.debugName(source);
  let s = `${dbg} = ${source} in the specified range`;
  if (hasLower && hasUpper) s += ` ${t.lo} <= ${dbg} <= ${t.hi}`;
  else if (hasUpper) s += ` ${dbg} <= ${t.hi}`;
  else if (hasLower) s += ` ${t.lo} <= ${dbg}`;
  return s;
}

/** expr = c*sym + d as (c, d), or null when not linear in the one symbol. */
function linearCoeffs(e: ExprId, sym: ExprId): Array<i64> | null {
  const terms = termsOf(e);
  let c: i64 = 0;
  let d: i64 = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (kindOf(t) == Kind.Integer) d += payloadOf(t);
    else if (termMono(t) == sym) c += termCoeff(t);
    else return null;
  }
  return [c, d];
}

function hintStr(env: ShapeEnv, e: ExprId): string {
  const v = withHints(env, e);
  return v == NO_EXPR ? toStr(e) : toStr(v);
}

/** sympy str of a*name + b (`2*dimx + 1`, `dx - 6`, `5 - dx`), as str(fn(Symbol(name))). */
function linearStr(name: string, a: i64, b: i64): string {
  return toStr(add(mul(integer(a), symbol(name, false, false)), integer(b)));
}

const YOU_MARKED_TAIL =
  "If you're using mark_dynamic, either remove it or use maybe_mark_dynamic. " +
  "If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO.";

/** Runs produce_guards + DimConstraints.solve. Returns null with a recorded
 * ConstraintViolation error when a user equality fails before solving. */
export function produceGuardsAndSolve(env: ShapeEnv, input: SolverInput): SolverResult | null {
  const result = new SolverResult();
  const eqs = new Equalities(input, env);

  // 0. The user's equalities (same Dim used twice, derived Dims).
  for (let i = 0; i < input.pairsA.length; i++) {
    const e1 = exprOf(env, input, input.pairsA[i]);
    const e2 = exprOf(env, input, input.pairsB[i]);
    if (e1 == NO_EXPR || e2 == NO_EXPR) return null;
    const v = evaluateBool(env, eq(e1, e2), "");
    if (v < 0) return null;
    if (v == 0) {
      raise(
        ErrorCode.ConstraintViolation,
        `${input.pairsA[i]} = ${hintStr(env, e1)} is not equal to ${input.pairsB[i]} = ${hintStr(env, e2)}`,
      );
      return null;
    }
  }
  for (let i = 0; i < input.derived.length; i++) {
    const d = input.derived[i];
    const e1 = exprOf(env, input, d.source);
    let e2: ExprId;
    let debug: string;
    if (d.rootSource.length > 0) {
      e2 = exprOf(env, input, d.rootSource);
      debug = env.debugName(d.rootSource);
    } else {
      e2 = d.rootSym;
      debug = env.firstSource(d.rootSym);
    }
    if (e1 == NO_EXPR || e2 == NO_EXPR) return null;
    const v = evaluateBool(env, eq(e1, add(mul(integer(d.a), e2), integer(d.b))), "");
    if (v < 0) return null;
    if (v == 0) {
      raise(
        ErrorCode.ConstraintViolation,
        `Expected input ${d.source} to be equal to ${linearStr(debug, d.a, d.b)}, where ${debug} = ` +
          `${hintStr(env, e2)}, but got ${hintStr(env, e1)}`,
      );
      return null;
    }
  }

  const table = new SourceTable();
  const constrained = new Array<u32>();
  const constraintsOf = new Array<Array<TrackedInput>>();
  for (let i = 0; i < input.phantoms.length; i++) {
    const p = input.phantoms[i];
    const k = env.indexOf(p);
    if (k >= 0) for (let j = 0; j < env.sources[k].length; j++) table.add(p, env.sources[k][j]);
  }

  // 1. Track every input dimension.
  const guardSources = new Array<string>();
  const guardExprs = new Array<u32>();
  for (let i = 0; i < input.inputs.length; i++) {
    const t = input.inputs[i];
    const e = env.resolve(t.expr);
    if (e == NO_EXPR) return null;
    const dbg = env.debugName(t.source);
    if (kindOf(e) == Kind.Integer) {
      const v = payloadOf(e);
      const violated = t.ck == ConstraintKind.StrictMinMax
        ? !(t.lo == v && t.hi == v)
        : t.ck == ConstraintKind.Relaxed && v != 0 && v != 1;
      if (violated) {
        result.violations.push(new Violation(t.warnOnly, dbg,
          `You marked ${dbg} as dynamic but your code specialized it to be a constant (${v}). ${YOU_MARKED_TAIL}`));
      }
    } else if (kindOf(e) == Kind.Symbol) {
      table.add(e, t.source);
      if (t.ck == ConstraintKind.StrictMinMax) {
        let ci = constrained.indexOf(e);
        if (ci < 0) {
          ci = constrained.length;
          constrained.push(e);
          constraintsOf.push(new Array<TrackedInput>());
        }
        // symbol_to_constraints is a set of frozen dataclasses: equal constraints count once.
        const cs = constraintsOf[ci];
        let seen = false;
        for (let j = 0; j < cs.length; j++) {
          if (cs[j].lo == t.lo && cs[j].hi == t.hi && cs[j].warnOnly == t.warnOnly) seen = true;
        }
        if (!seen) cs.push(t);
      }
    } else if (t.ck == ConstraintKind.StrictMinMax) {
      const free = symbolsOf(e);
      let unknown = false;
      for (let j = 0; j < free.length; j++) if (!env.isKnownSymbol(free[j])) unknown = true;
      if (unknown) {
        result.violations.push(new Violation(t.warnOnly, dbg,
          `Not all values of ${renderRange(env, t.source, t)} are valid because ${dbg} was inferred to be equal to ${table.print(e)}.`));
      }
    }
    guardSources.push(t.source);
    guardExprs.push(e);
  }

  const dc = new DimConstraints(env, table);
  for (let i = 0; i < constrained.length; i++) dc.markedDynamic.push(constrained[i]);

  // Input bindings: every input equals its final expression.
  for (let i = 0; i < guardSources.length; i++) {
    const src = guardSources[i];
    const e = guardExprs[i];
    const t = input.inputs[i];
    if (kindOf(e) == Kind.Symbol && table.first(e) == src && table.has(e)) continue;
    if (t.isSize) dc.addEquality(src, e);
    if (!t.isSize) continue;
    const free = symbolsOf(e);
    if (free.length != 1) continue;
    const sym = free[0];
    const ci = constrained.indexOf(sym);
    if (ci < 0 || !table.has(sym)) continue;
    const first = table.first(sym);
    if (kindOf(e) == Kind.Symbol) {
      if (!eqs.isEqual(src, first)) {
        result.violations.push(new Violation(false, env.debugName(src),
          `The values of ${env.debugName(src)} = ${src} and ${env.debugName(first)} = ${first} must always be equal.`));
      }
    } else {
      const cd = linearCoeffs(e, sym);
      if (cd == null || !eqs.isDerived(src, first, cd[0], cd[1])) {
        const rel = cd == null ? toStr(e) : linearStr(env.debugName(first), cd[0], cd[1]);
        result.violations.push(new Violation(false, env.debugName(src),
          `The values of ${env.debugName(src)} = ${src} must always be related to the values of ` +
            `${env.debugName(first)} = ${first} by ${env.debugName(src)} = ${rel}.`));
      }
    }
  }

  // 2. Guards that are not already implied by ranges and replacements.
  const issued = new Array<u32>();
  for (let i = 0; i < env.guards.length; i++) {
    const g = env.guards[i].expr;
    if (maybeEvaluateStatic(env, g, false) != NO_EXPR) continue;
    if (hasError()) return null;
    const e = env.resolve(g);
    if (issued.includes(e)) continue;
    issued.push(e);
    const free = symbolsOf(e);
    let isDim = false;
    for (let j = 0; j < free.length; j++) if (table.has(free[j])) isDim = true;
    const trivial = isDim ? dc.add(e) : false;
    if (!trivial && free.length == 1) {
      const ci = constrained.indexOf(free[0]);
      if (ci >= 0) {
        const src = table.first(free[0]);
        const cs = constraintsOf[ci];
        for (let j = 0; j < cs.length; j++) {
          result.violations.push(new Violation(cs[j].warnOnly, env.debugName(src),
            `Not all values of ${renderRange(env, src, cs[j])} satisfy the generated guard ${table.print(e)}.`));
        }
      }
    }
  }
  for (let i = 0; i < env.deferred.length; i++) {
    const ra = env.deferred[i];
    if (ra.key != NO_EXPR) continue;
    if (maybeEvaluateStatic(env, ra.expr, false) != NO_EXPR) continue;
    dc.add(env.resolve(ra.expr));
  }

  // 3. Every symbol within its value range.
  const dflt = env.defaultRange();
  for (let i = 0; i < table.syms.length; i++) {
    const s = table.syms[i];
    if (!env.isKnownSymbol(s)) continue;
    const r = env.rangeOf(s);
    const src = table.names[i];
    let bounds = "";
    if (!r.lowerInf) {
      dc.add(ge(s, integer(r.lower)));
      bounds = `${r.lower} <= ${src}`;
    }
    if (!r.upperInf) {
      dc.add(le(s, integer(r.upper)));
      bounds += (bounds.length > 0 ? " and " : "") + `${src} <= ${r.upper}`;
    }
    const ci = constrained.indexOf(s);
    if (ci < 0) continue;
    const cs = constraintsOf[ci];
    for (let j = 0; j < cs.length; j++) {
      const lo = max<i64>(cs[j].lo, dflt.lo());
      const hi = min<i64>(cs[j].hi, dflt.hi());
      if (!(r.lo() <= lo && hi <= r.hi())) {
        result.violations.push(new Violation(cs[j].warnOnly, env.debugName(src),
          `Not all values of ${renderRange(env, src, cs[j])} satisfy the generated guard ${bounds}`));
      }
    }
  }

  // The violation block.
  const names = new Array<string>();
  const lines = new Array<string>();
  for (let i = 0; i < result.violations.length; i++) {
    const v = result.violations[i];
    if (v.warnOnly) continue;
    lines.push(`  - ${v.msg}`);
    if (!names.includes(v.debugName)) names.push(v.debugName);
  }
  if (lines.length > 0) {
    names.sort();
    result.errorText = `Constraints violated (${names.join(", ")})! For more information, run with TORCH_LOGS="+dynamic".\n` +
      lines.join("\n");
  }

  if (!dc.solve()) {
    raise(ErrorCode.ConstraintViolation, `The following inconsistencies were found:\n${dc.inconsistencies.join("\n")}`);
    return null;
  }
  result.staticResults = dc.staticResults;
  result.dynamicResults = dc.dynamicResults;
  result.forcedKeys = dc.forcedKeys();
  result.forcedValues = dc.forcedValues();
  return result;
}

function exprOf(env: ShapeEnv, input: SolverInput, source: string): ExprId {
  for (let i = 0; i < input.inputs.length; i++) {
    if (input.inputs[i].source == source) return env.resolve(input.inputs[i].expr);
  }
  raise(ErrorCode.InvalidArgument, `produce_guards: no input dimension has source ${source}`);
  return NO_EXPR;
}

