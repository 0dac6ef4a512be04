// The ATen op registry: `aten.add.Tensor` is an OpOverload with PyTorch's parsed schema; op
// implementations (meta function + reference kernel) are attached by the files in src/ops/impl.
import { parseSchema, type FunctionSchema } from "./schema.js";
import { SCHEMAS } from "./schemas.generated.js";
import type { OpImpl } from "./impl_types.js";

export class OpOverload {
  /** "torch.ops.aten.add.Tensor" — the target text of printed graphs. */
  readonly qualifiedName: string;
  /** "aten::add" */
  readonly name: string;
  /** "Tensor"; "default" for the unnamed overload. */
  readonly overload: string;
  /** "add" */
  readonly packetName: string;
  readonly tags: readonly string[];
  private _schema: FunctionSchema | undefined;
  /** Meta function and kernel, once registered. */
  impl: OpImpl | undefined;

  constructor(readonly schemaText: string, tags: string) {
    const open = schemaText.indexOf("(");
    const full = schemaText.slice(6, open); // after "aten::"
    const dot = full.indexOf(".");
    this.packetName = dot >= 0 ? full.slice(0, dot) : full;
    this.overload = dot >= 0 ? full.slice(dot + 1) : "default";
    this.name = `aten::${this.packetName}`;
    this.qualifiedName = `torch.ops.aten.${this.packetName}.${this.overload}`;
    this.tags = tags ? tags.split(",") : [];
  }
  /** The parsed schema (parsed on first use). */
  get schema(): FunctionSchema {
    return (this._schema ??= parseSchema(this.schemaText));
  }
  /** Writes an input (`Tensor(a!)` argument). */
  get isMutable(): boolean {
    return this.schema.isMutable;
  }
  /** Must not be removed by dead-code elimination (mutation, asserts, randomness). */
  get isImpure(): boolean {
    return this.isMutable || this.packetName.startsWith("_assert") || this.tags.includes("nondeterministic_seeded");
  }
  /** "aten.add.Tensor", as str(op) prints in Python. */
  toString(): string {
    return `aten.${this.packetName}.${this.overload}`;
  }
}

/** `aten.add`: the overloads of one op name. `aten.add.Tensor`, `aten.add.default`, ... */
export type OpOverloadPacket = { readonly [overload: string]: OpOverload };

const byQualified = new Map<string, OpOverload>();
const packets: Record<string, Record<string, OpOverload>> = {};
for (const [text, tags] of SCHEMAS) {
  const op = new OpOverload(text, tags);
  (packets[op.packetName] ??= {})[op.overload] = op;
  byQualified.set(`${op.packetName}.${op.overload}`, op);
}

/** The `torch.ops.aten` namespace: `aten.linear.default`, `aten.add.Tensor`, ... */
export const aten: { readonly [name: string]: OpOverloadPacket } = packets;

/** Looks an op up by "add.Tensor", "aten::add.Tensor", "aten.add.Tensor" or "torch.ops.aten.add.Tensor". */
export function lookupOp(name: string): OpOverload | undefined {
  let key = name.replace(/^torch\.ops\./, "").replace(/^aten(::|\.)/, "");
  if (!key.includes(".")) key += ".default";
  return byQualified.get(key);
}

/** Every registered overload (supported or only named by the corpus). */
export function allOps(): OpOverload[] {
  return [...byQualified.values()];
}

/** Gets an overload that must exist (a typo here is a pt2js bug). */
export function op(key: string): OpOverload {
  const o = byQualified.get(key.includes(".") ? key : `${key}.default`);
  if (!o) throw new Error(`pt2js: no schema for aten.${key}`);
  return o;
}
