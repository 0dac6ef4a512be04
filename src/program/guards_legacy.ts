// The input checks `ep.module(check_guards=false)` runs instead of the guard function
// (torch/_export/utils.py `_check_input_constraints_for_graph` / `_check_symint`): each input
// against its placeholder's value — tensor-ness, rank, static sizes, the range of dynamic sizes,
// and sizes of one symbol unified across inputs — with PyTorch's RuntimeError messages, which
// name inputs by their place in the call (`*args[0].shape[0]`, `cfg['alpha']`).
import type { Expr } from "../core/expr.js";
import { isTensorMeta, type MetaValue } from "../fx/index.js";
import { keystr, type KeyPath } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { RangeConstraint } from "./range_constraints.js";
import { InputConstraintError } from "./guards_errors.js";
import { pyTypeName } from "./guards_python.js";

/** `get_keystr`: `*args[0]` for positional inputs, the keyword's name for keyword inputs. */
export function argsKeystr(path: KeyPath): string {
  const head = path[0];
  if (head?.kind === "sequence" && head.idx === 0) return `*args${keystr(path.slice(1))}`;
  const kw = path[1];
  const name = kw === undefined ? "" : keystr([kw]).slice(1, -1);
  return `${name}${keystr(path.slice(2))}`;
}

/**
 * Checks the flattened inputs (with their paths in `(args, kwargs)`) against the user-input
 * placeholders' values. Throws InputConstraintError with PyTorch's text.
 */
export function checkInputConstraintsForGraph(
  metas: readonly MetaValue[],
  flatWithPath: ReadonlyArray<readonly [KeyPath, unknown]>,
  rangeConstraints: readonly RangeConstraint[],
): void {
  if (flatWithPath.length !== metas.length) {
    throw new InputConstraintError(`Unexpected number of inputs (expected ${metas.length}, got ${flatWithPath.length})`);
  }
  const ranges = new Map(rangeConstraints.map((r) => [r.key, r]));
  const unification = new Map<number, number>();
  flatWithPath.forEach(([path, arg], k) => {
    const meta = metas[k];
    const where = argsKeystr(path);
    if (isTensorMeta(meta)) {
      if (!(arg instanceof Tensor)) throw new InputConstraintError(`Expected input at ${where} to be a tensor, but got <class '${pyTypeName(arg)}'>`);
      if (arg.ndim !== meta.shape.length) {
        throw new InputConstraintError(
          `Unexpected number of dimensions in input at ${where}.shape (expected ${torchSize(meta.shape)}, got ${torchSize(arg.shape)})`,
        );
      }
      meta.shape.forEach((dim, i) => checkSymInt(dim, arg.shape[i] as number, ranges, unification, `${where}.shape[${i}]`));
    } else if (typeof meta === "number" || typeof meta === "string" || typeof meta === "boolean") {
      if (typeof arg !== typeof meta || arg !== meta) {
        throw new InputConstraintError(`Expected input at ${where} to be equal to ${pyValue(meta)}, but got ${pyValue(arg)}`);
      }
    } else if (isSymbolic(meta)) {
      checkSymInt(meta, arg as number, ranges, unification, where);
    }
  });
}

function isSymbolic(v: unknown): v is { expr: Expr } {
  return typeof v === "object" && v !== null && "expr" in v;
}

// `_check_symint` for one size (or SymInt input).
function checkSymInt(
  symint: unknown,
  arg: number,
  ranges: Map<string, RangeConstraint>,
  unification: Map<number, number>,
  where: string,
): void {
  if (!isSymbolic(symint)) {
    if (arg !== symint) {
      throw new InputConstraintError(
        `Expected input at ${where} to be equal to ${String(symint)}, but got ${arg}. ` +
          "If you meant for this dimension to be dynamic, please re-export and specify dynamic_shapes (e.g. with Dim.DYNAMIC)",
      );
    }
    return;
  }
  const expr = symint.expr;
  const symbols = expr.freeSymbols();
  // Sizes of several symbols were deferred to runtime asserts: nothing to check here.
  if (symbols.length !== 1) return;
  const symbol = symbols[0]!;
  const known = unification.get(symbol.id);
  if (known !== undefined) {
    const existing = expr.evaluate([[symbol, known]]);
    if (arg !== existing) throw new InputConstraintError(`Expected input at ${where} to be equal to ${existing}, but got ${arg}`);
  } else {
    // Solve `a*s + b == arg` for s (try_solve); PyTorch keeps int(solution), truncating.
    const b = expr.evaluate([[symbol, 0]]);
    const a = expr.evaluate([[symbol, 1]]) - b;
    if (a === 0 || expr.evaluate([[symbol, 2]]) !== 2 * a + b) {
      throw new InputConstraintError(`Expected input ${where} = ${arg} to be of the form ${expr}, where ${symbol} is an integer`);
    }
    unification.set(symbol.id, Math.trunc((arg - b) / a));
  }
  const r = ranges.get(expr.toString());
  if (r === undefined) return;
  const lower = Math.ceil(r.lower);
  const upper = Math.floor(r.upper);
  // Sizes 0 and 1 are allowed at runtime whatever the lower bound (no 0/1 specialization).
  if (lower > 2 && arg < lower) throw new InputConstraintError(`Expected input at ${where} to be >= ${lower}, but got ${arg}`);
  if (upper < Infinity && arg > upper) throw new InputConstraintError(`Expected input at ${where} to be <= ${upper}, but got ${arg}`);
}

function torchSize(shape: ReadonlyArray<unknown>): string {
  return `torch.Size([${shape.map(String).join(", ")}])`;
}

function pyValue(v: unknown): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v === null || v === undefined) return "None";
  return String(v);
}
