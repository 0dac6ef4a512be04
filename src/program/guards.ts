// The guard function of `ep.module()` (torch/export/_unlift.py, PyTorch 2.9+): the checks export
// implies for the inputs — static sizes, the range of each dynamic size, sizes that must be equal
// or derived from one another — followed by the tracer's own guards (ep._guards_code), each run
// as `torch._assert(code, "Guard failed: <code over user names>")` on the flattened user inputs.
import { keystr, type KeyPath } from "../pytree/index.js";
import { isTensorMeta, type MetaValue } from "../fx/index.js";
import { PyFloat } from "../fx/values.js";
import { Expr } from "../core/expr.js";
import type { RangeConstraint } from "./range_constraints.js";
import { GuardFailedError } from "./guards_errors.js";
import { evaluatePython, parsePython, unparsePython, type PyNode } from "./guards_python.js";

/**
 * `_get_input_guards_for_graph`: guard code for the user-input placeholders' values (`metas`, in
 * placeholder order, with their input paths).
 */
export function inputGuardsForGraph(
  metas: readonly MetaValue[],
  rangeConstraints: readonly RangeConstraint[],
  paths: readonly KeyPath[],
): string[] {
  const ranges = new Map(rangeConstraints.map((r) => [r.key, r]));
  const code: string[] = [];
  const sources = new Map<string, string>();
  const deferred: Array<{ src: string; expr: Expr }> = [];

  const handleSymInt = (sym: { toString(): string; expr?: Expr }, src: string) => {
    const key = sym.toString();
    // Derived sizes (one symbol, e.g. `2*s16`) are related to each other once all sources are known.
    if (sym.expr !== undefined && sym.expr.freeSymbols().length === 1) deferred.push({ src, expr: sym.expr });
    const first = sources.get(key);
    if (first !== undefined) {
      // The same expression at two inputs: those sizes must be equal.
      code.push(`${src} == ${first}`);
      return;
    }
    sources.set(key, src);
    const r = ranges.get(key)!;
    const lower = Math.ceil(r.lower);
    const upper = Math.floor(r.upper);
    // Sizes 0 and 1 are not distinguished from 2 by export (no 0/1 specialization check).
    if (lower > 2) code.push(`${src} >= ${lower}`);
    if (upper < Infinity) code.push(`${src} <= ${upper}`);
  };

  metas.forEach((meta, k) => {
    const base = `L${keystr(paths[k]!)}`;
    if (typeof meta === "boolean") code.push(`${base} == ${meta ? "True" : "False"}`);
    else if (typeof meta === "number") code.push(`${base} == ${pyNumber(meta)}`);
    else if (meta instanceof PyFloat) code.push(`${base} == ${pyNumber(meta.value, true)}`);
    else if (typeof meta === "string") code.push(`${base} == '${meta}'`);
    else if (isTensorMeta(meta)) {
      meta.shape.forEach((dim, i) => {
        const src = `${base}.size()[${i}]`;
        if (typeof dim === "number") code.push(`${src} == ${dim}`);
        else if (ranges.has(dim.toString())) handleSymInt(dim as { expr?: Expr }, src);
      });
    } else if (isSymbolicScalar(meta) && ranges.has(meta.toString())) handleSymInt(meta, base);
    // A loaded program's SymInt input holds its expression itself.
    else if (meta instanceof Expr && ranges.has(meta.toString())) handleSymInt({ toString: () => meta.toString(), expr: meta }, base);
  });

  // A derived size whose root symbol no input has directly (a Dim root like `_h`): solve the
  // first occurrence for the root (`s = (src - b) / a`), and relate later occurrences to it.
  const unification = new Map<number, { src: string; a: number; b: number }>();
  for (const { src, expr } of deferred) {
    const symbol = expr.freeSymbols()[0]!;
    if (sources.has(symbol.toString())) continue;
    const linear = linearCoefficients(expr, symbol);
    if (linear === null) continue;
    const known = unification.get(symbol.id);
    if (known === undefined) unification.set(symbol.id, { src: src, ...linear });
    else code.push(`${derivedFrom(known, linear)} == ${src}`);
  }
  return code;
}

function isSymbolicScalar(v: MetaValue): v is { toString(): string; expr?: Expr } & object {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "expr" in v;
}

// Python's repr of an int or float guard constant (`math.inf` for infinities, `math.nan` for NaN,
// which equals nothing: the guard fails for every input, as PyTorch's `arg != node_val` check does).
function pyNumber(x: number, isFloat = false): string {
  if (Number.isNaN(x)) return "math.nan";
  if (x === Infinity) return "math.inf";
  if (x === -Infinity) return "-math.inf";
  if (isFloat && Number.isInteger(x)) return `${x}.0`;
  return String(x);
}

