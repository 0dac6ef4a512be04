// Module calls while tracing: the nn_module_stack of every node, and the module call graph —
// one entry per submodule, with the call signature of those in preserve_module_call_signature.
import type { ModuleCallHook } from "../nn/hooks.js";
import { Module as ModuleClass, moduleTypeName, type Module } from "../nn/module.js";
import { ModuleList, Sequential } from "../nn/modules/container.js";
import { tree_flatten, treespec_dumps, tuple } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { ModuleCallArgument, ModuleCallEntry } from "../program/exported_program.js";
import { AssertionError } from "./errors.js";
import type { ExportableModule } from "./export.js";
import { currentCallKey, enterModule, exitModule } from "./module_stack.js";
import { moduleCallTrace } from "./stack_trace.js";
import type { TraceMode } from "./trace_mode.js";

type PreservedSignature = { in_spec: string; out_spec: string; inputs: ModuleCallArgument[]; outputs: ModuleCallArgument[] };

export class ModuleCalls {
  private readonly fqnOf = new Map<object, string>();
  private readonly hierarchy: string[] = [];
  private readonly preserved: Set<string>;
  private readonly signatures = new Map<string, PreservedSignature>();
  /** Modules known by more than one name (shared submodules), by object. */
  private readonly shared = new Set<object>();
  /** The path a shared module is being called through (set by its alias, read by the call hook). */
  private pendingAlias: { module: object; path: string } | null = null;
  private readonly root: object;

  constructor(
    mod: ExportableModule,
    preserve: readonly string[],
    private readonly mode: TraceMode,
  ) {
    // `_EXPORT_MODULE_HIERARCHY`: every name of every module (named_modules(remove_duplicate=False)).
    const named = mod.named_modules as ((memo: null, prefix: string, removeDuplicate: boolean) => Iterable<[string, object]>) | undefined;
    for (const [name, m] of named?.call(mod, null, "", false) ?? []) {
      this.hierarchy.push(name);
      if (!this.fqnOf.has(m)) this.fqnOf.set(m, name);
      else this.shared.add(m);
    }
    this.root = mod;
    this.preserved = new Set(preserve);
    // Named MODULE_CALL_FRAME (stack_trace.ts): each such frame on the stack is one entry of the
    // module stack, which lets stack traces reuse the frames above a module call for all its ops.
    const calls = this;
    this.hook = {
      call: function __pt2js_module_call__(module, callArgs, next) {
        const alias = calls.pendingAlias;
        calls.pendingAlias = null;
        const known = alias !== null && alias.module === module ? alias.path : calls.fqnOf.get(module);
        // A module the root does not hold (made in forward) is no entry of the stack: its ops
        // belong to the caller, as _ModuleStackTracer only tracks modules reached as attributes.
        if (known === undefined) return next(callArgs);
        const fqn = known;
        const type = moduleTypeName(module);
        enterModule(fqn, type, type.startsWith("torch.nn.") ? ownForward(module) : null);
        const restore = module === calls.root && calls.shared.size > 0 ? calls.installAliases() : null;
        try {
          moduleCallTrace();
          const out = next(callArgs);
          if (calls.preserved.has(fqn)) calls.record(fqn, callArgs, out);
          return out;
        } finally {
          restore?.();
          exitModule();
        }
      },
    };
  }

  /** The hook nn.Module calls go through while tracing. */
  readonly hook: ModuleCallHook;

