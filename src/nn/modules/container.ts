// nn.Sequential, nn.ModuleList, nn.ModuleDict, nn.ParameterList, nn.ParameterDict (torch/nn/modules/container.py). Children are
// registered under "0", "1", ... (or their keys), so `seq[0]` reads the first one directly.
import { Module } from "../module.js";
import { isPlainObject } from "../../bind/options.js";
import { bindCtor, type CtorArgs, type CtorKwargs } from "./ctor.js";
import { TorchIndexError, TorchKeyError, TorchTypeError } from "../errors.js";
import { Parameter } from "../parameter.js";
import { Tensor } from "../../tensor/tensor.js";

/** Python's index normalization for len-n containers (negative counts from the end). */
function normIndex(idx: number, n: number, what: string): number {
  if (!Number.isInteger(idx)) throw new TorchTypeError(`${what} indices must be integers, not ${typeof idx}`);
  if (idx < -n || idx >= n) throw new TorchIndexError(`index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}

function entries(m: Module): Module[] {
  return [...m._modules.values()].filter((x): x is Module => x !== null);
}

export class Sequential extends Module {
  static override __module_type__ = "torch.nn.modules.container.Sequential";
  [index: number]: Module;

  /** new Sequential(m1, m2, ...) or new Sequential(new Map([["name", m], ...])) */
  constructor(...args: Module[] | [Map<string, Module>]) {
    super();
    // Sequential(*args): a trailing options object is keyword arguments, which it has none of.
    if (args.length > 0 && isPlainObject(args[args.length - 1])) bindCtor("Sequential", args);
    if (args.length === 1 && args[0] instanceof Map) {
      for (const [k, m] of args[0]) this.add_module(k, m);
    } else {
      (args as Module[]).forEach((m, i) => this.add_module(String(i), m));
    }
  }
  override get length(): number {
    return this._modules.size;
  }
  /** seq[idx] with negative indices. */
  get(idx: number): Module {
    return [...this._modules.values()][normIndex(idx, this._modules.size, "Sequential")]!;
  }
  /** seq[start:stop]: a Sequential of those modules under their names (Python slicing bounds). */
  slice(start: number | null = null, stop: number | null = null): Sequential {
    const items = [...this._modules.entries()];
    const n = items.length;
    const bound = (v: number | null, d: number) => (v === null ? d : v < 0 ? Math.max(0, n + v) : Math.min(v, n));
    return new Sequential(new Map(items.slice(bound(start, 0), bound(stop, n)).filter((e): e is [string, Module] => e[1] !== null)));
  }
  append(module: Module): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return entries(this)[Symbol.iterator]();
  }
  override forward(input: unknown): unknown {
    let x = input;
    for (const m of this) x = m(x);
    return x;
  }
}

export class ModuleList extends Module {
  static override __module_type__ = "torch.nn.modules.container.ModuleList";
  [index: number]: Module;

  /** ModuleList(modules=None) */
  constructor(...args: CtorArgs<"ModuleList">) {
    super();
    const [modules] = bindCtor("ModuleList", args) as [Iterable<Module> | null];
    if (modules !== null) this.extend(modules);
  }
  override get length(): number {
    return this._modules.size;
  }
  get(idx: number): Module {
    return (this as unknown as Record<string, Module>)[String(normIndex(idx, this._modules.size, "ModuleList"))]!;
  }
  /** fcs[start:stop]: a new ModuleList of those modules (renumbered from 0, as PyTorch's). */
  slice(start: number | null = null, stop: number | null = null): ModuleList {
    const mods = [...this._modules.values()].filter((m): m is Module => m !== null);
    const n = mods.length;
    const bound = (v: number | null, d: number) => (v === null ? d : v < 0 ? Math.max(0, n + v) : Math.min(v, n));
    return new ModuleList(mods.slice(bound(start, 0), bound(stop, n)));
  }
  append(module: Module): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  insert(index: number, module: Module): void {
    const list = entries(this);
    const n = list.length;
    const at = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    list.splice(at, 0, module);
    list.forEach((m, i) => this.add_module(String(i), m));
  }
  [Symbol.iterator](): Iterator<Module> {
    return entries(this)[Symbol.iterator]();
  }
  /** PyTorch's ModuleList repr: runs of identical entries collapse to `(0-1): 2 x Block(...)`. */
  override toString(): string {
    const reprs = entries(this).map(String);
    if (reprs.length === 0) return `${this.constructor.name}()`;
    const runs: [number, number, string][] = [];
    reprs.forEach((r, i) => {
      const last = runs[runs.length - 1];
      if (last && last[2] === r) last[1] = i;
      else runs.push([i, i, r]);
    });
    const lines = runs.map(([a, b, r]) => indent(a === b ? `(${a}): ${r}` : `(${a}-${b}): ${b - a + 1} x ${r}`));
    return `${this.constructor.name}(\n  ${lines.join("\n  ")}\n)`;
  }
}

/** Indents every line but the first by two spaces (PyTorch's _addindent). */
function indent(s: string): string {
  return s.split("\n").join("\n  ");
}

export class ModuleDict extends Module {
  static override __module_type__ = "torch.nn.modules.container.ModuleDict";

  /**
   * ModuleDict(modules=None). A plain object whose values are all modules is the mapping itself
   * (Python's `ModuleDict({"a": m})`), not keyword arguments; `{ modules: ... }` otherwise binds by keyword.
   */
  constructor(...args: (Map<string, Module> | Record<string, Module> | null | CtorKwargs<"ModuleDict">)[]) {
    super();
    const only = args.length === 1 ? args[0] : undefined;
    const mapping = isPlainObject(only) && Object.values(only).every((v) => v instanceof Module);
    const [modules] = (mapping ? [only] : bindCtor("ModuleDict", args)) as [Map<string, Module> | Record<string, Module> | null];
    if (modules !== null) this.update(modules);
  }
  override get length(): number {
    return this._modules.size;
  }
  /** md[key]; raises KeyError for a missing key. */
  get(key: string): Module {
    const m = this._modules.get(key);
    if (m === undefined || m === null) throw new TorchKeyError(`'${key}'`);
    return m;
  }
  set(key: string, module: Module): void {
    this.add_module(key, module);
  }
  has(key: string): boolean {
    return this._modules.has(key);
  }
  pop(key: string): Module {
    const m = this.get(key);
    delete (this as unknown as Record<string, unknown>)[key];
    return m;
  }
  keys(): string[] {
    return [...this._modules.keys()];
  }
  values(): Module[] {
    return entries(this);
  }
  items(): [string, Module][] {
    return [...this._modules].filter((e): e is [string, Module] => e[1] !== null);
  }
  update(modules: Map<string, Module> | Record<string, Module>): void {
    for (const [k, m] of modules instanceof Map ? modules : Object.entries(modules)) this.set(k, m);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}

// A Parameter as ParameterList / ParameterDict store it: a plain tensor is wrapped (PyTorch's
// `Parameter(value)` in __setitem__), anything else (None, a Parameter) is kept.
function asParameter(value: unknown): unknown {
  return value instanceof Tensor && !(value instanceof Parameter) ? new Parameter(value) : value;
}

export class ParameterList extends Module {
  static override __module_type__ = "torch.nn.modules.container.ParameterList";
  declare _size: number;

  /** ParameterList(values=None) */
  constructor(values: Iterable<unknown> | null = null) {
    super();
    Object.defineProperty(this, "_size", { value: 0, writable: true, configurable: true, enumerable: false });
    if (values !== null && values !== undefined) this.extend(values);
  }
  override get length(): number {
    return this._size;
  }
  /** plist[idx] */
  get(idx: number): unknown {
    return (this as unknown as Record<string, unknown>)[String(normIndex(idx, this._size, "ParameterList"))];
  }
  /** plist[idx] = param */
  set(idx: number, param: unknown): void {
    (this as unknown as Record<string, unknown>)[String(normIndex(idx, this._size, "ParameterList"))] = asParameter(param);
  }
  append(value: unknown): this {
    this._size += 1;
    this.set(this._size - 1, value);
    return this;
  }
  extend(values: Iterable<unknown>): this {
    for (const v of values) this.append(v);
    return this;
  }
  *[Symbol.iterator](): Iterator<unknown> {
    for (let i = 0; i < this._size; i++) yield this.get(i);
  }
}

export class ParameterDict extends Module {
  static override __module_type__ = "torch.nn.modules.container.ParameterDict";
  declare _keys: Map<string, null>;

  /** ParameterDict(parameters=None): a Map or a plain object of name → parameter. */
  constructor(parameters: Map<string, unknown> | Record<string, unknown> | null = null) {
    super();
    Object.defineProperty(this, "_keys", { value: new Map(), writable: true, configurable: true, enumerable: false });
    if (parameters !== null && parameters !== undefined) this.update(parameters);
  }
  override get length(): number {
    return this._keys.size;
  }
  /** pdict[key]; raises KeyError for a missing key. */
  get(key: string): unknown {
    if (!this._keys.has(key)) throw new TorchKeyError(`'${key}'`);
    return (this as unknown as Record<string, unknown>)[key];
  }
  /** pdict[key] = value */
  set(key: string, value: unknown): void {
    this._keys.set(key, null);
    (this as unknown as Record<string, unknown>)[key] = asParameter(value);
  }
  has(key: string): boolean {
    return this._keys.has(key);
  }
  pop(key: string): unknown {
    const v = this.get(key);
    this._keys.delete(key);
    delete (this as unknown as Record<string, unknown>)[key];
    return v;
  }
  keys(): string[] {
    return [...this._keys.keys()];
  }
  values(): unknown[] {
    return this.keys().map((k) => this.get(k));
  }
  items(): [string, unknown][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }
  update(parameters: Map<string, unknown> | Record<string, unknown>): void {
    for (const [k, v] of parameters instanceof Map ? parameters : Object.entries(parameters)) this.set(k, v);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}
