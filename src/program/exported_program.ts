// torch.export.ExportedProgram: the traced graph module, its signature, the lifted state, the
// range constraints of its symbols and the module call graph; printed exactly as PyTorch prints it.
import { Node, exportedProgramBlock, type GraphModule } from "../fx/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { ExportGraphSignature } from "./signature.js";
import { formatRangeConstraints, type RangeConstraint } from "./range_constraints.js";
import { unliftExportedProgram, type ExportedProgramModule, type UnliftOptions } from "./unlift.js";
import { runDecompositions } from "./run_decompositions.js";
import { toDecompositionTable, type Decomposition } from "./decompositions/index.js";
import type { OpOverload } from "../ops/registry.js";
import { checkExampleInputs, type ExampleInputs } from "./example_inputs.js";

/**
 * An input or output of a preserved module call: a graph value by name (TensorArgument,
 * SymIntArgument, ...), or a ConstantArgument (`{ name: "", value }`) for a value that was not traced.
 */
export type ModuleCallArgument = string | { name: ""; value: unknown };

/** One entry of the module call graph (ModuleCallEntry): a module's FQN and its call signature. */
export interface ModuleCallEntry {
  fqn: string;
  signature: {
    inputs: ModuleCallArgument[];
    outputs: ModuleCallArgument[];
    /** TreeSpec JSON of (args, kwargs) and of the outputs. */
    in_spec: string;
    out_spec: string;
    forward_arg_names: string[] | null;
  } | null;
}

