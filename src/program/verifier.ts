// The check run_decompositions ends with: every call_function node of the decomposed program (its
// subgraphs included) calls a core ATen op (tagged `core` in PyTorch 2.11's schemas), a
// higher-order op, a Python size function, or an op the table keeps — one with no entry in the
// table, because the caller removed it or because PyTorch's table has none either (such ops stay
// in PyTorch's decomposed programs too; docs/conformance.md lists them). An in-place op, an op the
// table decomposes, or a CompositeImplicitAutograd op PyTorch always decomposes is a pt2js bug, and
// fails with an error naming the op and the node.
import type { Graph, GraphModule, Node } from "../fx/index.js";
import { Pt2jsError } from "../core/errors.js";
import { lookupOp, type OpOverload } from "../ops/registry.js";
import { IMPLICIT, KEEP, decompositionKey, type DecompositionTable } from "./decompositions/index.js";

/** A decomposed program that still calls an op it should not (run_decompositions' verifier). */
export class DecompositionVerificationError extends Pt2jsError {
  constructor(
    message: string,
    /** The op's target text (`torch.ops.aten.add_.Tensor`). */
    readonly op: string,
    /** The node calling it. */
    readonly node: string,
  ) {
    super(message);
  }
}

/** Why `op` may not remain in a program decomposed with `table`, or null when it may. */
export function disallowedReason(op: OpOverload, table: DecompositionTable): string | null {
  if (op.isMutable) return "it writes its input in place (functionalization should have replaced it)";
  if (op.tags.includes("core")) return null;
  const key = decompositionKey(op);
  const entry = table.get(key);
  if (entry !== undefined && entry !== KEEP) return "the decomposition table has an entry for it";
  if (IMPLICIT.has(key)) return "PyTorch always decomposes it (CompositeImplicitAutograd)";
  return null;
}

const PY_FUNCTIONS = /^_operator\.|^operator\.|^math\.|^torch\.sym_|^torch\._sym_/;

/** Throws DecompositionVerificationError for the first node whose target may not remain. */
export function verifyDecomposed(gm: GraphModule, table: DecompositionTable): void {
  verifyGraph(gm.graph, table);
  for (const [, child] of gm.named_children()) verifyDecomposed(child as GraphModule, table);
}

function verifyGraph(graph: Graph, table: DecompositionTable): void {
  for (const node of graph.nodes) {
    if (node.op !== "call_function") continue;
    const target = targetName(node);
    if (target.startsWith("torch.ops.higher_order.") || PY_FUNCTIONS.test(target)) continue;
    const op = target.startsWith("torch.ops.aten.") ? lookupOp(target) : undefined;
    if (op === undefined) {
      throw new DecompositionVerificationError(`run_decompositions: node '${node.name}' calls ${target}, which is neither an ATen op nor a higher-order op`, target, node.name);
    }
    const why = disallowedReason(op, table);
    if (why !== null) {
      throw new DecompositionVerificationError(
        `run_decompositions: the decomposed program still calls ${op.toString()} (node '${node.name}'), but ${why}; ` +
          "after run_decompositions every op must be core ATen, a higher-order op, or an op the table keeps",
        target,
        node.name,
      );
    }
  }
}

function targetName(node: Node): string {
  const t = node.target as { qualifiedName?: string } | string;
  return typeof t === "string" ? t : (t.qualifiedName ?? String(t));
}
