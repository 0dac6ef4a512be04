// torch.export.draft_export (torch/export/_draft_export.py): export that does not stop at guards
// on data. The model first runs on real copies of its inputs and state, recording the values of
// item() and the counts of nonzero in call order; the trace then gives its unbacked symbols those
// values, decides each data-dependent guard with them (specializing, as PyTorch does) and lists
// every such problem in a report instead of raising.
import type { Expr } from "../core/expr.js";
import type { ShapeEnv } from "../core/shape_env.js";
import { Module, _withRawAssignment } from "../nn/module.js";
import { normalizeArgs, runEager, withDispatchMode, type DispatchMode, type Kwargs } from "../ops/dispatch.js";
import type { OpOverload } from "../ops/registry.js";
import type { ExportedProgram } from "../program/exported_program.js";
import { tree_flatten } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import { callArguments, callPlain, exportModule, replaceTensors, setAttr, type ExportOptions, type ExportableModule } from "./export.js";
import { userFrameOf } from "./stack_trace.js";
import { DATA_DEPENDENT_OPS } from "./trace_mode.js";
import { DimHint, NamedDim } from "./dim.js";
import { ConstraintViolationError } from "../core/errors.js";
import { UserError } from "./errors.js";

/** torch.export._draft_export.FailureType (GUARD_ADDED is 2.11's name of CONSTRAINT_VIOLATION_ERROR's code). */
export const FailureType = {
  MISSING_FAKE_KERNEL: 1,
  DATA_DEPENDENT_ERROR: 2,
  CONSTRAINT_VIOLATION_ERROR: 3,
  GUARD_ADDED: 3,
  MISMATCHED_FAKE_KERNEL: 4,
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** One problem draft_export worked around (FailureReport: failure_type and data, plus flat fields). */
export interface DraftExportFailure {
  kind: "DATA_DEPENDENT_ERROR" | "CONSTRAINT_VIOLATION_ERROR";
  failure_type: FailureType;
  /** FailureReport.data: `expr`, `result`, `occurrences`, `user_stack` (data-dependent errors), `reason` (constraint violations). */
  data: Record<string, unknown>;
  /** The expression that could not be decided (`Eq(u0, 1)`). */
  expr: string;
  /** The value it was specialized to (the first time). */
  value: number;
  /** How many times it was met. */
  count: number;
  /** The model's line, as a traceback entry (`File "model.ts", line 9, in forward`), or null. */
  userStack: string | null;
}

const RULE = "#".repeat(94);
const WIDE_RULE = "#".repeat(99);
const ORDINAL = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;

/** ep._report: the problems found, printed as PyTorch prints its DraftExportReport. */
export class DraftExportReport {
  constructor(
    readonly failures: readonly DraftExportFailure[],
    /** The symbolic expressions logged on the way to the failures (PyTorch: expression_created logs), by id. */
    readonly expressions_created: Readonly<Record<number, Record<string, unknown>>> = {},
  ) {}

  successful(): boolean {
    return this.failures.length === 0;
  }

  toString(): string {
    if (this.failures.length === 0) {
      return (
        `\x1b[92m\n${RULE}\nCongratuations: No issues are found during export, and it was able to soundly produce a graph.\n` +
        `You can now change back to torch.export.export()\n${RULE}\n\x1b[0m`
      );
    }
    let s =
      `\x1b[93m\n${WIDE_RULE}\nWARNING: ${this.failures.length} issue(s) found during export, and it was not able to soundly produce a graph.\n` +
      `Please follow the instructions to fix the errors.\n${WIDE_RULE}\n\n`;
    this.failures.forEach((f, i) => {
      if (f.kind === "CONSTRAINT_VIOLATION_ERROR") {
        s +=
          `${i + 1}. Constraint violation error.\n` +
          `    The specified input dynamic_shapes spec was found to be incorrect during tracing.\n` +
          `    ${String(f.data.reason).split("\n").join("\n    ")}\n\n` +
          `    Because of this, the dims were exported again as Dim.AUTO (keeping their ranges).\n\n`;
        return;
      }
      const where = f.userStack === null ? "            <unknown>\n" : `${f.userStack.split("\n").map((l) => `        ${l}`).join("\n")}\n`;
      s +=
        `${i + 1}. Data dependent error.\n` +
        `    When exporting, we were unable to evaluate the value of \`${f.expr}\`.\n` +
        `    This was encountered ${f.count} times.\n` +
        `    This occurred at the following user stacktrace: \n${where}\n` +
        `    As a result, it was specialized to a constant (e.g. \`${f.value}\` in the ${ORDINAL(1)} occurrence), and asserts were inserted into the graph.\n\n` +
        `    Please add \`torch._check(...)\` to the original code to assert this data-dependent assumption.\n` +
        `    Please refer to https://docs.google.com/document/d/1kZ_BbB3JnoLbUZleDT6635dHs88ZVYId8jT-yTFgf3A/edit#heading=h.boi2xurpqa0o for more details.\n\n`;
    });
    return `${s}\x1b[0m`;
  }
}

export type DraftExportedProgram = ExportedProgram & { _report: DraftExportReport };

function deepStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  return stack;
}

