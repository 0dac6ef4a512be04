// WASM exports for ShapeEnv handles (src/core/shape_env.ts is the only caller). Handles are
// small integers into a table; freed slots are reused, so creating and dropping many
// environments keeps memory flat. Integers cross as f64 (exact to 2^53); ±Infinity means int_oo.
import { raise, ErrorCode } from "../errors";
import { NO_EXPR, kindOf, Kind, symbolName, isValid } from "./expr_store";
import { ValueRange } from "./ranges";
import { ShapeEnv, DimDynamic, ConstraintKind, rangeFromExt } from "./shape_env";
import { maybeEvaluateStatic, evaluateBool, evaluateBoolOr, evaluateInt, check, checkIsSize, dropTrivialMax } from "./shape_env_eval";
import { pyPrint } from "./guard_print";

const envs = new Array<ShapeEnv | null>();
const freeSlots = new Array<i32>();
let liveCount: i32 = 0;

/** The environment behind handle `h`, or null with a recorded error. */
export function envAt(h: i32): ShapeEnv | null {
  if (h < 0 || h >= envs.length || envs[h] == null) {
    raise(ErrorCode.InvalidArgument, `ShapeEnv handle ${h} is not live (freed or never created)`);
    return null;
  }
  return envs[h];
}

/** f64 from TypeScript to an extended i64 (±Infinity are the infinities). */
export function extFromF64(v: f64): i64 {
  if (v == Infinity) return i64.MAX_VALUE;
  if (v == -Infinity) return i64.MIN_VALUE;
  return <i64>v;
}

export function f64FromExt(v: i64): f64 {
  if (v == i64.MAX_VALUE) return Infinity;
  if (v == i64.MIN_VALUE) return -Infinity;
  return <f64>v;
}

/** Whether `e` names an expression; records InvalidArgument otherwise (the core would trap on
 * an out-of-range id). */
export function validExpr(e: u32): bool {
  if (e == NO_EXPR || !isValid(e)) {
    raise(ErrorCode.InvalidArgument, `unknown expression id ${e}`);
    return false;
  }
  return true;
}

function isIntegral(v: f64): bool {
  return v == Infinity || v == -Infinity || (Math.floor(v) == v && Math.abs(v) <= 9007199254740992.0);
}

function checkIntegral(v: f64, what: string): bool {
  if (!isIntegral(v)) {
    raise(ErrorCode.InvalidArgument, `${what} must be an integer, got ${v}`);
    return false;
  }
  return true;
}

export function shapeEnvCreate(specializeZeroOne: bool, preferDeferredRuntimeAsserts: bool): i32 {
  const env = new ShapeEnv(specializeZeroOne, preferDeferredRuntimeAsserts);
  liveCount++;
  if (freeSlots.length > 0) {
    const h = freeSlots.pop();
    envs[h] = env;
    return h;
  }
  envs.push(env);
  return envs.length - 1;
}

export function shapeEnvFree(h: i32): void {
  if (envAt(h) == null) return;
  envs[h] = null;
  freeSlots.push(h);
  liveCount--;
}

export function shapeEnvLiveCount(): i32 {
  return liveCount;
}

/** create_symbol(hint, source, dynamic, constraint). `ck`: 0 none, 1 StrictMinMax(lo, hi),
 * 2 RelaxedUnspec. `dynamic`: 0 DYNAMIC, 1 DUCK, 2 STATIC. Returns an expression id (a symbol,
 * or an Integer when static / 0-1 specialized), NO_EXPR on error. */
export function shapeEnvCreateSymbol(h: i32, source: string, hint: f64, dynamic: i32, ck: i32, lo: f64, hi: f64): u32 {
  const env = envAt(h);
  if (env == null) return NO_EXPR;
  if (!checkIntegral(hint, "size hint") || !checkIntegral(lo, "min") || !checkIntegral(hi, "max")) return NO_EXPR;
  if (hint == Infinity || hint == -Infinity) {
    raise(ErrorCode.InvalidArgument, "size hint must be finite");
    return NO_EXPR;
  }
  if (dynamic < 0 || dynamic > 2 || ck < 0 || ck > 2) {
    raise(ErrorCode.InvalidArgument, "createSymbol: unknown dynamic or constraint kind");
    return NO_EXPR;
  }
  const l = extFromF64(lo);
  const u = extFromF64(hi);
  return env.createSymbol(
    source, <i64>hint, <DimDynamic>dynamic, <ConstraintKind>ck,
    l == i64.MIN_VALUE ? 0 : l, u == i64.MAX_VALUE ? 0 : u, l == i64.MIN_VALUE, u == i64.MAX_VALUE,
  );
}

