// Fake inputs (torch/_export/non_strict_utils.py make_fake_inputs + _process_dynamic_shapes):
// every user tensor dimension gets a symbol from its source (`L['x'].size()[0]` → s77) or stays
// static, with the user's Dim as its constraint; equal and derived Dims become the equalities the
// solver checks, and range_constraints are read back after tracing.
import type { Expr } from "../core/expr.js";
import { ConstraintViolationError } from "../core/errors.js";
import { DimDynamic, ShapeEnv, type DimConstraint } from "../core/shape_env.js";
import { endStr } from "../core/ranges.js";
import type { DerivedEquality, DimSpec as SolverDim, SolveOutcome, TrackedDim } from "../core/solver.js";
import { keystr } from "../pytree/index.js";
import { SymInt, type Size } from "../symbolic/symint.js";
import { Tensor } from "../tensor/tensor.js";
import type { RangeConstraint } from "../program/range_constraints.js";
import { DerivedDim, DimHint, NamedDim } from "./dim.js";
import type { IntSpec, TensorSpec } from "./dynamic_shapes.js";
import { UserError, ValueError } from "./errors.js";

/** A dimension given as Dim.AUTO / Dim.DYNAMIC (maybe with a range), checked after tracing. */
interface HintedDim {
  hint: DimHint;
  example: number;
  /** `inputs['x'].shape[0]`, as PyTorch names it in the conflict messages. */
  path: string;
}

/** The fake inputs and everything the constraint check needs afterwards. */
export class FakeInputs {
  /** Real input tensor → its fake. */
  readonly fakes = new Map<Tensor, Tensor>();
  private readonly tracked: TrackedDim[] = [];
  private readonly pairs: Array<[string, string]> = [];
  private readonly derived: DerivedEquality[] = [];
  private readonly phantoms: Expr[] = [];
  private readonly relaxed: string[] = [];
  private readonly dims: SolverDim[] = [];
  private readonly solverDims = new Map<NamedDim, SolverDim>();
  /** The user's named Dim of each source, for range_constraints. */
  private readonly userDims = new Map<string, NamedDim>();
  /** The Dim.AUTO / Dim.DYNAMIC dims, by source. */
  private readonly hinted = new Map<string, HintedDim>();

  /** The SymInt of each int input marked Dim.AUTO / Dim.DYNAMIC, by keystr of its path. */
  readonly symInts = new Map<string, SymInt>();

  constructor(
    readonly env: ShapeEnv,
    specs: readonly TensorSpec[],
    ints: readonly IntSpec[] = [],
  ) {
    const firstSource = new Map<string, string>();
    const pending: Array<{ source: string; dim: DerivedDim; hint: number }> = [];
    for (const spec of specs) {
      const base = `L${keystr(spec.path)}`;
      const shape: Size[] = spec.tensor.shape.map((d, i) => {
        const hint = d as number;
        const source = `${base}.size()[${i}]`;
        const dimSpec = spec.dims[i] ?? null;
        let constraint: DimConstraint = null;
        let dynamic: DimDynamic = DimDynamic.STATIC;
        if (typeof dimSpec === "number") {
          if (dimSpec !== hint) {
            // create_symbol: an int in the spec is a StrictMinMaxConstraint [v, v] on a static dim.
            throw new ConstraintViolationError(
              `Static shape constraint of ${dimSpec} does not match input size of ${hint}, for ${source}`,
            );
          }
        } else if (dimSpec instanceof DimHint) {
          if (dimSpec.type !== "STATIC") {
            dynamic = DimDynamic.DYNAMIC;
            // fakify: Dim.DYNAMIC (mark_dynamic) gets RelaxedUnspecConstraint, so specializing it is an
            // error; Dim.AUTO (maybe_mark_dynamic) gets none: tracing may make it static silently.
            if (dimSpec.type === "DYNAMIC") constraint = { kind: "relaxed" };
            this.relaxed.push(source);
            this.hinted.set(source, { hint: dimSpec, example: hint, path: `inputs${keystr(spec.path)}.shape[${i}]` });
          } else if (dimSpec.min !== undefined || dimSpec.max !== undefined) {
            // Dim.STATIC({ min, max }): the static size is checked against the range after tracing.
            this.hinted.set(source, { hint: dimSpec, example: hint, path: `inputs${keystr(spec.path)}.shape[${i}]` });
          }
        } else if (dimSpec instanceof NamedDim) {
          dynamic = DimDynamic.DYNAMIC;
          constraint = { kind: "strict", min: dimSpec.min, max: dimSpec.max };
          env.setDebugName(source, dimSpec.__name__);
          this.userDims.set(source, dimSpec);
          this.solverDim(dimSpec);
          if (dimSpec instanceof DerivedDim) pending.push({ source, dim: dimSpec, hint });
          else if (firstSource.has(dimSpec.__name__)) this.pairs.push([firstSource.get(dimSpec.__name__)!, source]);
          else firstSource.set(dimSpec.__name__, source);
        }
        const expr = env.createSymbol(source, hint, constraint, dynamic);
        this.tracked.push({ source, expr, constraint });
        return SymInt.of(env, expr);
      });
      const t = spec.tensor;
      this.fakes.set(t, Tensor.fake(shape, t.dtype));
    }
    // fakify of an _IntWrapper: create_unspecified_symint_and_symbol, tracked with a
    // RelaxedUnspecConstraint for Dim.DYNAMIC (specializing it is an error), none for Dim.AUTO.
    for (const { path, value, hint } of ints) {
      const source = `L${keystr(path)}`;
      const expr = env.createIntSymbol(source, value);
      const constraint: DimConstraint = hint.type === "DYNAMIC" ? { kind: "relaxed" } : null;
      this.tracked.push({ source, expr, constraint, isSize: false });
      this.relaxed.push(source);
      this.hinted.set(source, { hint, example: value, path: `inputs${keystr(path)}` });
      this.symInts.set(keystr(path), new SymInt(env, expr));
    }
    const phantoms = new Map<string, Expr>();
    for (const { source, dim, hint } of pending) {
      const rootSource = firstSource.get(dim.root.__name__);
      if (rootSource !== undefined) {
        this.derived.push({ source, root: rootSource, a: dim.coefficient, b: dim.offset });
        continue;
      }
      // A root no input uses directly (_PhantomRoot): one symbol per root name, valued by the
      // first derived dim that names it (_process_dynamic_shapes' phantom_roots); the others are
      // derived equalities checked against it.
      let phantom = phantoms.get(dim.root.__name__);
      if (phantom === undefined) {
        const rootHint = (hint - dim.offset) / dim.coefficient;
        if (!Number.isInteger(rootHint)) {
          throw new UserError(
            `Expected shape[${source.slice(source.lastIndexOf("[") + 1, -1)}] = ${hint} of input Tensor to be of the form ${dim.__name__}, where ${dim.root.__name__} is an integer`,
          );
        }
        phantom = env.createSymbol(dim.root.__name__, rootHint, { kind: "strict", min: dim.root.min, max: dim.root.max });
        phantoms.set(dim.root.__name__, phantom);
        this.phantoms.push(phantom);
      }
      this.derived.push({ source, root: phantom, a: dim.coefficient, b: dim.offset });
    }
  }