// `a*s + b` for an expression linear in `s`, else null (try_solve finds no solution).
function linearCoefficients(expr: Expr, s: Expr): { a: number; b: number } | null {
  const at = (v: number) => {
    const e = expr.subs([[s, v]]);
    return e.isInteger() ? e.intValue() : null;
  };
  const [v0, v1, v2] = [at(0), at(1), at(2)];
  if (v0 === null || v1 === null || v2 === null) return null;
  const a = v1 - v0;
  if (a === 0 || v2 - v0 !== 2 * a) return null;
  return { a, b: v0 };
}

// `c*s + d` with `s = (src - b) / a` substituted, printed as PyTorch's PythonPrinter prints the
// sum (constant first): `-1 + 2*L['z'].size()[0]`. A fractional coefficient or constant is written
// as a Python division (same value; sympy's Rational text may differ).
function derivedFrom(root: { src: string; a: number; b: number }, e: { a: number; b: number }): string {
  const k = e.a / root.a;
  const m = e.b - k * root.b;
  const coeff = Number.isInteger(k) ? (k === 1 ? "" : k === -1 ? "-" : `${k}*`) : `(${e.a}/${root.a})*`;
  const term = `${coeff}${root.src}`;
  if (m === 0) return term;
  return `${Number.isInteger(m) ? m : `${e.b * root.a - e.a * root.b}/${root.a}`} + ${term}`;
}

/** One compiled guard: the code run on `args` and the message it fails with. */
export interface CompiledGuard {
  /** The guard over the flattened inputs (`args[0].size()[0] <= 1024`). */
  readonly code: string;
  /** `Guard failed: x.size()[0] <= 1024`. */
  readonly message: string;
  readonly tree: PyNode;
}

/** The `_guards_fn` submodule: checks the flattened user inputs, throwing GuardFailedError. */
export class GuardsFn {
  constructor(readonly guards: readonly CompiledGuard[]) {}

  call(flatArgs: readonly unknown[]): void {
    for (const g of this.guards) {
      if (evaluatePython(g.tree, { args: flatArgs }) !== true) throw new GuardFailedError(g.message);
    }
  }

  /** The generated Python function, as PyTorch writes it. */
  get code(): string {
    const body = this.guards.map((g) => `  torch._assert(${g.code}, "${g.message}")\n`).join("");
    return `\ndef _(*args):\n${body}  return\n`;
  }
}

/**
 * `_convert_guards_code_to_fn`: guard code over `L[...]` sources becomes code over the flattened
 * inputs (`args[i]`), and its message names the inputs as the user does (`x.size()[0]`),
 * normalized as `ast.unparse(ast.parse(...))` prints it.
 */
export function convertGuardsCodeToFn(guardsCode: readonly string[], paths: readonly KeyPath[]): GuardsFn {
  const guards = guardsCode.map((c) => {
    let actual = c;
    let shadow = c;
    paths.forEach((path, idx) => {
      const source = `L${keystr(path)}`;
      actual = actual.split(source).join(`args[${idx}]`);
      shadow = shadow.split(source).join(userName(path));
    });
    const message = `Guard failed: ${unparsePython(parsePython(shadow.replace(/\n/g, "")))}`;
    return { code: actual, message, tree: parsePython(actual) };
  });
  return new GuardsFn(guards);
}

// `path[0].key + keystr(path[1:])`: `x`, `pair[0]`, `cfg['alpha']`.
function userName(path: KeyPath): string {
  const head = path[0]!;
  const name = head.kind === "mapping" ? String(head.key) : keystr([head]);
  return name + keystr(path.slice(1));
}

/** `_replace_sources` / `_force_ep_signature_match`: tracer sources `L['flat_args'][i]` become user paths. */
export function replaceFlatArgSources(guard: string, paths: readonly KeyPath[]): string {
  let out = guard;
  paths.forEach((path, idx) => {
    out = out.split(`L['flat_args'][${idx}]`).join(`L${keystr(path)}`);
    // A *args input is `args_0` in forward_arg_names but `L['args'][0]` in the tracer's sources.
    const head = path[0];
    const m = path.length === 1 && head?.kind === "mapping" && typeof head.key === "string" ? /^(.+)_(\d+)$/.exec(head.key) : null;
    if (m !== null) out = out.split(`L['${m[1]}'][${m[2]}]`).join(`L${keystr(path)}`);
  });
  return out;
}
