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

/** One problem draft_export worked around. */
export interface DraftExportFailure {
  kind: "DATA_DEPENDENT_ERROR";
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
  constructor(readonly failures: readonly DraftExportFailure[]) {}

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
  const failures = new Map<string, DraftExportFailure>();
  const decide = (expr: Expr, hints: ReadonlyMap<number, number>, env: ShapeEnv): number | null => {
    const assignment: Array<[Expr, number]> = [];
    for (const s of expr.freeSymbols()) {
      const v = env.hint(s) ?? hints.get(s.id);
      if (v === undefined) return null;
      assignment.push([s, v]);
    }
    const value = expr.evaluate(assignment);
    const key = expr.toString();
    const known = failures.get(key);
    if (known !== undefined) known.count++;
    else failures.set(key, { kind: "DATA_DEPENDENT_ERROR", expr: key, value, count: 1, userStack: userFrameOf(deepStack()) });
    return value;
  };
  const ep = exportModule(mod, args, options, { values, decide });
  return Object.assign(ep, { _report: new DraftExportReport([...failures.values()]) });
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
