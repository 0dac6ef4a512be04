// nn.Module: the base class of models and layers.
//
// A module instance is callable (`this.fc1(x)` runs `forward` through `__call__`, which runs the
// module call hooks of hooks.ts). JavaScript has no __setattr__, so the base constructor returns a
// Proxy over a function object whose prototype is the subclass's prototype: subclass class fields
// and assignments land on it through the proxy's `defineProperty`/`set` traps, which register
// Parameters, buffers and submodules in order, as PyTorch's Module.__setattr__ does. Reads are not
// trapped: every attribute is also an own property of the function object.
import { Tensor } from "../tensor/tensor.js";
import { DType } from "../tensor/dtype.js";
import { TorchAttributeError, TorchKeyError, TorchTypeError, TorchValueError, NotImplementedError } from "./errors.js";
import { Parameter } from "./parameter.js";
import { callModule } from "./hooks.js";
import { parameterList, type ForwardParameter } from "../export/arg_names.js";
import { isPlainObject } from "../bind/options.js";
import { loadStateDict, saveStateDict, type IncompatibleKeys, type StateDictInput } from "./state_dict.js";
import { moduleRepr } from "./repr.js";

export type ForwardPreHook = (module: Module, args: unknown[]) => unknown[] | unknown | undefined;
export type ForwardHook = (module: Module, args: unknown[], output: unknown) => unknown;

/** A handle whose remove() unregisters a hook. */
export interface RemovableHandle {
  remove(): void;
}

/** Python's type name of a value, as PyTorch's assignment errors print it. */
function pyTypeName(v: unknown): string {
  if (v instanceof Tensor) return "torch.Tensor";
  if (v instanceof Module) return moduleTypeName(v);
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  return Array.isArray(v) ? "list" : "object";
}

/** The PyTorch qualified type name of a module: `torch.nn.modules.linear.Linear`, or `__main__.ClassName` for user classes. */
export function moduleTypeName(m: Module): string {
  const ctor = m.constructor as { name: string; __module_type__?: string };
  return Object.prototype.hasOwnProperty.call(ctor, "__module_type__") ? ctor.__module_type__! : `__main__.${ctor.name}`;
}

const INTERNAL = ["_parameters", "_buffers", "_non_persistent_buffers_set", "_modules", "_forward_pre_hooks", "_forward_hooks"];

export interface Module {
  /** Calls the module: forward pre-hooks, `forward`, forward hooks, inside the module call hook. */
  (...args: Parameters<this["forward"]>): ReturnType<this["forward"]>;
}

export class Module {
  /** The PyTorch qualified type name (set on every built-in layer class; user classes get `__main__.Name`). */
  static __module_type__?: string;

  declare training: boolean;
  declare _parameters: Map<string, Parameter | null>;
  declare _buffers: Map<string, Tensor | null>;
  declare _non_persistent_buffers_set: Set<string>;
  declare _modules: Map<string, Module | null>;
  declare _forward_pre_hooks: Map<number, ForwardPreHook>;
  declare _forward_hooks: Map<number, ForwardHook>;

  constructor() {
    const target = (() => undefined) as unknown as Module;
    delete (target as unknown as { name?: string }).name;
    delete (target as unknown as { length?: number }).length;
    Object.setPrototypeOf(target, new.target.prototype);
    const hidden = (k: string, v: unknown) => Object.defineProperty(target, k, { value: v, writable: true, configurable: true, enumerable: false });
    hidden("_parameters", new Map());
    hidden("_buffers", new Map());
    hidden("_non_persistent_buffers_set", new Set());
    hidden("_modules", new Map());
    hidden("_forward_pre_hooks", new Map());
    hidden("_forward_hooks", new Map());
    hidden("training", true);
    const proxy: Module = new Proxy(target, {
      apply: (_t, _this, args: unknown[]) => proxy.__call__(...args),
      set: (t, key, value, receiver) => {
        if (typeof key !== "string" || INTERNAL.includes(key) || hasSetter(t, key)) return Reflect.set(t, key, value, receiver);
        setAttr(t, key, value);
        return true;
      },
      defineProperty: (t, key, desc) => {
        if (typeof key !== "string" || !("value" in desc) || INTERNAL.includes(key)) return Reflect.defineProperty(t, key, desc);
        setAttr(t, key, desc.value);
        return true;
      },
      deleteProperty: (t, key) => {
        if (typeof key === "string") {
          t._parameters.delete(key);
          t._buffers.delete(key);
          t._non_persistent_buffers_set.delete(key);
          t._modules.delete(key);
        }
        return Reflect.deleteProperty(t, key);
      },
    });
    return proxy;
  }

