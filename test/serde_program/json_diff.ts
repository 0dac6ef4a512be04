// A structural diff of parsed JSON values that names the first difference by its path, and the
// normalization applied before comparing pt2js's model.json with PyTorch's.
/** Plain JSON (JSON.parse of model.json; both sides parsed the same way). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** "" or `path: ours X / PyTorch Y` for the first difference (object keys compared in order). */
export function firstJsonDifference(ours: JsonValue, theirs: JsonValue, path = "$"): string {
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s === undefined ? "undefined" : s.length > 160 ? `${s.slice(0, 160)}…` : s;
  };
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
      if (i >= ours.length || i >= theirs.length) return `${path}[${i}]: ours ${show(ours[i])} / PyTorch ${show(theirs[i])}`;
      const d = firstJsonDifference(ours[i]!, theirs[i]!, `${path}[${i}]`);
      if (d) return d;
    }
    return "";
  }
  const isObj = (v: unknown): v is Record<string, JsonValue> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(ours) && isObj(theirs)) {
    const ka = Object.keys(ours);
    const kb = Object.keys(theirs);
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
      if (ka[i] !== kb[i]) return `${path}: key ${i} is ${show(ka[i])} in ours, ${show(kb[i])} in PyTorch's`;
      const d = firstJsonDifference(ours[ka[i]!]!, theirs[kb[i]!]!, `${path}.${ka[i]}`);
      if (d) return d;
    }
    return "";
  }
  return ours === theirs ? "" : `${path}: ours ${show(ours)} / PyTorch ${show(theirs)}`;
}

/**
 * Fields a pt2js export cannot have as PyTorch wrote them, removed from both sides:
 * - node metadata `stack_trace` (TypeScript files and lines) and `from_node` (a Python-level
 *   record the tracer does not make); `torch_fn` is compared (and `source_fn_stack`, which
 *   non-strict export leaves out on both sides);
 * - `torch_version` (PyTorch's build string, e.g. "2.11.0+cu130").
 */
export function normalizeModelJson(program: JsonValue): JsonValue {
  const drop = new Set(["stack_trace", "from_node"]);
  const walk = (v: JsonValue, key: string | null): JsonValue => {
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (typeof v !== "object" || v === null) return v;
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) {
      if (key === "metadata" && drop.has(k)) continue;
      if (key === null && k === "torch_version") continue;
      out[k] = walk(x as JsonValue, k);
    }
    return out;
  };
  return walk(program, null);
}
