// Export's constraint check (produce_guards_and_solve_constraints): runs produce_guards and
// DimConstraints in the core, then assembles PyTorch's error text — the violation block, the
// "Suggested fixes" (prettify_results) and the closing draft_export paragraph.
import { core } from "./loader.js";
import { checked } from "./check.js";
import { ConstraintViolationError } from "./errors.js";
import type { Expr } from "./expr.js";
import type { DimConstraint, ShapeEnv } from "./shape_env.js";
import { prettifyResults, type DimSpec } from "./solver_prettify.js";

export type { DimSpec } from "./solver_prettify.js";

/** One traced input dimension (or int input) and the user's constraint on it. */
export interface TrackedDim {
  /** `L['x'].size()[0]`. */
  source: string;
  /** The dimension's expression after tracing (symbol, derived expression or integer). */
  expr: Expr;
  constraint: DimConstraint;
  /** A tensor size (TensorPropertySource SIZE); false for int inputs. Default true. */
  isSize?: boolean;
}

/** `source == a * root + b` for a derived Dim; `root` is the root's source or phantom symbol. */
export interface DerivedEquality {
  source: string;
  root: string | Expr;
  a: number;
  b: number;
}

export interface SolveRequest {
  inputs: readonly TrackedDim[];
  /** Sources sharing one Dim (EqualityConstraint.source_pairs). */
  sourcePairs?: readonly (readonly [string, string])[];
  derivedEqualities?: readonly DerivedEquality[];
  /** Phantom root symbols of derived Dims whose root is not an input. */
  phantomSymbols?: readonly Expr[];
  /** Sources whose dim is a Dim hint (AUTO/DYNAMIC). */
  relaxedSources?: readonly string[];
  /** The user's Dims (name_to_dim of dynamic_shapes), for the suggested fixes. */
  dims?: readonly DimSpec[];
}

export interface SolveOutcome {
  /** The full error text (null when export may proceed). */
  message: string | null;
  /** The "Constraints violated ..." block alone ("" when none). */
  violations: string;
  /** prettify_results text ("Specializations unexpectedly required..." and/or "Suggested fixes:..."). */
  suggestedFixes: string;
  staticResults: string[];
  dynamicResults: string[];
  forcedSpecializations: Map<string, number>;
}

/** Appended by torch.export.export to every error it raises. */
export const DRAFT_EXPORT_HINT =
  "\n\nThe error above occurred when calling torch.export.export. If you would like to view some more " +
  "information about this error, and get a list of all other errors that may occur in your export call, " +
  "you can replace your `export()` call with `draft_export()`.";

function constraintArgs(c: DimConstraint): [number, number, number, boolean] {
  if (c === null) return [0, 0, 0, false];
  if (c.kind === "relaxed") return [2, 0, 0, c.warnOnly ?? false];
  return [1, c.min, c.max, c.warnOnly ?? false];
}

/** Runs the solver; never throws for violations (see `message`), only for bad input or a
 * failed user equality (ConstraintViolationError, raised before solving as PyTorch does). */
export function solveConstraints(env: ShapeEnv, req: SolveRequest): SolveOutcome {
  const c = core();
  const h = env.handle;
  c.solverReset(h);
  for (const t of req.inputs) {
    const [ck, lo, hi, warnOnly] = constraintArgs(t.constraint);
    c.solverAddInput(h, t.source, t.expr.id, ck, lo, hi, warnOnly, t.isSize ?? true);
    checked(0);
  }
  for (const [a, b] of req.sourcePairs ?? []) c.solverAddSourcePair(h, a, b);
  for (const d of req.derivedEqualities ?? []) {
    if (typeof d.root === "string") c.solverAddDerivedEquality(h, d.source, d.root, 0xffffffff, d.a, d.b);
    else c.solverAddDerivedEquality(h, d.source, "", d.root.id, d.a, d.b);
    checked(0);
  }
  for (const p of req.phantomSymbols ?? []) c.solverAddPhantom(h, p.id);
  for (const s of req.relaxedSources ?? []) c.solverAddRelaxedSource(h, s);
  const status = checked(c.solverRun(h));

  const read = (count: number, at: (i: number) => string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(at(i));
    return out;
  };
  const staticResults = read(c.solverStaticResultCount(h), (i) => c.solverStaticResult(h, i));
  const dynamicResults = read(c.solverDynamicResultCount(h), (i) => c.solverDynamicResult(h, i));
  const forced = new Map<string, number>();
  for (let i = 0, n = c.solverForcedCount(h); i < n; i++) forced.set(c.solverForcedKey(h, i), c.solverForcedValue(h, i));
  const violations = status === 0 ? c.solverErrorText(h) : "";
  const suggestedFixes = prettifyResults(env.debugNames, req.dims ?? [], staticResults, dynamicResults, forced);

  let message: string | null = null;
  if (violations !== "") message = violations + suggestedFixes;
  else if (forced.size > 0) message = suggestedFixes;
  return { message, violations, suggestedFixes, staticResults, dynamicResults, forcedSpecializations: forced };
}

/** solveConstraints, throwing ConstraintViolationError with export's full text on violation. */
export function produceGuardsAndSolve(env: ShapeEnv, req: SolveRequest, appendDraftExportHint = true): SolveOutcome {
  const out = solveConstraints(env, req);
  if (out.message !== null) {
    throw new ConstraintViolationError(out.message + (appendDraftExportHint ? DRAFT_EXPORT_HINT : ""));
  }
  return out;
}