  /** The computation; subclasses override it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(..._args: any[]): any {
    throw new NotImplementedError(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /** Python's module(...): hooks around `forward`. */
  __call__(...args: unknown[]): unknown {
    args = bindForwardKeywords(this, args);
    return callModule(this, args, (a) => {
      let cur = a;
      for (const hook of this._forward_pre_hooks.values()) {
        const r = hook(this, cur);
        if (r !== undefined && r !== null) cur = Array.isArray(r) ? r : [r];
      }
      let out = (this.forward as (...x: unknown[]) => unknown)(...cur);
      for (const hook of this._forward_hooks.values()) {
        const r = hook(this, cur, out);
        if (r !== undefined && r !== null) out = r;
      }
      return out;
    });
  }

  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    return addHook(this._forward_pre_hooks, hook);
  }
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    return addHook(this._forward_hooks, hook);
  }

  // ---------------------------------------------------------------- registration

  register_parameter(name: string, param: Parameter | null): void {
    checkName("parameter", name);
    if (name in this && !this._parameters.has(name)) throw new TorchKeyError(`attribute '${name}' already exists`);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TorchTypeError(`cannot assign '${pyTypeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    this._parameters.set(name, param);
    defineOwn(this, name, param);
  }

  register_buffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    checkName("buffer", name);
    if (name in this && !this._buffers.has(name)) throw new TorchKeyError(`attribute '${name}' already exists`);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TorchTypeError(`cannot assign '${pyTypeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    this._buffers.set(name, tensor);
    if (opts.persistent === false) this._non_persistent_buffers_set.add(name);
    else this._non_persistent_buffers_set.delete(name);
    defineOwn(this, name, tensor);
  }

  add_module(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new TorchTypeError(`${pyTypeName(module)} is not a Module subclass`);
    if (typeof name !== "string") throw new TorchTypeError(`module name should be a string. Got ${pyTypeName(name)}`);
    if (name in this && !this._modules.has(name)) throw new TorchKeyError(`attribute '${name}' already exists`);
    if (name.includes(".")) throw new TorchKeyError(`module name can't contain ".", got: ${name}`);
    if (name === "") throw new TorchKeyError(`module name can't be empty string ""`);
    this._modules.set(name, module);
    defineOwn(this, name, module);
  }
  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  // ---------------------------------------------------------------- traversal

  /** (name, module) for the direct children, in registration order (each module once). */
  *named_children(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [name, m] of this._modules) {
      if (m !== null && !memo.has(m)) {
        memo.add(m);
        yield [name, m];
      }
    }
  }
  *children(): Generator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  /** (fqn, module) for this module and all descendants, depth first, in registration order. */
  *named_modules(memo: Set<Module> | null = null, prefix = "", remove_duplicate = true): Generator<[string, Module]> {
    const seen = memo ?? new Set<Module>();
    if (remove_duplicate && seen.has(this)) return;
    if (remove_duplicate) seen.add(this);
    yield [prefix, this];
    for (const [name, m] of this._modules) {
      if (m === null) continue;
      yield* m.named_modules(seen, prefix ? `${prefix}.${name}` : name, remove_duplicate);
    }
  }
  *modules(): Generator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  private *_named_members<T>(get: (m: Module) => Map<string, T | null>, prefix: string, recurse: boolean, remove_duplicate: boolean): Generator<[string, T]> {
    const memo = new Set<T>();
    const mods: Iterable<[string, Module]> = recurse ? this.named_modules(null, prefix, remove_duplicate) : [[prefix, this]];
    for (const [modPrefix, m] of mods) {
      for (const [k, v] of get(m)) {
        if (v === null || memo.has(v)) continue;
        if (remove_duplicate) memo.add(v);
        yield [modPrefix ? `${modPrefix}.${k}` : k, v];
      }
    }
  }

  /** (fqn, parameter) in PyTorch's order: module by module (named_modules order), each module's own in registration order. */
  named_parameters(prefix = "", recurse = true, remove_duplicate = true): Generator<[string, Parameter]> {
    return this._named_members((m) => m._parameters, prefix, recurse, remove_duplicate);
  }
  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.named_parameters("", recurse)) yield p;
  }
  /** (fqn, buffer), persistent or not. */
  named_buffers(prefix = "", recurse = true, remove_duplicate = true): Generator<[string, Tensor]> {
    return this._named_members((m) => m._buffers, prefix, recurse, remove_duplicate);
  }
  *buffers(recurse = true): Generator<Tensor> {
    for (const [, b] of this.named_buffers("", recurse)) yield b;
  }

  /** FQNs of the non-persistent buffers (left out of state_dict; lifted as constants by export). */
  *non_persistent_buffers(): Generator<string> {
    for (const [prefix, m] of this.named_modules()) {
      for (const k of m._non_persistent_buffers_set) if (m._buffers.get(k)) yield prefix ? `${prefix}.${k}` : k;
    }
  }

  /**
   * Plain tensor attributes (neither parameters nor buffers), by FQN: what export lifts as
   * constants (PyTorch's _gather_constant_attrs). A tensor reachable under several names is listed once per name.
   */
  *named_tensor_constants(): Generator<[string, Tensor]> {
    const state = new Set<Tensor>([...this.parameters(), ...this.buffers()]);
    function* walk(m: Module, prefix: string): Generator<[string, Tensor]> {
      for (const [k, v] of Object.entries(m)) {
        if (v instanceof Tensor && !state.has(v) && !m._parameters.has(k) && !m._buffers.has(k)) yield [prefix + k, v];
      }
      for (const [name, child] of m.named_children()) yield* walk(child, `${prefix}${name}.`);
    }
    yield* walk(this, "");
  }

  /** PyTorch's qualified type name of this module's class (`torch.nn.modules.linear.Linear`, `__main__.MLP`). */
  get __module_type__(): string {
    return moduleTypeName(this);
  }

  /** The submodule at a dotted path ("" is this module). */
  get_submodule(target: string): Module {
    if (target === "") return this;
    let mod: Module = this;
    for (const item of target.split(".")) {
      const next = (mod as unknown as Record<string, unknown>)[item];
      if (next === undefined) throw new TorchAttributeError(`${mod.constructor.name} has no attribute \`${item}\``);
      if (!(next instanceof Module)) throw new TorchAttributeError(`\`${item}\` is not an nn.Module`);
      mod = next;
    }
    return mod;
  }
  /** nn.Module.set_submodule(target, module, strict=False): replaces (or adds) the submodule at a dotted path. */
  set_submodule(target: string, module: Module, strict = false): void {
    if (target === "") throw new TorchValueError("Cannot set the submodule without a target name!");
    if (!(module instanceof Module)) throw new TorchValueError(`\`module\` is not an nn.Module, found ${pyTypeName(module)}`);
    const [parent, name] = splitTarget(this, target);
    const has = name in parent;
    if (strict && !has) throw new TorchAttributeError(`${parent.constructor.name} has no attribute \`${name}\``);
    if (has && !((parent as unknown as Record<string, unknown>)[name] instanceof Module)) {
      throw new TorchAttributeError(`\`${name}\` is not an nn.Module`);
    }
    (parent as unknown as Record<string, unknown>)[name] = module;
  }
  get_parameter(target: string): Parameter {
    const [mod, name] = splitTarget(this, target);
    if (!(name in mod)) throw new TorchAttributeError(`${mod.constructor.name} has no attribute \`${name}\``);
    const p = (mod as unknown as Record<string, unknown>)[name];
    if (!(p instanceof Parameter)) throw new TorchAttributeError(`\`${name}\` is not an nn.Parameter`);
    return p;
  }
  get_buffer(target: string): Tensor {
    const [mod, name] = splitTarget(this, target);
    if (!(name in mod)) throw new TorchAttributeError(`${mod.constructor.name} has no attribute \`${name}\``);
    if (!mod._buffers.has(name)) throw new TorchAttributeError(`\`${name}\` is not a buffer`);
    return mod._buffers.get(name)!;
  }

  /** Calls fn on every submodule (children first) and then on this module. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TorchValueError("training mode is expected to be boolean");
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /** Python requires_grad_: sets requires_grad on every parameter. */
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad = requires_grad;
    return this;
  }

  // ---------------------------------------------------------------- conversion

  /** Replaces every parameter and buffer (children first) by fn(tensor); parameters stay Parameters. */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const m of this.children()) m._apply(fn);
    for (const [k, p] of this._parameters) {
      if (p === null) continue;
      const out = fn(p);
      if (out !== p) defineOwn(this, k, out instanceof Parameter ? out : new Parameter(out, p.requires_grad));
    }
    for (const [k, b] of this._buffers) if (b !== null) defineOwn(this, k, fn(b));
    return this;
  }

  /** module.to(dtype) / to("cpu") / to({ dtype }): floating-point parameters and buffers take the dtype. */
  to(...args: (DType | string | Tensor | { dtype?: DType | null; device?: string })[]): this {
    let dtype: DType | null = null;
    for (const a of args) {
      if (a instanceof DType) dtype = a;
      else if (a instanceof Tensor) dtype = a.dtype;
      else if (typeof a === "object" && a !== null && a.dtype) dtype = a.dtype;
    }
    if (dtype === null) return this;
    if (!dtype.is_floating_point) {
      throw new TorchTypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    }
    return this._apply((t) => (t.is_floating_point() && t.dtype !== dtype ? t.to(dtype!) : t));
  }
  float(): this {
    return this._apply((t) => (t.is_floating_point() ? t.float() : t));
  }
  double(): this {
    return this._apply((t) => (t.is_floating_point() ? t.double() : t));
  }
  half(): this {
    return this._apply((t) => (t.is_floating_point() ? t.half() : t));
  }
  bfloat16(): this {
    return this._apply((t) => (t.is_floating_point() ? t.bfloat16() : t));
  }

  // ---------------------------------------------------------------- state dict

  /** Parameters and persistent buffers by fqn, in PyTorch's order (per module: parameters, then buffers; then children). */
  state_dict(opts: { prefix?: string; keep_vars?: boolean } = {}): Map<string, Tensor> {
    return saveStateDict(this, opts.prefix ?? "", opts.keep_vars ?? false);
  }

  /** Copies values from `state_dict` (a Map or a plain object); raises PyTorch's missing/unexpected key errors when strict. */
  load_state_dict(state_dict: StateDictInput, opts: { strict?: boolean; assign?: boolean } = {}): IncompatibleKeys {
    return loadStateDict(this, state_dict, opts.strict ?? true, opts.assign ?? false);
  }

  // ---------------------------------------------------------------- printing

  /** The text inside the parentheses of this module's repr (layers override it). */
  extra_repr(): string {
    return "";
  }
  /** PyTorch's module repr: `MLP(\n  (fc1): Linear(in_features=16, ...)\n)`. */
  toString(): string {
    return moduleRepr(this);
  }
}


