// The `dynamic_shapes` argument of torch.export.export: checked against the inputs with
// PyTorch's messages (torch/export/dynamic_shapes.py _check_dynamic_shapes), then turned into one
// entry per tensor input dimension.
import { keystr, type KeyPath, isTuple } from "../pytree/index.js";
import { nodeDefOf } from "../pytree/registry.js";
import { Tensor } from "../tensor/tensor.js";
import { DimHint, NamedDim, readableDim } from "./dim.js";
import { IndexError, UserError, ValueError } from "./errors.js";
import { renamedParametersNote } from "./arg_names.js";

/** What the user said about one dimension: a Dim (named or derived), a hint, a static size, or nothing. */
export type DimSpec = NamedDim | DimHint | number | null;

/** An int input marked Dim.AUTO or Dim.DYNAMIC (PyTorch's _IntWrapper with a dynamism): it is
 * traced as a SymInt. */
export interface IntSpec {
  path: KeyPath;
  value: number;
  hint: DimHint;
}

/** A tensor among the inputs with the spec of each of its dimensions. */
export interface TensorSpec {
  /** The path from the combined arguments: `['x']`, `['pair'][0]`. */
  path: KeyPath;
  tensor: Tensor;
  dims: DimSpec[];
}

const CASE = "dynamic_shapes_validation";
const DIM_KINDS = "None, an int, a Dim, Dim.AUTO, Dim.STATIC, or Dim.DYNAMIC";

/**
 * Matches `dynamicShapes` against the combined arguments (forward's parameter names → values, in
 * order) and returns every tensor's dimension specs, in flatten order.
 */
export function tensorSpecs(combined: ReadonlyMap<string, unknown>, dynamicShapes: unknown, ints: IntSpec[] = []): TensorSpec[] {
  const specs: TensorSpec[] = [];
  const names = [...combined.keys()];
  const values = [...combined.values()];
  let perArg: unknown[];
  if (dynamicShapes === null || dynamicShapes === undefined) {
    perArg = names.map(() => null);
  } else if (Array.isArray(dynamicShapes)) {
    if (dynamicShapes.length !== values.length) {
      throw new UserError(
        "Detected mismatch between the structure of `inputs` and `dynamic_shapes`: " +
          `\`inputs\` has ${values.length} elements, but \`dynamic_shapes\` has ${dynamicShapes.length} elements`,
        CASE,
      );
    }
    perArg = dynamicShapes;
  } else if (isDict(dynamicShapes)) {
    const keys = dictKeys(dynamicShapes);
    if (!sameKeys(keys, names)) {
      let hint = "Alternatively, you could also ignore arg names entirely and specify `dynamic_shapes` as a list/tuple matching `inputs`.";
      if (names.length === 1 && !keys.includes(names[0]!) && isDict(values[0])) {
        hint = "Since here `inputs` is a list/tuple enclosing a single dict, maybe you just forgot to enclose `dynamic_shapes` in a list/tuple?";
      }
      // The message is built apart from the throw: Node prints the throw's source line with an
      // uncaught error, and a short line keeps that output under 2 KB.
      const message = `When \`dynamic_shapes\` is specified as a dict, its top-level keys must be the arg names ${pyList(names)} of \`inputs\`, but here they are ${pyList(keys)}. ${hint}${renamedParametersNote(names, keys)}`;
      throw new UserError(message, CASE);
    }
    perArg = names.map((n) => dictGet(dynamicShapes, n));
  } else {
    throw new UserError(
      `Unexpected dynamic_shape ${pyRepr(dynamicShapes)} of Tensor, try None instead`,
      CASE,
    );
  }
  // Messages name a spot as PyTorch's _tree_map_with_path does: from the dict's keys, or from the
  // positions when `dynamic_shapes` is a list/tuple (`dynamic_shapes[0]['k']`).
  const listed = Array.isArray(dynamicShapes);
  names.forEach((name, i) => {
    const shown: KeyPath = [listed ? { kind: "sequence", idx: i } : { kind: "mapping", key: name }];
    walk(values[i], perArg[i], [{ kind: "mapping", key: name }], shown, specs, ints);
  });
  checkDimDefinitions(specs);
  return specs;
}