/** torch.export.draft_export(mod, args, { kwargs, dynamic_shapes, ... }). */
export function draftExport(mod: ExportableModule, args: readonly unknown[], options: ExportOptions = {}): DraftExportedProgram {
  const values = realValues(mod, args, options.kwargs ?? {});
  // PyTorch's LogRecord: a data-dependent error is one failure per user stack (the same line met
  // again, in a loop, only counts an occurrence), or per expression where there is no user frame.
  const failures = new Map<string, DraftExportFailure>();
  const decide = (expr: Expr, hints: ReadonlyMap<number, number>, env: ShapeEnv): number | null => {
    const assignment: Array<[Expr, number]> = [];
    for (const s of expr.freeSymbols()) {
      const v = env.hint(s) ?? hints.get(s.id);
      if (v === undefined) return null;
      assignment.push([s, v]);
    }
    const value = expr.evaluate(assignment);
    const text = expr.toString();
    const userStack = userFrameOf(deepStack());
    const key = userStack === null ? `expr:${text}` : `stack:${userStack}`;
    const known = failures.get(key);
    if (known !== undefined) {
      known.count++;
      known.data.occurrences = known.count;
    } else {
      failures.set(key, {
        kind: "DATA_DEPENDENT_ERROR",
        failure_type: FailureType.DATA_DEPENDENT_ERROR,
        data: { expr: text, result: value, occurrences: 1, user_stack: userStack },
        expr: text,
        value,
        count: 1,
        userStack,
      });
    }
    return value;
  };
  let ep: ExportedProgram;
  const constraintFailures: DraftExportFailure[] = [];
  try {
    ep = exportModule(mod, args, options, { values, decide });
  } catch (e) {
    // A constraint violation: export again with every Dim and Dim.DYNAMIC turned into Dim.AUTO
    // (keeping their ranges), and report the violation, as PyTorch's draft_export does.
    // (_trace.py raises UserError(CONSTRAINT_VIOLATION) for these: pt2js's UserError of the solver.)
    const violation = e instanceof ConstraintViolationError || (e instanceof UserError && e.message.startsWith("Constraints violated"));
    if (!violation || options.dynamic_shapes === undefined || options.dynamic_shapes === null) throw e;
    failures.clear();
    const reason = e.message;
    constraintFailures.push({
      kind: "CONSTRAINT_VIOLATION_ERROR",
      failure_type: FailureType.CONSTRAINT_VIOLATION_ERROR,
      data: { reason },
      expr: reason,
      value: 0,
      count: 1,
      userStack: null,
    });
    ep = exportModule(mod, args, { ...options, dynamic_shapes: toAuto(options.dynamic_shapes) as ExportOptions["dynamic_shapes"] }, { values, decide });
  }
  return Object.assign(ep, { _report: new DraftExportReport([...constraintFailures, ...failures.values()]) });
}

/** convert_dim_to_auto over a dynamic_shapes tree. */
function toAuto(spec: unknown): unknown {
  const auto = (min: number | undefined, max: number | undefined) =>
    new DimHint("AUTO", min, max !== undefined && Number.isFinite(max) ? max : undefined);
  if (spec instanceof NamedDim) return auto(spec.min, spec.max);
  if (spec instanceof DimHint) return spec.type === "DYNAMIC" ? auto(spec.min, spec.max) : spec;
  if (Array.isArray(spec)) return spec.map(toAuto);
  if (spec instanceof Map) return new Map([...spec].map(([k, v]) => [k, toAuto(v)]));
  if (spec !== null && typeof spec === "object" && Object.getPrototypeOf(spec) === Object.prototype) {
    return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, toAuto(v)]));
  }
  return spec;
}

// Runs forward on copies of the inputs and state, recording the data-dependent values in order.
// A failure of the real run only shortens the list (the trace then reports what it cannot decide).
function realValues(mod: ExportableModule, args: readonly unknown[], kwargs: Record<string, unknown>): number[] {
  const values: number[] = [];
  const recorder: DispatchMode = {
    dispatch(op: OpOverload, a: readonly unknown[], kw: Kwargs): unknown {
      const out = runEager(op, normalizeArgs(op.schema, a, kw));
      if (DATA_DEPENDENT_OPS.has(op.qualifiedName)) {
        values.push(out instanceof Tensor ? (out.shape[0] as number) : Number(out));
      }
      return out;
    },
  };
  const copies = new Map<Tensor, Tensor>();
  for (const leaf of tree_flatten([args, kwargs])[0]) if (leaf instanceof Tensor) copies.set(leaf, leaf.clone());
  const state: Array<[string, Tensor, Tensor]> = [];
  for (const [fqn, t] of [...mod.named_parameters(), ...mod.named_buffers(), ...(mod.named_tensor_constants?.() ?? [])]) {
    state.push([fqn, t, t.clone()]);
  }
  _withRawAssignment(() => state.forEach(([fqn, , copy]) => setAttr(mod, fqn, copy)));
  try {
    const callArgs = callArguments(
      mod,
      args.map((a) => replaceTensors(a, copies)),
      Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, replaceTensors(v, copies)])),
    );
    withDispatchMode(recorder, () =>
      mod instanceof Module ? (mod as unknown as (...a: unknown[]) => unknown)(...callArgs) : callPlain(mod, callArgs),
    );
  } catch {
    // The trace reports what it cannot decide without these values.
  } finally {
    _withRawAssignment(() => state.forEach(([fqn, real]) => setAttr(mod, fqn, real)));
  }
  return values;
}
