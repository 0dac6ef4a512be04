// Reading the per-value and per-node metadata of schema 8.17 back into FX metadata
// (serialize.py GraphModuleDeserializer: deserialize_sym_int/_bool/_float, deserialize_tensor_meta,
// deserialize_metadata). Symbolic sizes become core `Expr`s (parsed once per srepr text); their
// hints are kept per symbol so a program saved again writes the same hints.
import { parsePyJson, type JsonValue } from "../serde/pyjson.js";
import { Expr } from "../core/expr.js";
import { Device, type NodeMeta, type TensorMeta } from "../fx/index.js";
import { unionEntry } from "../serde/schema/union.js";
import type { SymBool, SymFloat, SymInt, TensorMeta as SerializedTensorMeta } from "../serde/schema/types.js";
import { dtypeCodes, layoutCodes } from "./serialize_enums.js";
import { SerializeError } from "./serialize_errors.js";

/** A size, stride or offset: a plain number when static, else its sympy expression. */
export type SymSize = number | Expr;

/**
 * `node.meta.val` of a tensor read from an archive: the FX tensor meta (dtype, shape) plus the
 * rest of the fake tensor's metadata, so that saving the program again writes the same TensorMeta.
 */
export interface StridedTensorMeta extends TensorMeta {
  readonly shape: readonly SymSize[];
  readonly stride: readonly SymSize[];
  readonly storage_offset: SymSize;
  readonly requires_grad: boolean;
  readonly device: Device;
  /** Layout name ("strided"). */
  readonly layout: string;
}

/** Metadata keys pt2js keeps as the archive's raw strings (from_node, custom, ...), in file order. */
export const EXTRA_METADATA = "serialized_metadata";

/** Distinct expression text one archive may hold (the core keeps every expression it parses). */
export const MAX_EXPRESSION_CHARS = 64 * 1024;

/** Parses the sympy expressions of one archive; `hints` maps symbol names to example values. */
export class SymbolTable {
  private readonly parsed = new Map<string, Expr>();
  private chars = 0;
  readonly hints = new Map<string, number>();

  expr(srepr: string): Expr {
    let e = this.parsed.get(srepr);
    if (e === undefined) {
      // Expressions are interned in the core for the life of the process, so one archive may only
      // bring so many (PyTorch 2.11's corpus needs at most 1.7 KB of distinct expression text).
      this.chars += srepr.length;
      if (this.chars > MAX_EXPRESSION_CHARS) {
        throw new SerializeError(
          `the archive's symbolic expressions exceed ${MAX_EXPRESSION_CHARS} characters in total, more than pt2js loads from one archive`,
        );
      }
      e = Expr.parseSrepr(srepr);
      this.parsed.set(srepr, e);
    }
    return e;
  }

  symInt(s: SymInt): SymSize {
    const [key, value] = unionEntry(s);
    if (key === "as_int") return toNumber(value as number | bigint, "SymInt");
    const { expr_str, hint } = value as { expr_str: string; hint: { as_int?: number | bigint } | null };
    const e = this.expr(expr_str);
    if (hint !== null && hint.as_int !== undefined && e.isSymbol()) this.hints.set(e.symbolName, toNumber(hint.as_int, "hint"));
    return e;
  }

  symBool(s: SymBool): boolean | Expr {
    const [key, value] = unionEntry(s);
    if (key === "as_bool") return value as boolean;
    return this.expr((value as { expr_str: string }).expr_str);
  }

  symFloat(s: SymFloat): number | Expr {
    const [key, value] = unionEntry(s);
    if (key === "as_float") return value as number;
    return this.expr((value as { expr_str: string }).expr_str);
  }

  tensorMeta(t: SerializedTensorMeta): StridedTensorMeta {
    return {
      dtype: dtypeCodes.name(t.dtype),
      shape: t.sizes.map((s) => this.symInt(s)),
      stride: t.strides.map((s) => this.symInt(s)),
      storage_offset: this.symInt(t.storage_offset),
      requires_grad: t.requires_grad,
      device: new Device(t.device.type, t.device.index === null ? null : toNumber(t.device.index, "device index")),
      layout: layoutCodes.name(t.layout),
    };
  }
}

export function toNumber(v: number | bigint, what: string): number {
  if (typeof v === "number") return v;
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SerializeError(`${what} ${v} is outside the range pt2js holds exactly (|v| <= 2^53 - 1)`);
  }
  return Number(v);
}

/** Node.metadata strings → node.meta entries (deserialize_metadata). */
export function deserializeMetadata(metadata: ReadonlyMap<string, string>): NodeMeta {
  const meta: NodeMeta = {};
  const extra = new Map<string, string>();
  for (const [key, text] of metadata) {
    switch (key) {
      case "stack_trace":
        if (text) meta.stack_trace = text;
        break;
      case "nn_module_stack":
        // "key,path,type;key,path,type" (commas inside brackets belong to the type)
        if (text) {
          const stack: Record<string, [string, string]> = {};
          for (const item of splitTopLevel(text, ";")) {
            const parts = splitTopLevel(item, ",");
            if (parts.length !== 3) throw new SerializeError(`nn_module_stack entry ${JSON.stringify(item)} is not "key,path,type"`);
            stack[parts[0]!] = [parts[1]!, parts[2]!];
          }
          meta.nn_module_stack = stack;
        }
        break;
      case "source_fn_stack":
        // "name,target;..." — targets stay the serialized operator strings.
        if (text) {
          meta.source_fn_stack = splitTopLevel(text, ";").map((item) => {
            const comma = item.indexOf(",");
            if (comma < 0) throw new SerializeError(`source_fn_stack entry ${JSON.stringify(item)} is not "name,target"`);
            return [item.slice(0, comma), item.slice(comma + 1)] as [string, string];
          });
        }
        break;
      case "torch_fn": {
        const parts = text.split(";");
        if (parts.length !== 2) throw new SerializeError(`torch_fn ${JSON.stringify(text)} is not "name;qualified name"`);
        meta.torch_fn = [parts[0]!, parts[1]!];
        break;
      }
      case "custom":
        if (text) meta.custom = customValue(text);
        break;
      default:
        extra.set(key, text);
    }
  }
  if (extra.size > 0) meta[EXTRA_METADATA] = extra;
  return meta;
}

/** Splits on `sep` outside () and [] (serialize.py metadata_split). */
function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** json.loads of a custom-metadata string: objects as plain objects. */
export function customValue(text: string): unknown {
  let v: JsonValue;
  try {
    v = parsePyJson(text);
  } catch (e) {
    throw new SerializeError(`custom metadata is not JSON: ${(e as Error).message}`);
  }
  const plain = (x: JsonValue): unknown =>
    x instanceof Map ? Object.fromEntries([...x].map(([k, y]) => [k, plain(y)])) : Array.isArray(x) ? x.map(plain) : x;
  return plain(v);
}
