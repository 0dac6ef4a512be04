// TreeSpec JSON, protocol 1: `treespec_dumps` / `treespec_loads`, text equal to PyTorch's.
//
// Format: json.dumps([1, node]) with node = {"type": T, "context": C, "children_spec": [...]}.
// C is the context dumped to a JSON *string* ("null", "[\"a\", \"b\"]"), except for types with a
// to_dumpable_context hook (namedtuple: the registered name; defaultdict: an object), whose value
// is embedded as-is. A leaf is {"type": null, "context": null, "children_spec": []}.
import { dumpsPyJson, parsePyJson, type JsonValue } from "../serde/pyjson.js";
import { TreeSpecSerializationError } from "./errors.js";
import { nodeDefBySerializedName } from "./registry.js";
import { LeafSpec, TreeSpec } from "./treespec.js";

export const DEFAULT_TREESPEC_SERIALIZATION_PROTOCOL = 1;

/** Serializes a TreeSpec to PyTorch's JSON text. */
export function treespec_dumps(treespec: TreeSpec, protocol: number = DEFAULT_TREESPEC_SERIALIZATION_PROTOCOL): string {
  if (!(treespec instanceof TreeSpec)) {
    throw new TypeError("treespec_dumps(treespec, protocol): Expected `treespec` to be instance of TreeSpec.");
  }
  if (protocol !== 1) throw new TreeSpecSerializationError(`Unknown protocol ${protocol}. Available protocols: [1]`);
  return `[1, ${nodeToJson(treespec)}]`;
}

function nodeToJson(spec: TreeSpec): string {
  if (spec.is_leaf()) return '{"type": null, "context": null, "children_spec": []}';
  const def = spec.type!;
  if (def.serializedTypeName === null) {
    throw new TreeSpecSerializationError(
      `No registered serialization name for ${def.name} found. ` +
        "Please update your register_pytree_node call with a `serialized_type_name` kwarg.",
    );
  }
  let context: string;
  if (def.toDumpableContext) {
    context = dumpsPyJson(def.toDumpableContext(spec.context));
  } else {
    context = dumpsPyJson(dumpsPyJson(spec.context));
  }
  const children = spec.children_specs.map(nodeToJson).join(", ");
  return `{"type": ${dumpsPyJson(def.serializedTypeName)}, "context": ${context}, "children_spec": [${children}]}`;
}

/** Parses PyTorch's TreeSpec JSON text. */
export function treespec_loads(serialized: string): TreeSpec {
  let parsed: JsonValue;
  try {
    parsed = parsePyJson(serialized);
  } catch (e) {
    throw new TreeSpecSerializationError(`TreeSpec is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) {
    throw new TreeSpecSerializationError("TreeSpec JSON must be [protocol, spec]");
  }
  const [protocol, schema] = parsed;
  if (protocol !== 1) throw new TreeSpecSerializationError(`Unknown protocol ${String(protocol)}. Available protocols: [1]`);
  return nodeFromJson(schema, 0);
}

function nodeFromJson(node: JsonValue, depth: number): TreeSpec {
  if (depth > 256) throw new TreeSpecSerializationError("TreeSpec nesting too deep");
  if (!(node instanceof Map)) throw new TreeSpecSerializationError("TreeSpec node must be an object");
  const type = node.get("type");
  const context = node.get("context");
  const children = node.get("children_spec");
  if (!Array.isArray(children)) throw new TreeSpecSerializationError("TreeSpec node needs a children_spec list");
  if (type === null && context === null && children.length === 0) return LeafSpec();
  if (typeof type !== "string") throw new TreeSpecSerializationError("TreeSpec node type must be a string");
  const def = nodeDefBySerializedName(type);
  if (!def) throw new TreeSpecSerializationError(`Deserializing ${type} in pytree is not registered.`);
  let ctx: unknown;
  if (def.fromDumpableContext) {
    ctx = def.fromDumpableContext(context ?? null);
  } else {
    if (typeof context !== "string") throw new TreeSpecSerializationError(`Context of ${type} must be a JSON string`);
    try {
      ctx = parsePyJson(context);
    } catch (e) {
      throw new TreeSpecSerializationError(`Unable to deserialize context of ${type}: ${(e as Error).message}`);
    }
  }
  const childSpecs = children.map((c) => nodeFromJson(c, depth + 1));
  checkContext(def.builtin, ctx, childSpecs.length, type);
  return new TreeSpec(def, ctx, childSpecs);
}

// Builtin contexts must fit their children, or unflatten would build garbage.
function checkContext(builtin: string | undefined, ctx: unknown, n: number, type: string): void {
  const bad = (): never => {
    throw new TreeSpecSerializationError(`Invalid context for ${type} with ${n} children`);
  };
  if (builtin === "tuple" || builtin === "list") {
    if (ctx !== null) bad();
  } else if (builtin === "dict" || builtin === "OrderedDict") {
    if (!Array.isArray(ctx) || ctx.length !== n) bad();
  } else if (builtin === "defaultdict") {
    const keys = (ctx as unknown[])[1];
    if (!Array.isArray(keys) || keys.length !== n) bad();
  } else if (builtin === "deque") {
    if (ctx !== null && typeof ctx !== "number") bad();
  }
}
