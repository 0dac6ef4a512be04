// Module calls while tracing: the nn_module_stack of every node, and the module call graph —
// one entry per submodule, with the call signature of those in preserve_module_call_signature.
import type { ModuleCallHook } from "../nn/hooks.js";
import { moduleTypeName, type Module } from "../nn/module.js";
import { tree_flatten, treespec_dumps, tuple } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { ModuleCallEntry } from "../program/exported_program.js";
import type { ExportableModule } from "./export.js";
import { enterModule, exitModule } from "./module_stack.js";
import { moduleCallTrace } from "./stack_trace.js";
import type { TraceMode } from "./trace_mode.js";

type PreservedSignature = { in_spec: string; out_spec: string; inputs: string[]; outputs: string[] };

export class ModuleCalls {
  private readonly fqnOf = new Map<object, string>();
  private readonly preserved: Set<string>;
  private readonly signatures = new Map<string, PreservedSignature>();

  constructor(
    mod: ExportableModule,
    preserve: readonly string[],
    private readonly mode: TraceMode,
  ) {
    for (const [name, m] of mod.named_modules?.() ?? []) if (!this.fqnOf.has(m)) this.fqnOf.set(m, name);
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
          if (calls.preserved.has(fqn) && !calls.signatures.has(fqn)) {
            calls.signatures.set(fqn, {
              in_spec: treespec_dumps(tree_flatten(tuple(tuple(...callArgs), {}))[1]),
              out_spec: treespec_dumps(tree_flatten(out)[1]),
              inputs: calls.nodeNames(callArgs),
              outputs: calls.nodeNames(out),
            });
          }
          return out;
        } finally {
          exitModule();
        }
      },
    };
  }

  /** The hook nn.Module calls go through while tracing. */
  readonly hook: ModuleCallHook;

  private nodeNames(tree: unknown): string[] {
    return tree_flatten(tree)[0].flatMap((leaf) => {
      const node = leaf instanceof Tensor ? this.mode.tensorNodes.get(leaf) : undefined;
      return node === undefined ? [] : [node.name];
    });
  }

  /** The module call graph: the root's entry, then every submodule (signatures only where preserved). */
  graph(root: ModuleCallEntry): ModuleCallEntry[] {
    const submodules = [...this.fqnOf.values()].filter((fqn) => fqn !== "");
    return [
      root,
      ...submodules.map((fqn) => {
        const sig = this.signatures.get(fqn);
        return { fqn, signature: sig ? { ...sig, forward_arg_names: null } : null };
      }),
    ];
  }
}

// A pt2js nn module's forward, when nothing else runs inside its call: no forward hooks, and no
// forward set on the instance (stack_trace.ts then checks that its frames are all pt2js's).
function ownForward(module: Module): object | null {
  if (module._forward_pre_hooks.size !== 0 || module._forward_hooks.size !== 0) return null;
  if (Object.prototype.hasOwnProperty.call(module, "forward")) return null;
  return module.forward;
}
