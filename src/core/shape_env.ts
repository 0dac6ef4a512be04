// Handle on a ShapeEnv in the WASM core (torch/fx/experimental/symbolic_shapes.py ShapeEnv):
// symbols from sources, guards decided by hints, replacements, ranges, torch._check, and the
// export constraint solver (src/core/solver.ts formats its results). Free with `free()`.
import { coreGeneration, staleError } from "./recover.js";
import { core } from "./loader.js";
import { checked } from "./check.js";
import { Expr } from "./expr.js";
import { GuardError, InvalidArgumentError } from "./errors.js";
import { produceGuardsAndSolve, solveConstraints, type SolveOutcome, type SolveRequest } from "./solver.js";

/** DimDynamic: how a dimension gets its symbol. */
export const DimDynamic = { DYNAMIC: 0, DUCK: 1, STATIC: 2 } as const;
export type DimDynamic = (typeof DimDynamic)[keyof typeof DimDynamic];

/** A per-dimension user constraint (DimConstraint). */
export type DimConstraint =
  | { kind: "strict"; min: number; max: number; warnOnly?: boolean } // StrictMinMaxConstraint; max may be Infinity (int_oo)
  | { kind: "relaxed"; warnOnly?: boolean } // RelaxedUnspecConstraint (Dim.AUTO / Dim.DYNAMIC)
  | null;

export interface ShapeEnvOptions {
  /** Specialize example sizes 0 and 1 to constants (PyTorch's default, also in export). */
  specializeZeroOne?: boolean;
  /** Record guards as deferred runtime asserts (export(prefer_deferred_runtime_asserts_over_guards)). */
  preferDeferredRuntimeAsserts?: boolean;
}

export interface ValueRangeBounds {
  /** Lower bound; -Infinity for -int_oo. */
  lower: number;
  /** Upper bound; Infinity for int_oo. */
  upper: number;
}

export interface RecordedGuard {
  expr: Expr;
  /** The user's source line that caused it ("" when unknown). */
  sloc: string;
}

export interface RuntimeAssertRecord {
  expr: Expr;
  msg: string;
  /** The unbacked symbol the assert waits for; null when it can be checked on entry. */
  key: Expr | null;
}

const NO_EXPR = 0xffffffff;

function constraintArgs(c: DimConstraint): [number, number, number] {
  if (c === null) return [0, 0, 0];
  if (c.kind === "relaxed") return [2, 0, 0];
  return [1, c.min, c.max];
}

// An environment nobody references any more (an export's, once its program and symbols are
// dropped) gives its core state back: without this every export kept ~12 KB of WASM memory for
// good (bench/soak.ts: 2,000 exports grew the core from 0.3 to 20 MiB).
const registry =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<{ handle: number; generation: number }>(({ handle, generation }) => {
        if (generation !== coreGeneration()) return; // its core instance was replaced
        try {
          const c = core();
          c.solverFree(handle);
          c.shapeEnvFree(handle);
        } catch {
          // the core is gone or was replaced
        }
      })
    : null;

export class ShapeEnv {
  #handle: number;
  #freed = false;
  readonly #generation = coreGeneration();
  readonly #debugNames = new Map<string, string>();