function walk(input: unknown, spec: unknown, path: KeyPath, shown: KeyPath, out: TensorSpec[], ints: IntSpec[]): void {
  if (input instanceof Tensor) {
    out.push({ path, tensor: input, dims: tensorDims(input, spec, shown) });
    return;
  }
  const children = containerChildren(input);
  if (children === null && typeof input === "number" && Number.isInteger(input)) {
    // An int input (_IntWrapper): a named Dim is refused, a hint makes it a SymInt, an int or None
    // keeps it static.
    if (spec instanceof NamedDim) {
      throw new ValueError("Unable to specify input integers as dynamic through named Dims. Please use Dim.AUTO/DYNAMIC instead.");
    }
    if (spec instanceof DimHint) {
      if (spec.type !== "STATIC") ints.push({ path, value: input, hint: spec });
      return;
    }
    if (spec === null || spec === undefined || Number.isInteger(spec)) return;
  }
  if (children === null) {
    // A non-tensor leaf: only None is allowed (ints with AUTO/DYNAMIC are handled by the caller).
    if (spec !== null && spec !== undefined && !(spec instanceof DimHint)) {
      throw new UserError(
        `Cannot associate shape ${pyRepr(spec)} specified at \`dynamic_shapes${keystr(shown)}\` to non-tensor type ${pyType(input)} at \`inputs${keystr(shown)}\` (expected None)`,
        CASE,
      );
    }
    return;
  }
  if (spec === null || spec === undefined) {
    for (const [key, child] of children) walk(child, null, [...path, key], [...shown, key], out, ints);
    return;
  }
  const p = keystr(shown);
  const specChildren = containerChildren(spec);
  if (specChildren === null) {
    throw new UserError(
      `Detected mismatch between the structure of \`inputs\` and \`dynamic_shapes\`: \`inputs${p}\` is a ${pyType(input)}, but \`dynamic_shapes${p}\` is not`,
      CASE,
    );
  }
  // A JS array spec may stand for a tuple input (forward's ...args), not a tuple spec for a list.
  if (pyType(input) !== pyType(spec) && !(isTuple(input) && Array.isArray(spec) && !isTuple(spec))) {
    throw new UserError(
      `Detected mismatch between the structure of \`inputs\` and \`dynamic_shapes\`: \`inputs${p}\` is a ${pyType(input)}, but \`dynamic_shapes${p}\` is a ${pyType(spec)}`,
      CASE,
    );
  }
  if (specChildren.length !== children.length) {
    throw new UserError(
      `Detected mismatch between the structure of \`inputs\` and \`dynamic_shapes\`: \`inputs${p}\` has ${children.length} elements, but \`dynamic_shapes${p}\` has ${specChildren.length} elements`,
      CASE,
    );
  }
  let matched = specChildren;
  if (isDict(input) && isDict(spec)) {
    // Dicts match by key, in any order (_compare: sorted contexts, then remapped).
    const keys = children.map(([k]) => String((k as { key: unknown }).key));
    const specKeys = specChildren.map(([k]) => String((k as { key: unknown }).key));
    if ([...keys].sort().join("\0") !== [...specKeys].sort().join("\0")) {
      throw new UserError(
        `Detected mismatch between the structure of \`inputs\` and \`dynamic_shapes\`: \`inputs${p}\` has keys ${pyList(keys)}, but \`dynamic_shapes${p}\` has keys ${pyList(specKeys)}`,
        CASE,
      );
    }
    matched = keys.map((k) => specChildren[specKeys.indexOf(k)]!);
  }
  children.forEach(([key, child], i) => walk(child, matched[i]![1], [...path, key], [...shown, key], out, ints));
}

function tensorDims(tensor: Tensor, spec: unknown, shown: KeyPath): DimSpec[] {
  const ndim = tensor.dim();
  const dims: DimSpec[] = new Array(ndim).fill(null);
  const at = `\`dynamic_shapes${keystr(shown)}\``;
  if (spec === null || spec === undefined) return dims;
  if (Array.isArray(spec)) {
    if (spec.length !== ndim) {
      throw new UserError(
        `Expected dynamic shape spec ${pyRepr(spec)} specified at ${at} to have the same length as the actual tensor shape ${torchSize(tensor)} (expected ${ndim}, but got ${spec.length} instead)`,
        CASE,
      );
    }
    spec.forEach((d, i) => {
      if (!isDimSpec(d)) {
        throw new UserError(
          `Unexpected dimension #${i} in input tensor shape ${pyRepr(spec)} specified at ${at} (expected ${DIM_KINDS}, but got ${pyRepr(d)} instead)`,
          CASE,
        );
      }
      dims[i] = d ?? null;
    });
    return dims;
  }
  if (isDict(spec)) {
    for (const [key, d] of dictEntries(spec)) {
      const index = Number(key);
      if (!isDimSpec(d)) {
        throw new UserError(
          `Unexpected dimension mapped to index ${key} in input tensor shape ${pyRepr(spec)} specified at ${at} (expected ${DIM_KINDS},  but got ${pyRepr(d)} instead)`,
          CASE,
        );
      }
      // PyTorch assigns into a list of length ndim: a bad index is Python's IndexError.
      if (!Number.isInteger(index) || index >= ndim || index < -ndim) {
        throw new IndexError("list assignment index out of range");
      }
      dims[index < 0 ? index + ndim : index] = d ?? null;
    }
    return dims;
  }
  throw new UserError(
    `Unexpected input tensor shape ${pyRepr(spec)} specified at ${at} (expected either a list/tuple of dimensions, or a dict mapping indices to dimensions, where each dimension is an int, a Dim, Dim.AUTO, Dim.STATIC, or Dim.DYNAMIC)`,
    CASE,
  );
}

