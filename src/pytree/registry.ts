// The node-type registry: which JS values are pytree nodes and how they flatten (SUPPORTED_NODES
// and SUPPORTED_SERIALIZED_TYPES in torch.utils._pytree).
import { PytreeRegistrationError, TreeSpecSerializationError } from "./errors.js";
import {
  DefaultDict,
  type DefaultFactoryName,
  Deque,
  NamedTuple,
  type NamedTupleClass,
  OrderedDict,
  PyTuple,
  tuple,
} from "./containers.js";
import { pyRepr } from "./pyrepr.js";

/** A key path entry (Python's SequenceKey / MappingKey / GetAttrKey). */
export type KeyEntry =
  | { readonly kind: "sequence"; readonly idx: number }
  | { readonly kind: "mapping"; readonly key: unknown }
  | { readonly kind: "attr"; readonly name: string };

export const SequenceKey = (idx: number): KeyEntry => ({ kind: "sequence", idx });
export const MappingKey = (key: unknown): KeyEntry => ({ kind: "mapping", key });
export const GetAttrKey = (name: string): KeyEntry => ({ kind: "attr", name });

/** `str(key)` as Python prints it: `[0]`, `['a']`, `.field`. */
export function keyEntryStr(k: KeyEntry): string {
  switch (k.kind) {
    case "sequence":
      return `[${k.idx}]`;
    case "mapping":
      return `[${pyRepr(k.key)}]`;
    case "attr":
      return `.${k.name}`;
  }
}

/** How one node type flattens; `name` is Python's `type.__name__` (used by TreeSpec's repr). */
export interface NodeDef<T = any, C = any> {
  readonly name: string;
  /** Name in serialized TreeSpecs (`builtins.tuple`); null when the type cannot be serialized. */
  readonly serializedTypeName: string | null;
  flatten(node: T): [children: unknown[], context: C];
  unflatten(children: unknown[], context: C): T;
  flattenWithKeys?(node: T): [Array<[KeyEntry, unknown]>, C];
  /** Context → JSON-able value; without it the context itself is dumped as JSON text. */
  toDumpableContext?(context: C): unknown;
  fromDumpableContext?(dumpable: unknown): C;
  /** Set for the builtin collection types (flexible dict matching in flatten_up_to). */
  readonly builtin?: "tuple" | "list" | "dict" | "namedtuple" | "OrderedDict" | "defaultdict" | "deque";
}

// JS objects order integer-like keys first, so such keys only survive in a Map.
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Builds a dict: a plain object when JS keeps the keys as-is, else a Map. */
function makeDict(keys: readonly unknown[], values: readonly unknown[]): object {
  const plain = keys.every((k) => typeof k === "string" && !(ARRAY_INDEX.test(k) && Number(k) < 2 ** 32 - 1));
  if (plain) return Object.fromEntries(keys.map((k, i) => [k as string, values[i]]));
  return new Map(keys.map((k, i) => [k, values[i]]));
}

function dictEntries(d: object): [unknown[], unknown[]] {
  if (d instanceof Map) return [[...d.keys()], [...d.values()]];
  const keys = Object.keys(d);
  return [keys, keys.map((k) => (d as Record<string, unknown>)[k])];
}

const withIndexKeys = (values: unknown[]): Array<[KeyEntry, unknown]> =>
  values.map((v, i) => [SequenceKey(i), v]);

export const TUPLE: NodeDef<PyTuple, null> = {
  name: "tuple",
  serializedTypeName: "builtins.tuple",
  builtin: "tuple",
  flatten: (t) => [Array.from(t), null],
  unflatten: (children) => tuple(...children),
  flattenWithKeys: (t) => [withIndexKeys(Array.from(t)), null],
};

export const LIST: NodeDef<unknown[], null> = {
  name: "list",
  serializedTypeName: "builtins.list",
  builtin: "list",
  flatten: (l) => [l.slice(), null],
  unflatten: (children) => children.slice(),
  flattenWithKeys: (l) => [withIndexKeys(l.slice()), null],
};