// ---------------------------------------------------------------- attribute assignment

let hookId = 0;
function addHook<H>(map: Map<number, H>, hook: H): RemovableHandle {
  const id = hookId++;
  map.set(id, hook);
  return { remove: () => void map.delete(id) };
}

function checkName(kind: string, name: string): void {
  if (typeof name !== "string") throw new TorchTypeError(`${kind} name should be a string. Got ${pyTypeName(name)}`);
  if (name.includes(".")) throw new TorchKeyError(`${kind} name can't contain "."`);
  if (name === "") throw new TorchKeyError(`${kind} name can't be empty string ""`);
}

function splitTarget(root: Module, target: string): [Module, string] {
  const i = target.lastIndexOf(".");
  return i < 0 ? [root, target] : [root.get_submodule(target.slice(0, i)), target.slice(i + 1)];
}

/** Sets the attribute through the proxy's trap, which keeps the own property and the registries in step. */
function defineOwn(m: Module, key: string, value: unknown): void {
  Reflect.defineProperty(m, key, { value, writable: true, configurable: true, enumerable: true });
}

function hasSetter(t: object, key: string): boolean {
  if (Object.prototype.hasOwnProperty.call(t, key)) return false;
  for (let p = Object.getPrototypeOf(t); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d.set !== undefined;
  }
  return false;
}