/** A symbol for an int input marked Dim.AUTO / Dim.DYNAMIC (range [-int_oo, int_oo]). */
export function shapeEnvCreateIntSymbol(h: i32, source: string, hint: f64): u32 {
  const env = envAt(h);
  if (env == null) return NO_EXPR;
  if (!checkIntegral(hint, "int hint") || hint == Infinity || hint == -Infinity) {
    raise(ErrorCode.InvalidArgument, "createIntSymbol: the hint must be a finite integer");
    return NO_EXPR;
  }
  return env.createIntSymbol(source, <i64>hint);
}

export function shapeEnvCreateUnbacked(h: i32): u32 {
  const env = envAt(h);
  return env == null ? NO_EXPR : env.createUnbacked();
}

export function shapeEnvAddSource(h: i32, sym: u32, source: string): void {
  const env = envAt(h);
  if (!validExpr(sym)) return;
  if (env != null) env.addSource(sym, source);
}

export function shapeEnvSetDebugName(h: i32, source: string, name: string): void {
  const env = envAt(h);
  if (env != null) env.setDebugName(source, name);
}

/** evaluate_expr on a boolean: 1/0, -1 on error (e.g. data-dependent). */
export function shapeEnvEvaluateGuard(h: i32, expr: u32, sloc: string): i32 {
  const env = envAt(h);
  if (!validExpr(expr)) return -1;
  return env == null ? -1 : evaluateBool(env, expr, sloc);
}

/** guard_or_false (fallback 0) / guard_or_true (fallback 1): like shapeEnvEvaluateGuard, but a
 * data-dependent expression gives the fallback instead of an error. */
export function shapeEnvGuardOr(h: i32, expr: u32, sloc: string, fallback: bool): i32 {
  const env = envAt(h);
  if (!validExpr(expr)) return -1;
  return env == null ? -1 : evaluateBoolOr(env, expr, sloc, fallback ? 1 : 0);
}

/** guard_int: the specialized value (NaN on error). */
export function shapeEnvEvaluateInt(h: i32, expr: u32, sloc: string): f64 {
  const env = envAt(h);
  if (!validExpr(expr)) return NaN;
  return env == null ? NaN : evaluateInt(env, expr, sloc);
}

/** statically_known: 1 true, 0 false, -1 unknown; for integer expressions the value is in
 * shapeEnvStaticValue. */
export function shapeEnvStaticBool(h: i32, expr: u32): i32 {
  const env = envAt(h);
  if (!validExpr(expr)) return -1;
  if (env == null) return -1;
  const r = maybeEvaluateStatic(env, expr, true);
  if (r == NO_EXPR) return -1;
  const k = kindOf(r);
  return k == Kind.True ? 1 : k == Kind.False ? 0 : -1;
}

export function shapeEnvCheck(h: i32, expr: u32, msg: string, sloc: string): i32 {
  const env = envAt(h);
  if (!validExpr(expr)) return -1;
  return env == null ? -1 : check(env, expr, msg, sloc);
}

export function shapeEnvCheckIsSize(h: i32, expr: u32, maxValue: f64, sloc: string): i32 {
  const env = envAt(h);
  if (!validExpr(expr)) return -1;
  if (env == null) return -1;
  const hasMax = maxValue != Infinity;
  if (!checkIntegral(maxValue, "max")) return -1;
  return checkIsSize(env, expr, hasMax ? <i64>maxValue : 0, hasMax, sloc);
}

/** constrain_range(sym, min, max) for unbacked symbols (and the size-like flag). */
export function shapeEnvConstrainRange(h: i32, sym: u32, lo: f64, hi: f64, sizeLike: bool): i32 {
  const env = envAt(h);
  if (!validExpr(sym)) return -1;
  if (env == null) return -1;
  if (!checkIntegral(lo, "min") || !checkIntegral(hi, "max")) return -1;
  const l = extFromF64(lo);
  const u = extFromF64(hi);
  if (l > u) {
    raise(ErrorCode.InvalidArgument, `Invalid ranges [${lo}:${hi}]`);
    return -1;
  }
  return env.constrainRange(sym, rangeFromExt(l, u), sizeLike) ? 1 : 0;
}

/** The expression with all replacements applied (ShapeEnv.replace / simplify). */
export function shapeEnvSimplify(h: i32, expr: u32): u32 {
  const env = envAt(h);
  if (!validExpr(expr)) return NO_EXPR;
  return env == null ? NO_EXPR : env.resolve(expr);
}

/** ShapeEnv.simplify's min_max_replacements after the replacements: `Max(1, x)` -> `x` where
 * x >= 1 follows from the ranges (likewise Max(0, x) for x >= 0). */
export function shapeEnvSimplifyMax(h: i32, expr: u32): u32 {
  const env = envAt(h);
  if (!validExpr(expr)) return NO_EXPR;
  return env == null ? NO_EXPR : dropTrivialMax(env, env.resolve(expr));
}

let lastBound: ValueRange = ValueRange.unknownInt();

