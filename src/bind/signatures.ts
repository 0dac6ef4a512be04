// PySignatures from the generated tables (PyTorch's inspect.signature) and from ATen schemas
// (the C builtins of torch.nn.functional: F.conv2d, F.avg_pool2d, ... bind as their schema).
import { PySignature, type ParamKind, type PyParam } from "./python.js";
import { SIGNATURES, type SigRow } from "./signatures.generated.js";
import { op } from "../ops/registry.js";

const KINDS: readonly ParamKind[] = ["POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL", "KEYWORD_ONLY", "VAR_KEYWORD"];
const params = (rows: readonly SigRow[]): PyParam[] =>
  rows.map((r) => (r.length > 2 ? { name: r[0], kind: KINDS[r[1]]!, default: r[2] } : { name: r[0], kind: KINDS[r[1]]! }));

export type SignatureGroup = keyof typeof SIGNATURES;
const cache = new Map<string, PySignature>();

/** The Python signature of `group.name` (e.g. "functional", "interpolate"), named `display` in errors. */
export function pythonSignature(group: SignatureGroup, name: string, display = name): PySignature {
  const key = `${group}.${name}.${display}`;
  let s = cache.get(key);
  if (s === undefined) {
    const rows = (SIGNATURES[group] as Record<string, readonly SigRow[]>)[name];
    if (rows === undefined) throw new Error(`pt2js: no Python signature for ${group}.${name}`);
    cache.set(key, (s = new PySignature(display, params(rows))));
  }
  return s;
}

/** An ATen schema as a Python signature (self → input), for C builtins bound before pt2js logic runs. */
export function schemaSignature(key: string, display: string): PySignature {
  const ck = `aten.${key}.${display}`;
  let s = cache.get(ck);
  if (s === undefined) {
    const ps: PyParam[] = op(key).schema.args.map((a) => {
      const name = a.name === "self" ? "input" : a.name;
      const kind: ParamKind = a.kwargOnly ? "KEYWORD_ONLY" : "POSITIONAL_OR_KEYWORD";
      return a.hasDefault || a.type.optional ? { name, kind, default: a.hasDefault ? a.default : null } : { name, kind };
    });
    cache.set(ck, (s = new PySignature(display, ps)));
  }
  return s;
}

/** `impl` called with one value per parameter of `sig`, from `(...positional, kwargs?)`. */
export function pyBind<R>(sig: PySignature | (() => PySignature), impl: (...values: never[]) => R): (...args: unknown[]) => R {
  let s: PySignature | undefined = typeof sig === "function" ? undefined : sig;
  const lazy = typeof sig === "function" ? sig : undefined;
  return (...args: unknown[]) => {
    s ??= lazy!();
    return (impl as (...v: unknown[]) => R)(...s.bindCall(args));
  };
}