let rawAssignment = false;
/** Runs `fn` with Module.__setattr__'s type checks off: any tensor may fill a parameter slot (stateless.ts). */
export function _withRawAssignment<T>(fn: () => T): T {
  const prev = rawAssignment;
  rawAssignment = true;
  try {
    return fn();
  } finally {
    rawAssignment = prev;
  }
}

/** Sees every Module.__setattr__ before it happens (export's attribute-assignment check). */
export type AssignmentHook = (target: Module, key: string) => void;
let assignmentHook: AssignmentHook | null = null;
/** Sets the hook (null: none); returns the previous one. */
export function setAssignmentHook(hook: AssignmentHook | null): AssignmentHook | null {
  const prev = assignmentHook;
  assignmentHook = hook;
  return prev;
}

/** Module.__setattr__: registers Parameters, submodules and buffer updates; anything else is a plain attribute. */
function setAttr(t: Module, key: string, value: unknown): void {
  assignmentHook?.(t, key);
  const removeFrom = (...maps: (Map<string, unknown> | Set<string>)[]) => maps.forEach((m) => m.delete(key));
  if (value instanceof Parameter) {
    removeFrom(t._buffers, t._modules, t._non_persistent_buffers_set);
    t._parameters.set(key, value);
  } else if (t._parameters.has(key)) {
    if (rawAssignment && value instanceof Tensor) {
      t._parameters.set(key, value as Parameter);
    } else if (value !== null && value !== undefined) {
      throw new TorchTypeError(`cannot assign '${pyTypeName(value)}' as parameter '${key}' (torch.nn.Parameter or None expected)`);
    } else {
      t._parameters.set(key, null);
    }
  } else if (value instanceof Module) {
    removeFrom(t._parameters, t._buffers, t._non_persistent_buffers_set);
    t._modules.set(key, value);
  } else if (t._modules.has(key)) {
    if (value !== null && value !== undefined) {
      throw new TorchTypeError(`cannot assign '${pyTypeName(value)}' as child module '${key}' (torch.nn.Module or None expected)`);
    }
    t._modules.set(key, null);
  } else if (t._buffers.has(key)) {
    if (value !== null && value !== undefined && !(value instanceof Tensor)) {
      throw new TorchTypeError(`cannot assign '${pyTypeName(value)}' as buffer '${key}' (torch.Tensor or None expected)`);
    }
    t._buffers.set(key, (value ?? null) as Tensor | null);
  }
  Reflect.defineProperty(t, key, { value, writable: true, configurable: true, enumerable: true });
}