export const DICT: NodeDef<object, unknown[]> = {
  name: "dict",
  serializedTypeName: "builtins.dict",
  builtin: "dict",
  flatten: (d) => {
    const [keys, values] = dictEntries(d);
    return [values, keys];
  },
  unflatten: (children, keys) => makeDict(keys, children),
  flattenWithKeys: (d) => {
    const [keys, values] = dictEntries(d);
    return [values.map((v, i) => [MappingKey(keys[i]), v]), keys];
  },
};

export const ORDERED_DICT: NodeDef<OrderedDict, unknown[]> = {
  name: "OrderedDict",
  serializedTypeName: "collections.OrderedDict",
  builtin: "OrderedDict",
  flatten: (d) => [[...d.values()], [...d.keys()]],
  unflatten: (children, keys) => new OrderedDict(keys.map((k, i) => [k, children[i]])),
  flattenWithKeys: (d) => [[...d.entries()].map(([k, v]) => [MappingKey(k), v]), [...d.keys()]],
};

type DefaultDictContext = [DefaultFactoryName, unknown[]];
export const DEFAULT_DICT: NodeDef<DefaultDict, DefaultDictContext> = {
  name: "defaultdict",
  serializedTypeName: "collections.defaultdict",
  builtin: "defaultdict",
  flatten: (d) => [[...d.values()], [d.defaultFactory, [...d.keys()]]],
  unflatten: (children, [factory, keys]) =>
    new DefaultDict(factory, keys.map((k, i) => [k, children[i]] as const)),
  flattenWithKeys: (d) => [
    [...d.entries()].map(([k, v]) => [MappingKey(k), v]),
    [d.defaultFactory, [...d.keys()]],
  ],
  toDumpableContext: ([factory, keys]) =>
    new Map<string, unknown>([
      ["default_factory_module", factory.module],
      ["default_factory_name", factory.name],
      ["dict_context", keys],
    ]),
  fromDumpableContext: (d) => {
    const m = d instanceof Map ? d : null;
    const mod = m?.get("default_factory_module");
    const name = m?.get("default_factory_name");
    const keys = m?.get("dict_context");
    if (!m || m.size !== 3 || typeof mod !== "string" || typeof name !== "string" || !Array.isArray(keys)) {
      throw new TreeSpecSerializationError("Invalid defaultdict context in TreeSpec");
    }
    return [{ module: mod, name }, keys];
  },
};

export const DEQUE: NodeDef<Deque, number | null> = {
  name: "deque",
  serializedTypeName: "collections.deque",
  builtin: "deque",
  flatten: (d) => [d.items.slice(), d.maxlen],
  unflatten: (children, maxlen) => new Deque(children.slice(), maxlen),
  flattenWithKeys: (d) => [withIndexKeys(d.items.slice()), d.maxlen],
};

// namedtuple: the context is the class; it serializes as the name it was registered under.
const namedtupleNames = new Map<Function, string>();
const namedtupleByName = new Map<string, NamedTupleClass>();

export const NAMEDTUPLE: NodeDef<NamedTuple, NamedTupleClass> = {
  name: "namedtuple",
  serializedTypeName: "collections.namedtuple",
  builtin: "namedtuple",
  flatten: (t) => [Array.from(t), t.constructor as NamedTupleClass],
  unflatten: (children, cls) => cls.make(children),
  flattenWithKeys: (t) => {
    const cls = t.constructor as NamedTupleClass;
    return [cls._fields.map((f, i) => [GetAttrKey(f), t[i]]), cls];
  },
  toDumpableContext: (cls) => {
    const name = namedtupleNames.get(cls);
    if (name === undefined) {
      throw new TreeSpecSerializationError(
        `Can't serialize TreeSpec of namedtuple class ${cls.typename} because we didn't register a ` +
          "serializated_type_name. Please register using `_register_namedtuple`.",
      );
    }
    return name;
  },
  fromDumpableContext: (name) => {
    const cls = typeof name === "string" ? namedtupleByName.get(name) : undefined;
    if (!cls) {
      throw new TreeSpecSerializationError(
        `Can't deserialize TreeSpec of namedtuple class ${String(name)} because we couldn't find a serializated name.`,
      );
    }
    return cls;
  },
};

/** Gives a namedtuple class a serialized name (torch.utils._pytree._register_namedtuple). */
export function register_namedtuple(cls: NamedTupleClass, options: { serialized_type_name: string }): void {
  namedtupleNames.set(cls, options.serialized_type_name);
  namedtupleByName.set(options.serialized_type_name, cls);
}