// The same Dim name must mean the same bounds everywhere (no case name in PyTorch's error).
function checkDimDefinitions(specs: readonly TensorSpec[]): void {
  const seen = new Map<string, NamedDim>();
  for (const spec of specs) {
    for (const d of spec.dims) {
      if (!(d instanceof NamedDim)) continue;
      const roots = "root" in d ? [d, (d as unknown as { root: NamedDim }).root] : [d];
      for (const dim of roots) {
        const old = seen.get(dim.__name__);
        if (old && (old.min !== dim.min || old.max !== dim.max)) {
          throw new UserError(
            `Found different definitions ${readableDim(old.__name__, old.min, old.max)} and ${readableDim(dim.__name__, dim.min, dim.max)} for the same symbolic dimension ${readableDim(dim.__name__, dim.min, dim.max)}!`,
          );
        }
        seen.set(dim.__name__, dim);
      }
    }
  }
}

function isDimSpec(d: unknown): d is DimSpec | undefined {
  return d === null || d === undefined || d instanceof NamedDim || d instanceof DimHint || Number.isInteger(d);
}

function isDict(x: unknown): x is Record<string, unknown> | Map<unknown, unknown> {
  if (x instanceof Map) return true;
  return typeof x === "object" && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

function dictKeys(x: Record<string, unknown> | Map<unknown, unknown>): string[] {
  return x instanceof Map ? [...x.keys()].map(keyText) : Object.keys(x);
}

// A Map key as text: strings and numbers as themselves, other keys by their type (a Python
// object's repr names its class), so messages never show `[object Object]`.
function keyText(k: unknown): string {
  if (typeof k === "string" || typeof k === "number" || typeof k === "boolean" || typeof k === "bigint") return String(k);
  if (k === null || k === undefined) return "None";
  if (typeof k === "symbol") return k.toString();
  return `<${(k as object).constructor?.name ?? "object"} object>`;
}

// [key text, value] of a dict, values read by the real key (a Map's keys need not be strings).
function dictEntries(x: Record<string, unknown> | Map<unknown, unknown>): Array<[string, unknown]> {
  return x instanceof Map ? [...x].map(([k, v]) => [keyText(k), v]) : Object.entries(x);
}

function dictGet(x: Record<string, unknown> | Map<unknown, unknown>, key: string): unknown {
  if (x instanceof Map) return x.has(key) ? x.get(key) : x.get(Number(key));
  return x[key];
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

// Children of a Python container ([key, value] in flatten order), or null for a leaf.
function containerChildren(x: unknown): Array<[KeyPath[number], unknown]> | null {
  if (Array.isArray(x)) return x.map((v, i) => [{ kind: "sequence", idx: i }, v]);
  if (isDict(x)) return dictEntries(x).map(([k, v]) => [{ kind: "mapping", key: k }, v]);
  // A registered pytree class: its children by their keys (flatten_with_keys_fn).
  const def = nodeDefOf(x);
  if (def !== null && def.builtin === undefined) {
    if (def.flattenWithKeys) return def.flattenWithKeys(x)[0];
    return def.flatten(x)[0].map((v, i) => [{ kind: "sequence", idx: i }, v]);
  }
  return null;
}

/** Python's `type(x)` as printed in error messages (`<class 'list'>`), for JS values read as Python ones. */
export function pyType(x: unknown): string {
  if (isTuple(x)) return "<class 'tuple'>";
  if (Array.isArray(x)) return "<class 'list'>";
  if (isDict(x)) return "<class 'dict'>";
  if (typeof x === "number") return Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>";
  if (typeof x === "boolean") return "<class 'bool'>";
  if (typeof x === "string") return "<class 'str'>";
  if (x === null || x === undefined) return "<class 'NoneType'>";
  return `<class '${(x as object).constructor?.name ?? "object"}'>`;
}

function torchSize(t: Tensor): string {
  return `torch.Size([${t.shape.map(String).join(", ")}])`;
}

function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(", ")}]`;
}

/** Python's repr of a spec value, as PyTorch's messages show it. */
function pyRepr(x: unknown): string {
  if (x === null || x === undefined) return "None";
  if (x instanceof NamedDim) return "root" in x ? x.__name__ : readableDim(x.__name__, x.min, x.max);
  if (x instanceof DimHint) return String(x);
  if (typeof x === "string") return `'${x}'`;
  if (typeof x === "boolean") return x ? "True" : "False";
  if (typeof x === "number") return Number.isNaN(x) ? "nan" : x === Infinity ? "inf" : x === -Infinity ? "-inf" : String(x);
  if (isTuple(x)) return x.length === 1 ? `(${pyRepr(x[0])},)` : `(${x.map(pyRepr).join(", ")})`;
  if (Array.isArray(x)) return `[${x.map(pyRepr).join(", ")}]`;
  if (isDict(x)) {
    const key = (k: string) => (Number.isInteger(Number(k)) && x instanceof Map === false ? k : `'${k}'`);
    return `{${dictEntries(x).map(([k, v]) => `${key(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  // A class instance, symbol, function, null-prototype object...: its own toString, or its type.
  try {
    return String(x);
  } catch {
    return pyType(x);
  }
}