/**
 * `A` and `R` are the exported forward's parameter and return types (from the module given to
 * export; `any` for a loaded archive), so `ep.module()(x)` is typed as the model's call.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class ExportedProgram<A extends readonly unknown[] = any[], R = any> {
  /** Type-only: the forward's parameter and return types (never set). */
  declare readonly __call_types?: (...args: A) => R;
  constructor(
    readonly graph_module: GraphModule,
    readonly graph_signature: ExportGraphSignature,
    /** Parameters and persistent buffers, by FQN. */
    readonly state_dict: Map<string, Tensor>,
    /** Symbol (or derived expression) → range, in PyTorch's order. */
    readonly range_constraints: readonly RangeConstraint[],
    readonly module_call_graph: readonly ModuleCallEntry[],
    /** Non-persistent buffers and lifted tensor constants, by FQN. */
    readonly constants: Map<string, Tensor>,
    /** The tracer's guards as Python code over input sources (`_guards_code`), checked by module(). */
    readonly _guards_code: readonly string[] = [],
  ) {}

  /** @internal The (args, kwargs) the program was exported with (`example_inputs`). */
  _example_inputs: ExampleInputs | null = null;

  /** `ep.example_inputs`: the (args, kwargs) given to export; setting it checks them against the input spec. */
  get example_inputs(): ExampleInputs | null {
    return this._example_inputs;
  }

  set example_inputs(value: ExampleInputs | null) {
    this._example_inputs = checkExampleInputs(this as ExportedProgram, value);
  }

  /** torch.export.ExportedProgram.module(): a callable module running this program (see unlift.ts). */
  module(options: UnliftOptions = {}): ExportedProgramModule<A, R> {
    return unliftExportedProgram(this, options) as ExportedProgramModule<A, R>;
  }

  /**
   * ep.run_decompositions(decomp_table): a new program in core ATen IR, functionalized (in-place
   * writes of inputs become BUFFER_MUTATION / USER_INPUT_MUTATION outputs). Without a table,
   * torch.export.default_decompositions().
   */
  run_decompositions(decomp_table?: ReadonlyMap<OpOverload | string, Decomposition> | Record<string, Decomposition>): ExportedProgram<A, R> {
    return runDecompositions(this, decomp_table === undefined || decomp_table === null ? undefined : toDecompositionTable(decomp_table));
  }

  get graph() {
    return this.graph_module.graph;
  }

  /**
   * `ep._update(graph_module, graph_signature, { state_dict, constants })`: a new program with this
   * one's range constraints, module call graph and guards, after a pass edited the graph.
   */
  _update(
    graph_module: GraphModule,
    graph_signature: ExportGraphSignature,
    options: { state_dict?: Map<string, Tensor>; constants?: Map<string, Tensor> } = {},
  ): ExportedProgram<A, R> {
    graph_signature = commonGetitemElimination(graph_module, graph_signature);
    const updated = new ExportedProgram(
      graph_module,
      graph_signature,
      options.state_dict ?? this.state_dict,
      this.range_constraints,
      this.module_call_graph,
      options.constants ?? this.constants,
      this._guards_code,
    );
    updated._example_inputs = this._example_inputs;
    return updated;
  }

  /** `ep.named_buffers()`: the buffers by FQN (persistent ones from state_dict, the others from constants), in signature order. */
  *named_buffers(): IterableIterator<[string, Tensor]> {
    for (const fqn of this.graph_signature.buffers) {
      const t = this.state_dict.get(fqn) ?? this.constants.get(fqn);
      if (t !== undefined) yield [fqn, t];
    }
  }

  /** `ep.named_parameters()`: the parameters by FQN, in signature order. */
  *named_parameters(): IterableIterator<[string, Tensor]> {
    for (const fqn of this.graph_signature.parameters) {
      const t = this.state_dict.get(fqn);
      if (t !== undefined) yield [fqn, t];
    }
  }

  /**
   * Gives the program's graph store back to the WASM core now, instead of when the garbage
   * collector finds the program unreachable (a FinalizationRegistry does that). The program, and
   * modules made by `module()` that have not run yet (they copy the graph on their first call),
   * raise GraphError afterwards. Subgraphs (cond/map branches), which modules share, are freed
   * when their last holder is dropped.
   */
  dispose(): void {
    // The ShapeEnv of the program's symbolic sizes (reachable from its SymInts) goes too: a
    // service that disposes each program keeps the core's memory flat without waiting for a
    // major GC to run the finalizers.
    const graph = this.graph_module.graph;
    let env: { dispose(): void } | null = null;
    for (const node of graph.is_disposed ? [] : graph.nodes) {
      const val = node.meta.val as { shape?: unknown } | undefined;
      const dims = val !== null && typeof val === "object" && Array.isArray(val.shape) ? (val.shape as unknown[]) : [val];
      for (const d of dims) {
        const e = (d as { env?: unknown } | null)?.env as { dispose?: unknown } | undefined;
        if (e !== undefined && typeof e.dispose === "function") env = e as { dispose(): void };
      }
      if (env !== null) break;
    }
    graph.dispose();
    env?.dispose();
  }

  /** The text of `print(ep)` in PyTorch 2.11. */
  toString(): string {
    return (
      "ExportedProgram:\n" +
      exportedProgramBlock(this.graph_module) +
      "\nGraph signature: \n" +
      this.graph_signature.indented() +
      "\nRange constraints: " +
      formatRangeConstraints(this.range_constraints) +
      "\n"
    );
  }
}

/**
 * `_common_getitem_elimination_pass` (run when an ExportedProgram is built from an edited graph):
 * a second `operator.getitem(x, i)` of the same `x` and `i` is replaced by the first, and output
 * specs naming a removed node name the one that replaced it (the signature's replace hook).
 */
function commonGetitemElimination(gm: GraphModule, sig: ExportGraphSignature): ExportGraphSignature {
  const renamed = new Map<string, string>();
  const visit = (m: GraphModule): void => {
    const first = new Map<string, Node>();
    for (const node of m.graph.nodes) {
      if (node.op !== "call_function" || typeof node.target === "string" || node.target.qualifiedName !== "_operator.getitem") continue;
      const [source, idx] = node.args;
      if (!(source instanceof Node)) continue;
      const key = `${source.name}.${String(idx)}`;
      const kept = first.get(key);
      if (kept === undefined) {
        first.set(key, node);
        continue;
      }
      node.replace_all_uses_with(kept);
      renamed.set(node.name, kept.name);
      m.graph.erase_node(node);
    }
    for (const [, child] of m.named_children()) visit(child);
  };
  visit(gm);
  if (renamed.size === 0) return sig;
  return new ExportGraphSignature(
    sig.input_specs,
    sig.output_specs.map((spec) => {
      const to = renamed.get(spec.arg.name);
      return to === undefined ? spec : { ...spec, arg: { ...spec.arg, name: to } };
    }),
  );
}