/** bound_sympy(expr) over the environment's ranges; read the ends with shapeEnvBoundLower/Upper. */
export function shapeEnvBound(h: i32, expr: u32): i32 {
  const env = envAt(h);
  if (!validExpr(expr)) return -1;
  if (env == null) return -1;
  lastBound = env.bound(env.resolve(expr));
  return 1;
}

export function shapeEnvBoundLower(): f64 {
  return f64FromExt(lastBound.lo());
}

export function shapeEnvBoundUpper(): f64 {
  return f64FromExt(lastBound.hi());
}

export function shapeEnvVarRangeLower(h: i32, sym: u32): f64 {
  const env = envAt(h);
  if (!validExpr(sym)) return NaN;
  return env == null ? NaN : f64FromExt(env.rangeOf(sym).lo());
}

export function shapeEnvVarRangeUpper(h: i32, sym: u32): f64 {
  const env = envAt(h);
  if (!validExpr(sym)) return NaN;
  return env == null ? NaN : f64FromExt(env.rangeOf(sym).hi());
}

export function shapeEnvSymbolCount(h: i32): i32 {
  const env = envAt(h);
  return env == null ? 0 : env.syms.length;
}

export function shapeEnvSymbolAt(h: i32, i: i32): u32 {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.syms.length) return NO_EXPR;
  return env.syms[i];
}

/** The symbol's hint, NaN for unbacked symbols. */
export function shapeEnvHint(h: i32, sym: u32): f64 {
  const env = envAt(h);
  if (!validExpr(sym)) return NaN;
  if (env == null || !env.hasHint(sym)) return NaN;
  return <f64>env.hintOf(sym);
}

export function shapeEnvFirstSource(h: i32, sym: u32): string {
  const env = envAt(h);
  if (!validExpr(sym)) return "";
  return env == null ? "" : env.firstSource(sym);
}

export function shapeEnvGuardCount(h: i32): i32 {
  const env = envAt(h);
  return env == null ? 0 : env.guards.length;
}

export function shapeEnvGuardExpr(h: i32, i: i32): u32 {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.guards.length) return NO_EXPR;
  return env.guards[i].expr;
}

export function shapeEnvGuardSloc(h: i32, i: i32): string {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.guards.length) return "";
  return env.guards[i].sloc;
}

export function shapeEnvReplacementCount(h: i32): i32 {
  const env = envAt(h);
  return env == null ? 0 : env.replaced.length;
}

export function shapeEnvReplacementKey(h: i32, i: i32): u32 {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.replaced.length) return NO_EXPR;
  return env.replaced[i];
}

/** The replacement target, fully resolved. */
export function shapeEnvReplacementValue(h: i32, i: i32): u32 {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.replaced.length) return NO_EXPR;
  return env.resolve(env.replacedBy[i]);
}

export function shapeEnvIsDivisible(h: i32, modExpr: u32): bool {
  const env = envAt(h);
  if (!validExpr(modExpr)) return false;
  return env != null && env.divisible.has(modExpr);
}

export function shapeEnvDeferredCount(h: i32): i32 {
  const env = envAt(h);
  return env == null ? 0 : env.deferred.length;
}

export function shapeEnvDeferredExpr(h: i32, i: i32): u32 {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.deferred.length) return NO_EXPR;
  return env.deferred[i].expr;
}

export function shapeEnvDeferredMessage(h: i32, i: i32): string {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.deferred.length) return "";
  return env.deferred[i].msg;
}

/** The key symbol of deferred assert i (NO_EXPR for None: not tied to an unbacked symbol). */
export function shapeEnvDeferredKey(h: i32, i: i32): u32 {
  const env = envAt(h);
  if (env == null || i < 0 || i >= env.deferred.length) return NO_EXPR;
  return env.deferred[i].key;
}

export function shapeEnvIsSizeLike(h: i32, sym: u32): bool {
  const env = envAt(h);
  if (!validExpr(sym)) return false;
  return env != null && env.sizeLike.has(sym);
}

/** The user stack recorded when `source` was specialized to a constant ("" if none). */
export function shapeEnvSpecializationSloc(h: i32, source: string): string {
  const env = envAt(h);
  if (env == null || !env.specializedSources.has(source)) return "";
  return env.specializedSources.get(source);
}

/** Prints `expr` as PyTorch's guard printer does, with symbols as their first sources. */
export function shapeEnvPrintGuard(h: i32, expr: u32): string {
  const env = envAt(h);
  if (!validExpr(expr)) return "";
  if (env == null) return "";
  const names = new Array<string>(env.syms.length);
  for (let i = 0; i < env.syms.length; i++) {
    names[i] = env.sources[i].length > 0 ? env.sources[i][0] : symbolName(env.syms[i]);
  }
  return pyPrint(expr, env.syms, names);
}