// module(x, { y }) is Python's module(x, y=y): a trailing plain object whose keys all name forward's
// parameters after the positional arguments given is bound to them by name. Anything else (keys
// forward does not name, a rest parameter's options) reaches forward unchanged, as its trailing
// keyword-arguments object. Parameter names are read once per forward function.
const forwardNames = new WeakMap<object, readonly ForwardParameter[] | null>();
function bindForwardKeywords(module: Module, args: unknown[]): unknown[] {
  const n = args.length;
  const last = n > 0 ? args[n - 1] : undefined;
  if (!isPlainObject(last)) return args;
  // Modules that check their call against an exported input tree spec (ep.module(), unflattened
  // modules) see the call as given, as PyTorch's forward pre-hook sees (args, kwargs).
  if ("_in_spec" in module) return args;
  const fwd = module.forward as unknown as object;
  let params = forwardNames.get(fwd);
  if (params === undefined) {
    try {
      params = parameterList(module.forward as never, (module as { forwardArgNames?: readonly string[] }).forwardArgNames);
    } catch {
      params = null;
    }
    forwardNames.set(fwd, params);
  }
  if (params === null || params.some((p) => p.rest)) return args;
  const keys = Object.keys(last);
  const given = n - 1;
  const at = keys.map((k) => params!.findIndex((p) => p.name === k));
  // A key naming a parameter already given by position, or no key naming any: the object is a value
  // (a dict argument, or forward's own trailing options).
  if (keys.length === 0 || at.some((i) => i >= 0 && i < given) || at.every((i) => i < 0)) return args;
  const out = args.slice(0, given);
  const rest: Record<string, unknown> = {};
  keys.forEach((k, j) => {
    if (at[j]! >= 0) out[at[j]!] = last[k];
    else rest[k] = last[k];
  });
  // Keys forward does not name are its **kwargs: the trailing options object, in its last parameter
  // (as export binds kwargs, callArguments).
  if (Object.keys(rest).length > 0) {
    const lastParam = params.length - 1;
    if (lastParam < given || at.includes(lastParam)) return args;
    out[lastParam] = rest;
  }
  // Parameters skipped between (left to their defaults) are undefined, as JavaScript defaults want.
  return out;
}
