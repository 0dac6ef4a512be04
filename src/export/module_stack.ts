// The stack of module calls active while tracing, recorded as node.meta["nn_module_stack"]:
// key → [fully qualified name, module type], outermost first, as PyTorch records it
// (`L__self__` → ["", "__main__.MLP"], `L__self__fc1` → ["fc1", "torch.nn.modules.linear.Linear"],
// `L__self__blocks.0.ln1` → ["blocks.0.ln1", ...], as 2.11's serialized programs show them). A
// module called again in the same forward gets `@1`, `@2`, ... on its key (`L__self__layer1.0.relu@1`,
// ResNet's BasicBlock calling its relu twice).

const stack: Array<[string, [string, string]]> = [];
/**
 * Per entry of the stack: the node.meta["stack_trace"] text of the frames above that module call
 * (stack_trace.ts fills it on the first capture that passes the call; undefined until then). The frames
 * above a call cannot change while it runs, so every op inside it shares them.
 */
export const outerTraces: Array<string | undefined> = [];
/**
 * Per entry: for a call of one of pt2js's own nn modules without hooks, its forward function (the
 * frames below such a call may all be pt2js's, so its ops may share the entry's trace: stack_trace.ts
 * learns it per function); null for any other call.
 */
export const ownForwards: Array<object | null> = [];
/** Per entry: node.meta["nn_module_stack"] of the nodes made while it is the innermost call, once made. */
const metas: Array<Record<string, [string, string]> | undefined> = [];
/** How many times each module (by FQN) has been entered in this trace. */
const calls = new Map<string, number>();

/** Called by the module call hook when a module's forward starts. */
export function enterModule(fqn: string, moduleType: string, ownForward: object | null = null): void {
  const n = calls.get(fqn) ?? 0;
  calls.set(fqn, n + 1);
  const key = n === 0 ? `L__self__${fqn}` : `L__self__${fqn}@${n}`;
  stack.push([key, [fqn, moduleType]]);
  outerTraces.push(undefined);
  ownForwards.push(ownForward);
  metas.push(undefined);
}

/** Called when that forward returns or throws. */
export function exitModule(): void {
  stack.pop();
  outerTraces.pop();
  ownForwards.pop();
  metas.pop();
}

/** Empties the stack (a fresh export, or after an error in user code). */
export function resetModuleStack(): void {
  stack.length = 0;
  outerTraces.length = 0;
  ownForwards.length = 0;
  metas.length = 0;
  calls.clear();
}

/**
 * The current stack for a node's metadata (null outside any module). The nodes made during one
 * module call share one object (as the nodes PyTorch's passes add share their anchor's); code that
 * changes a node's stack assigns a new object (unflatten_outline.ts), it does not edit this one.
 */
export function currentModuleStack(): Record<string, [string, string]> | null {
  const top = stack.length - 1;
  if (top < 0) return null;
  let meta = metas[top];
  if (meta === undefined) {
    meta = {};
    for (const [k, v] of stack) meta[k] = [v[0], v[1]];
    metas[top] = meta;
  }
  return meta;
}
