// The ATen op registry: `aten.add.Tensor` is an OpOverload with PyTorch's parsed schema; op
// implementations (meta function + reference kernel) are attached by the files in src/ops/impl.
//
// Start-up cost matters (every `import "pt2js"` pays it): the table is only indexed at import
// (one string slice per schema); an OpOverload is made the first time its op is looked up, and
// its schema is parsed the first time it is read.
import { parseSchema, type FunctionSchema } from "./schema.js";
import { SCHEMAS } from "./schemas.generated.js";
import type { OpImpl } from "./impl_types.js";
import { dispatch, normalizeArgs } from "./dispatch.js";
import { _setTargetResolver } from "../fx/types.js";

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

// "add.Tensor" → row of SCHEMAS, and "add" → its rows; built once at import (cheap), in a function
// so that V8 can optimize the loop (top-level code of a large bundle runs in the interpreter).
const rowOf = new Map<string, number>();
const rowsOf = new Map<string, number[]>();
(function index(): void {
  for (let i = 0; i < SCHEMAS.length; i++) {
    const text = SCHEMAS[i]![0];
    const full = text.slice(6, text.indexOf("("));
    const dot = full.indexOf(".");
    const packet = dot >= 0 ? full.slice(0, dot) : full;
    rowOf.set(dot >= 0 ? full : `${full}.default`, i);
    const rows = rowsOf.get(packet);
    if (rows === undefined) rowsOf.set(packet, [i]);
    else rows.push(i);
  }
})();

const made: (OpOverload | undefined)[] = new Array(SCHEMAS.length);
function opAt(row: number): OpOverload {
  let o = made[row];
  if (o === undefined) {
    const [text, tags] = SCHEMAS[row]!;
    o = made[row] = callable(new OpOverload(text, tags));
  }
  return o;
}

/**
 * An OpOverload is callable, as in PyTorch (`torch.ops.aten.add.Tensor(x, y, { alpha: 2 })`: a
 * trailing plain object holds the keyword arguments): a function whose prototype is the overload,
 * so it has every OpOverload property and `instanceof OpOverload` holds.
 */
function callable(o: OpOverload): OpOverload {
  const f = function (...args: unknown[]): unknown {
    const last = args[args.length - 1];
    const hasKwargs = typeof last === "object" && last !== null && Object.getPrototypeOf(last) === Object.prototype;
    const composite = (f as unknown as OpOverload).impl?.composite;
    if (composite !== undefined) {
      return composite(normalizeArgs((f as unknown as OpOverload).schema, hasKwargs ? args.slice(0, -1) : args, hasKwargs ? (last as Record<string, unknown>) : {}));
    }
    return dispatch(f as unknown as OpOverload, hasKwargs ? args.slice(0, -1) : args, hasKwargs ? (last as Record<string, unknown>) : {});
  };
  Object.setPrototypeOf(f, o);
  // A function's own `name` / `length` would hide the overload's.
  Object.defineProperty(f, "name", { value: o.name, writable: false, enumerable: true, configurable: true });
  delete (f as { length?: number }).length;
  return f as unknown as OpOverload;
}

const packets = new Map<string, OpOverloadPacket>();
function packet(name: string): OpOverloadPacket | undefined {
  let p = packets.get(name);
  if (p === undefined) {
    const rows = rowsOf.get(name);
    if (rows === undefined) return undefined;
    const list = rows.map(opAt);
    // `torch.ops.aten.add(x, y)`: the packet picks the overload whose schema the arguments bind
    // to (the unnamed overload first), as the dispatcher does; a binding TypeError tries the next.
    const call = function (...args: unknown[]): unknown {
      const ordered = [...list.filter((o) => o.overload === "default"), ...list.filter((o) => o.overload !== "default")];
      let error: unknown = undefined;
      for (const o of ordered) {
        try {
          return (o as unknown as (...a: unknown[]) => unknown)(...args);
        } catch (e) {
          if (!(e instanceof Error) || e.constructor?.name !== "TorchTypeError") throw e;
          error ??= e;
        }
      }
      throw error;
    };
    Object.defineProperty(call, "name", { value: `aten::${name}`, configurable: true });
    delete (call as { length?: number }).length;
    for (const o of list) Object.defineProperty(call, o.overload, { value: o, enumerable: true, writable: false, configurable: true });
    packets.set(name, (p = call as unknown as OpOverloadPacket));
  }
  return p;
}

/** The `torch.ops.aten` namespace: `aten.linear.default`, `aten.add.Tensor`, ... Packets are made
 * on first access; the namespace still enumerates every op name (`Object.keys`, `in`). */
export const aten: { readonly [name: string]: OpOverloadPacket } = new Proxy(Object.create(null) as Record<string, OpOverloadPacket>, {
  get: (target, name) => (typeof name === "string" ? packet(name) : Reflect.get(target, name)),
  has: (_target, name) => typeof name === "string" && rowsOf.has(name),
  ownKeys: () => [...rowsOf.keys()],
  getOwnPropertyDescriptor: (_target, name) => {
    const p = typeof name === "string" ? packet(name) : undefined;
    return p === undefined ? undefined : { value: p, writable: false, enumerable: true, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
});

/** Looks an op up by "add.Tensor", "aten::add.Tensor", "aten.add.Tensor" or "torch.ops.aten.add.Tensor". */
export function lookupOp(name: string): OpOverload | undefined {
  let key = name.replace(/^torch\.ops\./, "").replace(/^aten(::|\.)/, "");
  if (!key.includes(".")) key += ".default";
  const row = rowOf.get(key);
  return row === undefined ? undefined : opAt(row);
}

/** Every registered overload (supported or only named by the corpus). */
export function allOps(): OpOverload[] {
  return [...rowOf.values()].map(opAt);
}

/** Gets an overload that must exist (a typo here is a pt2js bug). */
export function op(key: string): OpOverload {
  const row = rowOf.get(key.includes(".") ? key : `${key}.default`);
  if (row === undefined) throw new Error(`pt2js: no schema for aten.${key}`);
  return opAt(row);
}

// node.target of an ATen call is its OpOverload, as in PyTorch.
_setTargetResolver((q) => (q.startsWith("torch.ops.aten.") ? lookupOp(q) : undefined));
