// Module calls while tracing: the nn_module_stack of every node, and the module call graph —
// one entry per submodule, with the call signature of those in preserve_module_call_signature.
import type { ModuleCallHook } from "../nn/hooks.js";
import { moduleTypeName } from "../nn/module.js";
import { tree_flatten, treespec_dumps, tuple } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { ModuleCallEntry } from "../program/exported_program.js";
import type { ExportableModule } from "./export.js";
import { enterModule, exitModule } from "./module_stack.js";
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
  }

  /** The hook nn.Module calls go through while tracing. */
  readonly hook: ModuleCallHook = {
    call: (module, callArgs, next) => {
      const fqn = this.fqnOf.get(module) ?? "";
      enterModule(fqn, moduleTypeName(module));
      try {
        const out = next(callArgs);
        if (this.preserved.has(fqn) && !this.signatures.has(fqn)) {
          this.signatures.set(fqn, {
            in_spec: treespec_dumps(tree_flatten(tuple(tuple(...callArgs), {}))[1]),
            out_spec: treespec_dumps(tree_flatten(out)[1]),
            inputs: this.nodeNames(callArgs),
            outputs: this.nodeNames(out),
          });
        }
        return out;
      } finally {
        exitModule();
      }
    },
  };

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
