// Module calls while tracing: the nn_module_stack of every node, and the module call graph —
// one entry per submodule, with the call signature of those in preserve_module_call_signature.
import type { ModuleCallHook } from "../nn/hooks.js";
import { moduleTypeName, type Module } from "../nn/module.js";
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
    }
    this.preserved = new Set(preserve);
    // Named MODULE_CALL_FRAME (stack_trace.ts): each such frame on the stack is one entry of the
    // module stack, which lets stack traces reuse the frames above a module call for all its ops.
    const calls = this;
    this.hook = {
      call: function __pt2js_module_call__(module, callArgs, next) {
        const fqn = calls.fqnOf.get(module) ?? "";
        const type = moduleTypeName(module);
        enterModule(fqn, type, type.startsWith("torch.nn.") ? ownForward(module) : null);
        try {
          moduleCallTrace();
          const out = next(callArgs);
          if (calls.preserved.has(fqn)) calls.record(fqn, callArgs, out);
          return out;
        } finally {
          exitModule();
        }
      },
    };
  }

  /** The hook nn.Module calls go through while tracing. */
  readonly hook: ModuleCallHook;

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