  private solverDim(d: NamedDim): SolverDim {
    let s = this.solverDims.get(d);
    if (s === undefined) {
      s = { name: d.__name__, min: d.min, max: d.max };
      if (d instanceof DerivedDim) s.derived = { root: this.solverDim(d.root), a: d.coefficient, b: d.offset };
      this.solverDims.set(d, s);
      this.dims.push(s);
    }
    return s;
  }

  /** produce_guards + DimConstraints over the traced guards (never throws for violations). */
  solve(): SolveOutcome {
    return this.env.solveConstraints({
      inputs: this.tracked,
      sourcePairs: this.pairs,
      derivedEqualities: this.derived,
      phantomSymbols: this.phantoms,
      relaxedSources: this.relaxed,
      dims: this.dims,
    });
  }

  /**
   * make_constraints: the user's bounds for named Dims, inferred bounds otherwise (intersected with
   * a Dim.AUTO / Dim.DYNAMIC range), then the roots. A hinted range that contradicts tracing, or a
   * Dim.DYNAMIC that tracing made static, is a ValueError listing every conflict.
   */
  rangeConstraints(): RangeConstraint[] {
    const out = new Map<string, RangeConstraint>();
    const roots: Expr[] = [];
    const conflicts: string[] = [];
    for (const d of this.tracked) {
      const e = this.env.simplify(d.expr);
      const hinted = this.hinted.get(d.source);
      if (e.isInteger()) {
        const v = e.intValue();
        const conflict = hinted ? constrainHinted(hinted, { lower: v, upper: v }) : null;
        if (typeof conflict === "string") conflicts.push(conflict);
        continue;
      }
      const user = this.userDims.get(d.source);
      // A hint's range narrows the entry of its expression cumulatively (`range_constraints[expr] &=
      // user_vr`): x's Dim.AUTO({ min: 4 }) and y's Dim.DYNAMIC({ max: 16 }) on one size give [4, 16].
      const prior = hinted ? out.get(e.toString()) : undefined;
      let r = prior ? { lower: prior.lower, upper: prior.upper } : user ? { lower: user.min, upper: user.max } : this.env.bound(e);
      if (hinted) {
        const c = constrainHinted(hinted, r);
        if (typeof c === "string") conflicts.push(c);
        else r = c;
      }
      out.set(e.toString(), { key: e.toString(), lower: r.lower, upper: r.upper });
      for (const s of e.freeSymbols()) if (!roots.includes(s)) roots.push(s);
    }
    if (conflicts.length > 0) {
      throw new ValueError(`Found the following conflicts between user-specified ranges and inferred ranges from model tracing:\n${conflicts.join("\n")}`);
    }
    for (const s of roots) {
      const key = s.toString();
      if (!out.has(key)) out.set(key, { key, ...this.env.varRange(s) });
    }
    return [...out.values()];
  }
}

/**
 * _constrain_user_specified_dimhint_range: the traced range intersected with the hint's
 * [min or 0, max or int_oo], or the conflict message.
 */
function constrainHinted(h: HintedDim, traced: { lower: number; upper: number }): { lower: number; upper: number } | string {
  const { hint, example, path } = h;
  const lower = Math.max(traced.lower, hint.min ?? 0);
  const upper = Math.min(traced.upper, hint.max ?? Infinity);
  if (lower > upper) {
    return `- Received user-specified min/max range of [${pyNum(hint.min)}, ${pyNum(hint.max)}], conflicting with the inferred min/max range of [${endStr(traced.lower)}, ${endStr(traced.upper)}], for ${path}.`;
  }
  if (hint.type === "DYNAMIC" && lower === upper) {
    const head = `- Received user-specified dim hint Dim.DYNAMIC(min=${pyNum(hint.min)}, max=${pyNum(hint.max)}), `;
    return traced.lower === traced.upper && (example === 0 || example === 1)
      ? `${head}but export 0/1 specialized due to hint of ${example} for dimension ${path}.`
      : `${head}but tracing inferred a static shape of ${lower} for dimension ${path}.`;
  }
  return { lower, upper };
}

const pyNum = (v: number | undefined): string => (v === undefined ? "None" : String(v));
