// The stack of module calls active while tracing, recorded as node.meta["nn_module_stack"]:
// key → [fully qualified name, module type], outermost first, as PyTorch records it
// (`L__self__` → ["", "__main__.MLP"], `L__self__fc1` → ["fc1", "torch.nn.modules.linear.Linear"],
// `L__self__blocks.0.ln1` → ["blocks.0.ln1", ...], as 2.11's serialized programs show them). A
// module called again in the same forward gets `@1`, `@2`, ... on its key (`L__self__layer1.0.relu@1`,
// ResNet's BasicBlock calling its relu twice).

const stack: Array<[string, [string, string]]> = [];
/** How many times each module (by FQN) has been entered in this trace. */
const calls = new Map<string, number>();

/** Called by the module call hook when a module's forward starts. */
export function enterModule(fqn: string, moduleType: string): void {
  const n = calls.get(fqn) ?? 0;
  calls.set(fqn, n + 1);
  const key = n === 0 ? `L__self__${fqn}` : `L__self__${fqn}@${n}`;
  stack.push([key, [fqn, moduleType]]);
}

/** Called when that forward returns or throws. */
export function exitModule(): void {
  stack.pop();
}

/** Empties the stack (a fresh export, or after an error in user code). */
export function resetModuleStack(): void {
  stack.length = 0;
  calls.clear();
}

/** A copy of the current stack for a node's metadata (null outside any module). */
export function currentModuleStack(): Record<string, [string, string]> | null {
  if (stack.length === 0) return null;
  return Object.fromEntries(stack.map(([k, v]) => [k, [v[0], v[1]]]));
}
