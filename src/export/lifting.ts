// Lifting (torch/export/_trace.py + placeholder naming): the module's parameters, buffers and
// tensor constants, then the user's inputs, become the graph's placeholders, in PyTorch's order
// and with PyTorch's names (`p_fc1_weight`, `b_bn_running_mean`, `c_offset`, `x`, `pair_0`); tensors
// the model reaches that are none of these become `c_lifted_tensor_N` constants.
import type { Graph, Node } from "../fx/index.js";
import { keystr, tree_leaves_with_path, type KeyPath } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { InputSpec } from "../program/signature.js";
import type { ExportableModule } from "./export.js";
import { tensorMeta, type TraceMode } from "./trace_mode.js";

/** The lifted state and the user inputs, as placeholders and input specs. */
export class LiftedInputs {
  readonly inputSpecs: InputSpec[] = [];
  /** Parameters and persistent buffers, by FQN. */
  readonly stateDict = new Map<string, Tensor>();
  /** Non-persistent buffers and tensor constants, by FQN. */
  readonly constants = new Map<string, Tensor>();
  /** [fqn, real tensor, fake stand-in] for swapping the module's state while tracing. */
  readonly swaps: Array<[string, Tensor, Tensor]> = [];
  /** User-input tensors' placeholders and fakes, in order. */
  readonly userPlaceholders: Array<[Node, Tensor]> = [];
  private liftedCount = 0;

  constructor(
    private readonly graph: Graph,
    private readonly mode: TraceMode,
  ) {}

  /** Placeholders for the module's parameters, buffers and tensor constants. */
  liftState(mod: ExportableModule): void {
    const nonPersistent = new Set(mod.non_persistent_buffers?.() ?? []);
    for (const [fqn, p] of mod.named_parameters()) {
      this.liftStateTensor(fqn, p, "p", "PARAMETER", null);
      this.stateDict.set(fqn, p);
    }
    for (const [fqn, b] of mod.named_buffers()) {
      const persistent = !nonPersistent.has(fqn);
      this.liftStateTensor(fqn, b, "b", "BUFFER", persistent);
      (persistent ? this.stateDict : this.constants).set(fqn, b);
    }
    for (const [fqn, c] of mod.named_tensor_constants?.() ?? []) {
      this.liftStateTensor(fqn, c, "c", "CONSTANT_TENSOR", null);
      this.constants.set(fqn, c);
    }
  }

  private liftStateTensor(fqn: string, t: Tensor, prefix: string, kind: InputSpec["kind"], persistent: boolean | null): void {
    const node = this.graph.placeholder(`${prefix}_${fqn.replace(/\./g, "_").toLowerCase()}`);
    const fake = Tensor.fake(t.shape, t.dtype, t._stride, t._offset);
    fake.requires_grad = t.requires_grad;
    node.meta.val = tensorMeta(fake);
    this.mode.bindTensor(fake, node);
    this.swaps.push([fqn, t, fake]);
    this.inputSpecs.push({ kind, arg: { kind: "TensorArgument", name: node.name }, target: fqn, persistent });
  }

  /** Placeholders for the user's inputs (forward's arguments, flattened), tensors by their fakes. */
  liftUserInputs(combined: ReadonlyMap<string, unknown>, fakes: ReadonlyMap<Tensor, Tensor>): void {
    for (const [path, leaf] of tree_leaves_with_path(Object.fromEntries(combined))) {
      const node = this.graph.placeholder(placeholderName(path));
      if (leaf instanceof Tensor) {
        const fake = fakes.get(leaf)!;
        node.meta.val = tensorMeta(fake);
        this.mode.bindTensor(fake, node);
        this.userPlaceholders.push([node, fake]);
        this.inputSpecs.push({ kind: "USER_INPUT", arg: { kind: "TensorArgument", name: node.name }, target: null, persistent: null });
      } else {
        node.meta.val = leaf as never;
        this.inputSpecs.push({ kind: "USER_INPUT", arg: { kind: "ConstantArgument", name: node.name, value: leaf }, target: null, persistent: null });
      }
    }
  }

  /**
   * A real tensor reached from forward that is none of the above (a captured tensor, a default
   * argument) becomes a constant: `c_lifted_tensor_0: CONSTANT_TENSOR target='lifted_tensor_0'`,
   * placed after the other constants and before the user inputs.
   */
  liftConstant(t: Tensor): Node {
    const target = `lifted_tensor_${this.liftedCount}`;
    const before = this.userPlaceholders[0]?.[0] ?? this.graph.nodes.find((n) => n.op !== "placeholder") ?? null;
    const point = this.graph.inserting_before(before);
    const node = this.graph.placeholder(`c_${target}`);
    point.restore();
    node.meta.val = tensorMeta(t);
    const firstUser = this.inputSpecs.findIndex((spec) => spec.kind === "USER_INPUT");
    this.inputSpecs.splice(firstUser < 0 ? this.inputSpecs.length : firstUser, 0, {
      kind: "CONSTANT_TENSOR",
      arg: { kind: "TensorArgument", name: node.name },
      target,
      persistent: null,
    });
    this.constants.set(target, t);
    this.liftedCount++;
    return node;
  }
}

// `x`, `pair_0`, `cfg_alpha`: a user input's placeholder name from its path.
function placeholderName(path: KeyPath): string {
  return keystr(path)
    .replace(/^\['([^']*)'\]/, "$1")
    .replace(/\[(?:'([^']*)'|(\d+))\]|\.(\w+)/g, (_m, key, idx, attr) => `_${key ?? idx ?? attr}`)
    .replace(/[^A-Za-z0-9_]/g, "_");
}
