// torch.fx.traceback's current node metadata: the node an Interpreter is running. A trace made
// while a graph is interpreted (exporting an `ep.module()` again) records that node's stack trace
// for the ops it makes, as PyTorch's preserve_node_meta() does.


const state: { node: { meta: { stack_trace?: unknown } } | null } = { node: null };

/** The node being interpreted (null outside an Interpreter run). */
export function currentInterpretedNode(): { meta: { stack_trace?: unknown } } | null {
  return state.node;
}

/** @internal Set by the Interpreter around each node it runs; returns the previous one. */
export function setCurrentInterpretedNode(node: { meta: { stack_trace?: unknown } } | null): { meta: { stack_trace?: unknown } } | null {
  const previous = state.node;
  state.node = node;
  return previous;
}
