// Python's repr() for the values that appear in TreeSpec contexts and key paths.
import { pyFloatRepr, pyStrRepr } from "../serde/pyjson.js";

/** repr() of a JSON-like JS value read as its Python counterpart. */
export function pyRepr(x: unknown): string {
  if (x === null || x === undefined) return "None";
  switch (typeof x) {
    case "boolean":
      return x ? "True" : "False";
    case "number":
      return Number.isInteger(x) && Math.abs(x) < 1e16 ? String(x) : pyFloatRepr(x);
    case "bigint":
      return x.toString();
    case "string":
      return pyStrRepr(x);
    case "function": {
      const f = x as { typename?: string; name: string };
      return `<class '${f.typename ?? f.name}'>`;
    }
  }
  if (Array.isArray(x)) return `[${x.map(pyRepr).join(", ")}]`;
  if (x instanceof Map) return `{${[...x].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  const o = x as Record<string, unknown>;
  if (typeof o.module === "string" && typeof o.name === "string" && Object.keys(o).length === 2) {
    // A defaultdict factory name.
    return `<class '${o.module === "builtins" ? "" : o.module + "."}${o.name}'>`;
  }
  return `{${Object.entries(o).map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
}
