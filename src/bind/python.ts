// CPython's argument binding for Python-level callables (torch.nn.functional's Python functions,
// nn module constructors, torch.export.*, torch.cond, ...): positional-or-keyword parameters by
// position or by name, keyword-only ones by name, defaults, *args / **kwargs, with CPython's
// TypeError texts. Signatures are data: src/bind/signatures.generated.ts (inspect.signature of
// PyTorch's own functions).
import { TorchTypeError } from "../ops/errors.js";
import { splitOptions, type Kwargs } from "./options.js";

export type ParamKind = "POSITIONAL_ONLY" | "POSITIONAL_OR_KEYWORD" | "VAR_POSITIONAL" | "KEYWORD_ONLY" | "VAR_KEYWORD";

/** One parameter as inspect.signature reports it; `default` absent = required. */
export interface PyParam {
  readonly name: string;
  readonly kind: ParamKind;
  readonly default?: unknown;
}

/** A positional-or-keyword parameter (required when no default is given). */
export const param = (name: string, d?: unknown): PyParam =>
  d === undefined ? { name, kind: "POSITIONAL_OR_KEYWORD" } : { name, kind: "POSITIONAL_OR_KEYWORD", default: d };
/** A keyword-only parameter with its default. */
export const kwOnly = (name: string, d: unknown): PyParam => ({ name, kind: "KEYWORD_ONLY", default: d });

/** A parameter's default in JavaScript form: PyTorch's "()" (an empty tuple) is []. */
function jsDefault(p: PyParam): unknown {
  const d = p.default;
  if (d === "()") return [];
  return d;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "'a'", "'a' and 'b'", "'a', 'b', and 'c'" as CPython lists missing arguments. */
function nameList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0]!;
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
}

/** A compiled signature: binds (positional, kwargs) to one value per parameter, in order. */
export class PySignature {
  private readonly positional: PyParam[];
  private readonly varArgs: number;
  private readonly varKw: number;
  private readonly index = new Map<string, number>();

  constructor(
    /** The name CPython's messages use (`conv2d`, `__init__`, `Linear.__init__`). */
    readonly name: string,
    readonly params: readonly PyParam[],
  ) {
    this.positional = params.filter((p) => p.kind === "POSITIONAL_ONLY" || p.kind === "POSITIONAL_OR_KEYWORD");
    this.varArgs = params.findIndex((p) => p.kind === "VAR_POSITIONAL");
    this.varKw = params.findIndex((p) => p.kind === "VAR_KEYWORD");
    params.forEach((p, i) => {
      if (p.kind !== "VAR_POSITIONAL" && p.kind !== "VAR_KEYWORD" && p.kind !== "POSITIONAL_ONLY") this.index.set(p.name, i);
    });
  }

  /** Whether `name` can be passed by keyword. */
  accepts(name: string): boolean {
    return this.index.has(name) || this.varKw >= 0;
  }

  /** Binds `(...positional, kwargs?)` as one JavaScript argument list (trailing options object). */
  bindCall(args: readonly unknown[]): unknown[] {
    const [pos, kw] = splitOptions(args);
    // A trailing plain object that names no parameter, where a required positional parameter is
    // still unfilled, is that parameter's value (`export(m, { x })`: args given as a dict), not
    // keyword arguments; the callee's own checks then report it as Python would.
    if (pos.length < args.length && this.varKw < 0) {
      const required = this.positional.filter((p) => !("default" in p)).length;
      if (pos.length < required && pos.length < this.positional.length && !Object.keys(kw).some((k) => this.index.has(k))) return this.bind(args, {});
    }
    return this.bind(pos, kw);
  }

  /**
   * One value per parameter: defaults filled, `*args` as an array, `**kwargs` as an object.
   * `undefined` passed positionally means "not given" (JavaScript's convention for defaults).
   */
  bind(args: readonly unknown[], kwargs: Kwargs): unknown[] {
    const params = this.params;
    const out = new Array<unknown>(params.length);
    const given = new Array<boolean>(params.length).fill(false);
    const npos = this.positional.length;
    let nargs = args.length;
    while (nargs > 0 && args[nargs - 1] === undefined) nargs--;
    if (nargs > npos && this.varArgs < 0) this.tooMany(nargs, kwargs);
    for (let i = 0; i < Math.min(nargs, npos); i++) {
      if (args[i] === undefined) continue;
      const at = params.indexOf(this.positional[i]!);
      out[at] = args[i];
      given[at] = true;
    }
    if (this.varArgs >= 0) out[this.varArgs] = args.slice(npos, Math.max(npos, nargs));
    let extra: Kwargs | undefined;
    for (const key of Object.keys(kwargs)) {
      const v = kwargs[key];
      const at = this.index.get(key);
      if (at === undefined) {
        if (this.varKw < 0) throw new TorchTypeError(`${this.name}() got an unexpected keyword argument '${key}'`);
        (extra ??= {})[key] = v;
        continue;
      }
      if (given[at]) throw new TorchTypeError(`${this.name}() got multiple values for argument '${key}'`);
      if (v === undefined) continue;
      out[at] = v;
      given[at] = true;
    }
    if (this.varKw >= 0) out[this.varKw] = extra ?? {};
    const missingPos: string[] = [];
    const missingKw: string[] = [];
    params.forEach((p, i) => {
      if (given[i] || p.kind === "VAR_POSITIONAL" || p.kind === "VAR_KEYWORD") return;
      if ("default" in p) out[i] = jsDefault(p);
      else (p.kind === "KEYWORD_ONLY" ? missingKw : missingPos).push(p.name);
    });
    if (missingPos.length) throw new TorchTypeError(`${this.name}() missing ${plural(missingPos.length, "required positional argument")}: ${nameList(missingPos)}`);
    if (missingKw.length) throw new TorchTypeError(`${this.name}() missing ${plural(missingKw.length, "required keyword-only argument")}: ${nameList(missingKw)}`);
    return out;
  }

  private tooMany(nargs: number, kwargs: Kwargs): never {
    const pos = this.positional;
    const required = pos.filter((p) => !("default" in p)).length;
    const kwGiven = Object.keys(kwargs).filter((k) => kwargs[k] !== undefined && this.params.some((p) => p.kind === "KEYWORD_ONLY" && p.name === k)).length;
    const takes = required === pos.length ? `${plural(pos.length, "positional argument")}` : `from ${required} to ${pos.length} positional arguments`;
    const kwText = kwGiven ? ` positional argument${nargs === 1 ? "" : "s"} (and ${plural(kwGiven, "keyword-only argument")})` : "";
    const given = kwText ? `${nargs}${kwText}` : `${nargs}`;
    throw new TorchTypeError(`${this.name}() takes ${takes} but ${given} ${nargs === 1 && !kwText ? "was" : "were"} given`);
  }
}