const customNodes = new Map<Function, NodeDef>();
const bySerializedName = new Map<string, NodeDef>(
  [TUPLE, LIST, DICT, NAMEDTUPLE, ORDERED_DICT, DEFAULT_DICT, DEQUE].map((d) => [d.serializedTypeName!, d]),
);

export interface RegisterOptions<T, C> {
  serialized_type_name?: string;
  to_dumpable_context?: (context: C) => unknown;
  from_dumpable_context?: (dumpable: unknown) => C;
  flatten_with_keys_fn?: (node: T) => [Array<[KeyEntry, unknown]>, C];
}

/**
 * Registers a class as a pytree node (torch.utils._pytree.register_pytree_node). Instances whose
 * constructor is exactly `cls` flatten with `flatten_fn`; `unflatten_fn` rebuilds them.
 */
export function register_pytree_node<T extends object, C>(
  cls: abstract new (...args: any[]) => T,
  flatten_fn: (node: T) => [unknown[], C],
  unflatten_fn: (children: unknown[], context: C) => T,
  options: RegisterOptions<T, C> = {},
): void {
  if (customNodes.has(cls)) throw new PytreeRegistrationError(`${cls.name} is already registered as pytree node.`);
  if ((options.to_dumpable_context === undefined) !== (options.from_dumpable_context === undefined)) {
    throw new PytreeRegistrationError(
      `Both to_dumpable_context and from_dumpable_context for ${cls.name} must be None or registered.`,
    );
  }
  const def: NodeDef<T, C> = {
    name: cls.name,
    serializedTypeName: options.serialized_type_name ?? null,
    flatten: flatten_fn,
    unflatten: unflatten_fn,
    flattenWithKeys: options.flatten_with_keys_fn,
    toDumpableContext: options.to_dumpable_context,
    fromDumpableContext: options.from_dumpable_context,
  };
  customNodes.set(cls, def);
  if (def.serializedTypeName !== null) bySerializedName.set(def.serializedTypeName, def);
}

/** _list_flatten(d): a list's children, with no context. */
export const _list_flatten = <T>(d: T[]): [T[], null] => [[...d], null];
/** _list_flatten_with_keys(d): a list's children keyed by index (SequenceKey). */
export const _list_flatten_with_keys = <T>(d: T[]): [Array<[KeyEntry, T]>, null] => [d.map((v, i) => [SequenceKey(i), v]), null];
/** _list_unflatten(values, context): the list again. */
export const _list_unflatten = <T>(values: Iterable<T>, _context: unknown): T[] => [...values];

/** Removes a registration (tests and hot reload). */
export function _deregister_pytree_node(cls: Function): void {
  const def = customNodes.get(cls);
  customNodes.delete(cls);
  if (def?.serializedTypeName != null) bySerializedName.delete(def.serializedTypeName);
}

/** The node definition for a value, or null when the value is a leaf (None is a leaf, as in 2.11). */
export function nodeDefOf(x: unknown): NodeDef | null {
  // A callable instance (an nn.Module) is a node only when its class is registered.
  if (typeof x === "function") return customNodes.get(Object.getPrototypeOf(x)?.constructor) ?? null;
  if (x === null || typeof x !== "object") return null;
  if (Array.isArray(x)) {
    if (x instanceof NamedTuple) return NAMEDTUPLE;
    if (x instanceof PyTuple) return TUPLE;
    const proto = Object.getPrototypeOf(x);
    if (proto === Array.prototype) return LIST;
  }
  const ctor = Object.getPrototypeOf(x)?.constructor;
  const custom = ctor ? customNodes.get(ctor) : undefined;
  if (custom) return custom;
  if (x instanceof Map) {
    if (ctor === Map) return DICT;
    if (ctor === OrderedDict) return ORDERED_DICT;
    if (ctor === DefaultDict) return DEFAULT_DICT;
    return null;
  }
  if (ctor === Deque) return DEQUE;
  const proto = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) return DICT;
  return null;
}

/** The node definition registered under a serialized type name. */
export function nodeDefBySerializedName(name: string): NodeDef | undefined {
  return bySerializedName.get(name);
}
