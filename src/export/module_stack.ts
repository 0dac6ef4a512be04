// The stack of module calls active while tracing, recorded as node.meta["nn_module_stack"]:
// key → [fully qualified name, module type], outermost first, as PyTorch records it
// (`L__self__` → ["", "__main__.MLP"], `L__self__fc1` → ["fc1", "torch.nn.modules.linear.Linear"],
// `L__self__blocks.0.ln1` → ["blocks.0.ln1", ...], as 2.11's serialized programs show them). A
// module called again in the same forward gets `@1`, `@2`, ... on its key (`L__self__layer1.0.relu@1`,
// ResNet's BasicBlock calling its relu twice).

/** One active module call. */
export interface ModuleCall {
  /** `L__self__fc1`, `L__self__layer1.0.relu@1`. */
  key: string;
  fqn: string;
  type: string;
  /**
   * The node.meta["stack_trace"] text of the frames above this call (stack_trace.ts fills it on the
   * first capture that passes the call). The frames above a call cannot change while it runs, so
   * every op inside it shares them.
   */
  outerTrace: string | undefined;
  /**
   * For a call of one of pt2js's own nn modules without hooks, its forward function (the frames
   * below such a call may all be pt2js's, so its ops may share the call's trace: stack_trace.ts
   * learns it per function); null for any other call.
   */
  ownForward: object | null;
  /** node.meta["nn_module_stack"] of the nodes made while this is the innermost call, once made. */
  meta: Record<string, [string, string]> | undefined;
}

/** The active module calls, outermost first. */
export const moduleCalls: ModuleCall[] = [];
/** The key PyTorch's pass puts on the nodes it adds (their serialized nn_module_stack). */
export const EMPTY_STACK_KEY = "_empty_nn_module_stack_from_metadata_hook";
/** How many times each module (by FQN) has been entered in this trace. */
const calls = new Map<string, number>();

/** Called by the module call hook when a module's forward starts. */
export function enterModule(fqn: string, moduleType: string, ownForward: object | null = null): void {
  const n = calls.get(fqn) ?? 0;
  calls.set(fqn, n + 1);
  const key = n === 0 ? `L__self__${fqn}` : `L__self__${fqn}@${n}`;
  moduleCalls.push({ key, fqn, type: moduleType, outerTrace: undefined, ownForward, meta: undefined });
}

/** The innermost active call's key (`L__self__n@1`); empty outside any module. */
export function currentCallKey(): string {
  return moduleCalls[moduleCalls.length - 1]?.key ?? "";
}

/** Called when that forward returns or throws. */
export function exitModule(): void {
  moduleCalls.pop();
}

/** Empties the stack (a fresh export, or after an error in user code). */
export function resetModuleStack(): void {
  moduleCalls.length = 0;
  calls.clear();
}

/**
 * The current stack for a node's metadata (null outside any module). The nodes made during one
 * module call share one object (as the nodes PyTorch's passes add share their anchor's); code that
 * changes a node's stack assigns a new object (unflatten_outline.ts), it does not edit this one.
 */
export function currentModuleStack(): Record<string, [string, string]> | null {
  const top = moduleCalls[moduleCalls.length - 1];
  if (top === undefined) return null;
  if (top.meta === undefined) {
    top.meta = {};
    for (const c of moduleCalls) top.meta[c.key] = [c.fqn, c.type];
  }
  return top.meta;
}

/**
 * The ops of a higher-order op's subgraph (cond branches, map / scan bodies) carry an empty module
 * stack: PyTorch traces them with no module call active, so their nn_module_stack is {} (which
 * serialization drops, and its deserializer gives back as {}).
 */
export function emptyModuleStacks(graph: { readonly nodes: Iterable<{ op: string; meta: { nn_module_stack?: unknown } }> }): void {
  for (const n of graph.nodes) {
    if (n.op !== "placeholder" && n.op !== "output" && n.meta.nn_module_stack == null) n.meta.nn_module_stack = {};
  }
}
