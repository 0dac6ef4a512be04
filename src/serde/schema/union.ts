// Helpers for the one-key union values of schema/types.ts (Argument, SymInt, InputSpec, ...).
import { SchemaShapeError } from "../errors.js";
import type { UnionKey } from "./types.js";

/** The active field of a union value: `unionKey({ as_tensor: { name: "x" } })` → "as_tensor". */
export function unionKey<U extends object>(u: U): UnionKey<U> {
  let found: string | undefined;
  for (const k in u) {
    if ((u as Record<string, unknown>)[k] === undefined) continue;
    if (found !== undefined) throw new SchemaShapeError(`union value has more than one field: ${found}, ${k}`);
    found = k;
  }
  if (found === undefined) throw new SchemaShapeError("union value has no field");
  return found as UnionKey<U>;
}

/** The active field's name and value, for `switch` statements over a union. */
export function unionEntry<U extends object>(u: U): [UnionKey<U>, unknown] {
  const k = unionKey(u);
  return [k, (u as Record<string, unknown>)[k as string]];
}