  // _ModuleStackTracer's AttrProxy: a module shared under several names is recorded under the
  // path it was reached by (`self.p(x)` is a call of `p` even when `p` is `self.n`). While the root
  // runs, each attribute holding a shared module reads as a callable alias of it that tells the
  // call hook its path; returns what puts the attributes back.
  private installAliases(): () => void {
    const installed: Array<[Module, string, Module]> = [];
    const aliases = new Map<Module, Map<string, Module>>();
    const pathOf = (owner: unknown): string => (owner === this.root ? "" : (aliasPaths.get(owner as object) ?? this.fqnOf.get(owner as object) ?? ""));
    const aliasPaths = new WeakMap<object, string>();
    const aliasOf = (child: Module, path: string): Module => {
      let byPath = aliases.get(child);
      if (byPath === undefined) aliases.set(child, (byPath = new Map()));
      let alias = byPath.get(path);
      if (alias === undefined) {
        alias = new Proxy(child, {
          apply: (target, thisArg, args) => {
            this.pendingAlias = { module: child, path };
            return Reflect.apply(target as unknown as (...a: unknown[]) => unknown, thisArg, args);
          },
        });
        aliasPaths.set(alias, path);
        byPath.set(path, alias);
      }
      return alias;
    };
    const parents = new Set<Module>();
    const containers = new Set<Module>();
    const patched: Array<[Module, string | symbol]> = [];
    for (const owner of this.fqnOf.keys()) {
      if (!(owner instanceof ModuleClass) || parents.has(owner)) continue;
      parents.add(owner);
      for (const [name, child] of owner._modules) {
        if (child === null || !this.shared.has(child)) continue;
        if (!Object.getOwnPropertyDescriptor(owner, name)?.writable) continue;
        Object.defineProperty(owner, name, {
          configurable: true,
          enumerable: true,
          get(this: unknown) {
            const base = pathOf(this);
            return aliasOf(child, base ? `${base}.${name}` : name);
          },
          set(value: unknown) {
            Object.defineProperty(owner, name, { value, writable: true, configurable: true, enumerable: true });
          },
        });
        installed.push([owner, name, child]);
        if (owner instanceof Sequential || owner instanceof ModuleList) containers.add(owner);
      }
    }
    // Sequential / ModuleList reach their children through `_modules` (AttrProxy's `_modules`
    // gives proxies too): iterating them, and Sequential's get(i), go through the aliases.
    const own = (o: Module, k: string | symbol) => Reflect.getOwnPropertyDescriptor(o, k) !== undefined;
    for (const owner of containers) {
      const children = (self: Module): Module[] =>
        [...owner._modules].flatMap(([k, m]) => (m === null ? [] : [this.shared.has(m) ? ((self as unknown as Record<string, Module>)[k] ?? m) : m]));
      if (!own(owner, Symbol.iterator)) {
        Object.defineProperty(owner, Symbol.iterator, {
          configurable: true,
          value: function (this: Module) {
            return children(this)[Symbol.iterator]();
          },
        });
        patched.push([owner, Symbol.iterator]);
      }
      if (owner instanceof Sequential && !own(owner, "get")) {
        const get = (self: Module) => (idx: number) => {
          const list = children(self);
          return list[idx < 0 ? idx + list.length : idx] ?? Sequential.prototype.get.call(owner, idx);
        };
        Object.defineProperty(owner, "get", { configurable: true, get(this: Module) { return get(this); } });
        patched.push([owner, "get"]);
      }
      // AttrProxy.__getitem__ with a slice: the new container's path is `<path>.slice(2, 3, None)`
      // (Python's repr of the slice) and its children are reached under it (`.2`, or `.0` for a
      // ModuleList, which renumbers).
      if (!own(owner, "slice")) {
        const calls = this;
        const slice = (self: Module) => (start: number | null = null, stop: number | null = null) => {
          const res = (owner instanceof Sequential ? Sequential.prototype.slice : ModuleList.prototype.slice).call(owner, start, stop) as Module;
          const base = pathOf(self);
          const label = `${base ? `${base}.` : ""}slice(${start ?? "None"}, ${stop ?? "None"}, None)`;
          const kids = [...res._modules].flatMap(([k, m]) => (m === null ? [] : [calls.shared.has(m) ? aliasOf(m, `${label}.${k}`) : m]));
          Object.defineProperty(res, Symbol.iterator, { configurable: true, value: () => kids[Symbol.iterator]() });
          return res;
        };
        Object.defineProperty(owner, "slice", { configurable: true, get(this: Module) { return slice(this); } });
        patched.push([owner, "slice"]);
      }
    }
    return () => {
      for (const [owner, key] of patched) Reflect.deleteProperty(owner, key);
      for (const [owner, name, child] of installed) {
        const desc = Object.getOwnPropertyDescriptor(owner, name);
        if (desc !== undefined && desc.get !== undefined) {
          Object.defineProperty(owner, name, { value: owner._modules.get(name) ?? child, writable: true, configurable: true, enumerable: true });
        }
      }
    };
  }

  // A preserved call's signature (_wrap_submodule's hooks and CollectTracepointsPass): the first
  // call is `fqn`; a later one is `fqn@<n>`, with the first call's specs (which every call must
  // share) and its own inputs and outputs.
  private record(fqn: string, callArgs: unknown[], out: unknown): void {
    const key = currentCallKey();
    const at = key.lastIndexOf("@");
    const callFqn = at < 0 ? fqn : `${fqn}@${key.slice(at + 1)}`;
    const in_spec = treespec_dumps(tree_flatten(tuple(tuple(...callArgs), {}))[1]);
    const out_spec = treespec_dumps(tree_flatten(out)[1]);
    const first = this.signatures.get(fqn);
    if (first !== undefined) {
      if (first.in_spec !== in_spec) throw new AssertionError(`in_spec mismatch for ${fqn}: ${first.in_spec} != ${in_spec}`);
      if (first.out_spec !== out_spec) throw new AssertionError(`out_spec mismatch for ${fqn}: ${first.out_spec} != ${out_spec}`);
    }
    if (this.signatures.has(callFqn)) return;
    this.signatures.set(callFqn, { in_spec, out_spec, inputs: this.argSpecs(callArgs), outputs: this.argSpecs(out) });
  }

  // get_arg_spec: a traced tensor by its node's name, anything else not traced as a constant.
  private argSpecs(tree: unknown): ModuleCallArgument[] {
    return tree_flatten(tree)[0].flatMap((leaf): ModuleCallArgument[] => {
      if (leaf instanceof Tensor) {
        const node = this.mode.tensorNodes.get(leaf);
        return node === undefined ? [] : [node.name];
      }
      if (leaf === null || leaf === undefined || typeof leaf === "number" || typeof leaf === "boolean" || typeof leaf === "string") {
        return [{ name: "", value: leaf ?? null }];
      }
      return [];
    });
  }

  /** The module call graph: the root's entry, then every submodule (signatures only where preserved). */
  // `_make_module_call_graph`: the module hierarchy, then the later calls of preserved modules.
  graph(root: ModuleCallEntry): ModuleCallEntry[] {
    const submodules = this.hierarchy.filter((fqn) => fqn !== "");
    const known = new Set(submodules);
    const entry = (fqn: string): ModuleCallEntry => {
      const sig = this.signatures.get(fqn);
      return { fqn, signature: sig ? { ...sig, forward_arg_names: null } : null };
    };
    return [root, ...submodules.map(entry), ...[...this.signatures.keys()].filter((f) => !known.has(f)).map(entry)];
  }
}

// A pt2js nn module's forward, when nothing else runs inside its call: no forward hooks, and no
// forward set on the instance (stack_trace.ts then checks that its frames are all pt2js's).
function ownForward(module: Module): object | null {
  if (module._forward_pre_hooks.size !== 0 || module._forward_hooks.size !== 0) return null;
  if (Object.prototype.hasOwnProperty.call(module, "forward")) return null;
  return module.forward;
}
