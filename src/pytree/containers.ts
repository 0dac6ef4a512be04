// JavaScript stand-ins for the Python containers that pytree distinguishes.
//
// Decision (documented in src/pytree/index.ts): a plain JS array is a Python *list*; a Python
// *tuple* is an array made by `tuple(...)` (a frozen array whose prototype is PyTuple.prototype).
// Export's `args` are a tuple, so `tree_flatten(tuple(tuple(x), {}))` gives PyTorch's in_spec.
// Plain objects and `Map`s are dicts; `OrderedDict`, `DefaultDict`, `Deque` and `namedtuple`
// classes below mirror the `collections` types.

/** A Python tuple: a frozen array. Methods like `map` return plain arrays (lists). */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** Makes a Python tuple of `items`. */
export function tuple<T extends unknown[]>(...items: T): PyTuple<T[number]> {
  const t = Object.setPrototypeOf(items.slice(), PyTuple.prototype) as PyTuple<T[number]>;
  return Object.freeze(t) as PyTuple<T[number]>;
}

/** True when `x` is a tuple made by `tuple(...)` or a namedtuple. */
export function isTuple(x: unknown): x is PyTuple {
  return x instanceof PyTuple;
}

/** Base class of the classes that `namedtuple()` makes. */
export class NamedTuple extends PyTuple {
  static readonly typename: string = "NamedTuple";
  static readonly _fields: readonly string[] = [];
}

export type NamedTupleClass = typeof NamedTuple & {
  /** Builds an instance from values in field order. */
  make(values: readonly unknown[]): NamedTuple;
  create(...values: unknown[]): NamedTuple;
};

/** collections.namedtuple(typename, fields): a class whose instances are tuples with named fields. */
export function namedtuple(typename: string, fields: readonly string[]): NamedTupleClass {
  const cls = class extends NamedTuple {
    static override readonly typename = typename;
    static override readonly _fields = Object.freeze(fields.slice());
    static make(values: readonly unknown[]): NamedTuple {
      if (values.length !== fields.length) {
        throw new TypeError(`${typename} expects ${fields.length} values, got ${values.length}`);
      }
      return Object.freeze(Object.setPrototypeOf(values.slice(), cls.prototype)) as NamedTuple;
    }
    static create(...values: unknown[]): NamedTuple {
      return cls.make(values);
    }
  };
  Object.defineProperty(cls, "name", { value: typename });
  fields.forEach((f, i) => {
    Object.defineProperty(cls.prototype, f, {
      get(this: unknown[]) {
        return this[i];
      },
    });
  });
  return cls;
}

/** collections.OrderedDict. */
export class OrderedDict<K = unknown, V = unknown> extends Map<K, V> {}

/** The default factory of a defaultdict, named as Python would (`builtins`, `list`). */
export interface DefaultFactoryName {
  module: string;
  name: string;
}

/** collections.defaultdict; the factory is only a name (Python functions do not exist here). */
export class DefaultDict<K = unknown, V = unknown> extends Map<K, V> {
  constructor(
    readonly defaultFactory: DefaultFactoryName,
    entries?: Iterable<readonly [K, V]>,
  ) {
    super(entries);
  }
}

/** collections.deque. */
export class Deque<T = unknown> {
  constructor(
    readonly items: T[] = [],
    readonly maxlen: number | null = null,
  ) {}
}