  constructor(options: ShapeEnvOptions = {}) {
    this.#handle = core().shapeEnvCreate(
      options.specializeZeroOne ?? true,
      options.preferDeferredRuntimeAsserts ?? false,
    );
    registry?.register(this, { handle: this.#handle, generation: this.#generation }, this);
  }

  /** The core handle (for src/core/solver.ts). */
  get handle(): number {
    if (this.#freed) throw new InvalidArgumentError("ShapeEnv was freed");
    if (this.#generation !== coreGeneration()) throw staleError("ShapeEnv");
    return this.#handle;
  }

  /** `free()` under the name the other owners use (Graph, ExportedProgram). */
  dispose(): void {
    this.free();
  }

  /** Releases the core's state; the handle is reused by later environments. */
  free(): void {
    if (this.#freed) return;
    registry?.unregister(this);
    if (this.#generation !== coreGeneration()) {
      this.#freed = true; // its state went with the replaced core instance
      return;
    }
    const c = core();
    c.solverFree(this.#handle);
    c.shapeEnvFree(this.#handle);
    this.#freed = true;
  }

  /** create_symbol(hint, source): a symbol named as PyTorch names it (`s77` for
   * `L['x'].size()[0]`), or an Integer when the dim is static or 0/1-specialized. */
  createSymbol(
    source: string,
    hint: number,
    constraint: DimConstraint = null,
    dynamic: DimDynamic = DimDynamic.DYNAMIC,
  ): Expr {
    const [ck, lo, hi] = constraintArgs(constraint);
    return Expr.fromId(checked(core().shapeEnvCreateSymbol(this.handle, source, hint, dynamic, ck, lo, hi)));
  }

  /** create_unspecified_symint_and_symbol: the symbol of an int input marked Dim.AUTO or
   * Dim.DYNAMIC (`s77` for `L['x']`), range [-int_oo, int_oo]. */
  createIntSymbol(source: string, hint: number): Expr {
    return Expr.fromId(checked(core().shapeEnvCreateIntSymbol(this.handle, source, hint)));
  }

  /** create_unbacked_symint: `u0`, `u1`, ... with range [-int_oo, int_oo]. */
  createUnbacked(): Expr {
    return Expr.fromId(checked(core().shapeEnvCreateUnbacked(this.handle)));
  }

  private unbackedFloats = 0;
  /** create_unbacked_symfloat: `zuf0`, `zuf1`, ... (a real symbol, range [-oo, oo]; no guards or
   * asserts are ever made on it here). */
  createUnbackedFloat(): Expr {
    return Expr.symbol(`zuf${this.unbackedFloats++}`, { positive: false, integer: false });
  }

  /** A `zufN` made elsewhere (a retrace making a program's symbols again): later ones come after it. */
  reserveUnbackedFloat(symbol: Expr): void {
    const m = /^zuf(\d+)$/.exec(symbol.toString());
    if (m) this.unbackedFloats = Math.max(this.unbackedFloats, Number(m[1]) + 1);
  }

  /** Another source bound to an existing symbol. */
  addSource(symbol: Expr, source: string): void {
    checked(core().shapeEnvAddSource(this.handle, symbol.id, source));
  }

  /** source_name_to_debug_name: the user's Dim name for a source (`dx` for `L['x'].size()[0]`). */
  setDebugName(source: string, name: string): void {
    checked(core().shapeEnvSetDebugName(this.handle, source, name));
    this.#debugNames.set(source, name);
  }

  /** source name -> Dim name, in the order they were set. */
  get debugNames(): ReadonlyMap<string, string> {
    return this.#debugNames;
  }

  /** evaluate_expr: decides a boolean statically, else by the hints, recording a guard. Throws
   * GuardError for data-dependent expressions. */
  evaluateGuard(expr: Expr, sloc = ""): boolean {
    return checked(core().shapeEnvEvaluateGuard(this.handle, expr.id, sloc)) === 1;
  }

  /** guard_or_false / guard_or_true: guards like evaluateGuard on backed sizes, but returns
   * `fallback` (recording nothing) when the expression depends on data (unbacked symbols). */
  guardOr(expr: Expr, fallback: boolean, sloc = ""): boolean {
    return checked(core().shapeEnvGuardOr(this.handle, expr.id, sloc, fallback)) === 1;
  }

  /** guard_int: specializes an integer expression to its hint value (guarding on it). */
  evaluateInt(expr: Expr, sloc = ""): number {
    return checked(core().shapeEnvEvaluateInt(this.handle, expr.id, sloc));
  }

  /** statically_known_true/false: true/false when decided without a guard, else null. */
  staticallyKnown(expr: Expr): boolean | null {
    const r = checked(core().shapeEnvStaticBool(this.handle, expr.id));
    return r < 0 ? null : r === 1;
  }

  /** torch._check(cond, message): guards (backed) or defers a runtime assert (unbacked).
   * Throws GuardError with `message` when the condition is known to be false. */
  check(cond: Expr, message?: string, sloc = ""): void {
    const msg = message ?? `Runtime assertion failed for expression ${cond}`;
    const r = checked(core().shapeEnvCheck(this.handle, cond.id, msg, sloc));
    if (r === 0) {
      throw new GuardError(
        message ??
          "Expected cond to be True, but got False. (Could this error message be improved? If so, please report an enhancement request to PyTorch.)",
      );
    }
  }

  /** expect_true (guard_or_defer_runtime_assert): false when the condition is known false, else
   * true after guarding (backed) or deferring a runtime assert (unbacked). */
  expectTrue(cond: Expr, message?: string, sloc = ""): boolean {
    const msg = message ?? `Runtime assertion failed for expression ${cond}`;
    return checked(core().shapeEnvCheck(this.handle, cond.id, msg, sloc)) !== 0;
  }

  /** torch._check_is_size(x, max=...). */
  checkIsSize(x: Expr, max = Infinity, sloc = ""): void {
    const r = checked(core().shapeEnvCheckIsSize(this.handle, x.id, max, sloc));
    if (r === 0) throw new GuardError(`Expected ${x} >= 0, but it is negative`);
  }

  /** constrain_range / _constrain_range_for_size on an unbacked symbol. */
  constrainRange(symbol: Expr, min: number, max: number, sizeLike = false): void {
    checked(core().shapeEnvConstrainRange(this.handle, symbol.id, min, max, sizeLike));
  }

  /** The expression with all replacements applied. */
  simplify(expr: Expr): Expr {
    return Expr.fromId(checked(core().shapeEnvSimplify(this.handle, expr.id)));
  }

  /** ShapeEnv.simplify's `Max(1, x)` -> `x` (and `Max(0, x)` -> `x`) where the ranges prove
   * x >= 1 (x >= 0), after the replacements. */
  simplifyMax(expr: Expr): Expr {
    return Expr.fromId(checked(core().shapeEnvSimplifyMax(this.handle, expr.id)));
  }

  /** var_to_range[symbol]. */
  varRange(symbol: Expr): ValueRangeBounds {
    const c = core();
    return {
      lower: checked(c.shapeEnvVarRangeLower(this.handle, symbol.id)),
      upper: checked(c.shapeEnvVarRangeUpper(this.handle, symbol.id)),
    };
  }

  /** bound_sympy(expr) over this environment's ranges. */
  bound(expr: Expr): ValueRangeBounds {
    const c = core();
    checked(c.shapeEnvBound(this.handle, expr.id));
    return { lower: c.shapeEnvBoundLower(), upper: c.shapeEnvBoundUpper() };
  }

  /** The symbol's example value; null for unbacked symbols. */
  hint(symbol: Expr): number | null {
    const v = checked(core().shapeEnvHint(this.handle, symbol.id));
    return Number.isNaN(v) ? null : v;
  }

  /** The first source bound to the symbol (its name when it has none). */
  firstSource(symbol: Expr): string {
    return checked(core().shapeEnvFirstSource(this.handle, symbol.id));
  }

  /** Symbols in creation order. */
  get symbols(): Expr[] {
    const c = core();
    const n = c.shapeEnvSymbolCount(this.handle);
    const out: Expr[] = [];
    for (let i = 0; i < n; i++) out.push(Expr.fromId(c.shapeEnvSymbolAt(this.handle, i)));
    return out;
  }

  /** Recorded guards, in order. */
  get guards(): RecordedGuard[] {
    const c = core();
    const n = c.shapeEnvGuardCount(this.handle);
    const out: RecordedGuard[] = [];
    for (let i = 0; i < n; i++) {
      out.push({ expr: Expr.fromId(c.shapeEnvGuardExpr(this.handle, i)), sloc: c.shapeEnvGuardSloc(this.handle, i) });
    }
    return out;
  }

  /** Replacements learned from equality guards: symbol := expression. */
  get replacements(): Map<Expr, Expr> {
    const c = core();
    const n = c.shapeEnvReplacementCount(this.handle);
    const out = new Map<Expr, Expr>();
    for (let i = 0; i < n; i++) {
      out.set(
        Expr.fromId(c.shapeEnvReplacementKey(this.handle, i)),
        Expr.fromId(c.shapeEnvReplacementValue(this.handle, i)),
      );
    }
    return out;
  }

  /** Whether Eq(Mod(a, b), 0) was learned (divisible). */
  isDivisible(modExpr: Expr): boolean {
    return checked(core().shapeEnvIsDivisible(this.handle, modExpr.id));
  }

  isSizeLike(symbol: Expr): boolean {
    return checked(core().shapeEnvIsSizeLike(this.handle, symbol.id));
  }

  /** Deferred runtime asserts, in order. */
  get deferredRuntimeAsserts(): RuntimeAssertRecord[] {
    const c = core();
    const n = c.shapeEnvDeferredCount(this.handle);
    const out: RuntimeAssertRecord[] = [];
    for (let i = 0; i < n; i++) {
      const key = c.shapeEnvDeferredKey(this.handle, i) >>> 0;
      out.push({
        expr: Expr.fromId(c.shapeEnvDeferredExpr(this.handle, i)),
        msg: c.shapeEnvDeferredMessage(this.handle, i),
        key: key === NO_EXPR ? null : Expr.fromId(key),
      });
    }
    return out;
  }

  /** PyTorch's guard printer with sources: `L['x'].size()[0] <= 1024`. */
  printGuard(expr: Expr): string {
    return checked(core().shapeEnvPrintGuard(this.handle, expr.id));
  }

  /** The recorded guards as Python code (ExportedProgram._guards_code): each guard printed
   * with sources, dropping guards on `L['self']`. */
  guardCode(): string[] {
    return this.guards.map((g) => this.printGuard(g.expr)).filter((code) => !code.includes("L['self']"));
  }

  /** The user's source line recorded when `source` was specialized to a constant. */
  specializationSloc(source: string): string {
    return core().shapeEnvSpecializationSloc(this.handle, source);
  }

  /** Export's constraint check (produce_guards + DimConstraints): the violations, suggested
   * fixes and full error text; nothing is thrown for violations (see `message`). */
  solveConstraints(req: SolveRequest): SolveOutcome {
    return solveConstraints(this, req);
  }

  /** As solveConstraints, but throws ConstraintViolationError with PyTorch's full text
   * (including the draft_export paragraph unless `appendDraftExportHint` is false). */
  produceGuardsAndSolve(req: SolveRequest, appendDraftExportHint = true): SolveOutcome {
    return produceGuardsAndSolve(this, req, appendDraftExportHint);
  }

  /** Number of live environments in the core (for leak checks). */
  static liveCount(): number {
    return core().shapeEnvLiveCount();
  }
}
