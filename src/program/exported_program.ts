// torch.export.ExportedProgram: the traced graph module, its signature, the lifted state, the
// range constraints of its symbols and the module call graph; printed exactly as PyTorch prints it.
import type { GraphModule } from "../fx/index.js";
import { exportedProgramBlock } from "../fx/index.js";
import type { Tensor } from "../tensor/tensor.js";
import type { ExportGraphSignature } from "./signature.js";
import { formatRangeConstraints, type RangeConstraint } from "./range_constraints.js";
import { unliftExportedProgram, type ExportedProgramModule, type UnliftOptions } from "./unlift.js";
import { runDecompositions } from "./run_decompositions.js";
import { toDecompositionTable, type Decomposition } from "./decompositions/index.js";
import type { OpOverload } from "../ops/registry.js";

/** One entry of the module call graph (ModuleCallEntry): a module's FQN and its call signature. */
export interface ModuleCallEntry {
  fqn: string;
  signature: {
    inputs: string[];
    outputs: string[];
    /** TreeSpec JSON of (args, kwargs) and of the outputs. */
    in_spec: string;
    out_spec: string;
    forward_arg_names: string[] | null;
  } | null;
}

export class ExportedProgram {
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

  /** torch.export.ExportedProgram.module(): a callable module running this program (see unlift.ts). */
  module(options: UnliftOptions = {}): ExportedProgramModule {
    return unliftExportedProgram(this, options);
  }

  /**
   * ep.run_decompositions(decomp_table): a new program in core ATen IR, functionalized (in-place
   * writes of inputs become BUFFER_MUTATION / USER_INPUT_MUTATION outputs). Without a table,
   * torch.export.default_decompositions().
   */
  run_decompositions(decomp_table?: ReadonlyMap<OpOverload | string, Decomposition> | Record<string, Decomposition>): ExportedProgram {
    return runDecompositions(this, decomp_table === undefined || decomp_table === null ? undefined : toDecompositionTable(decomp_table));
  }

  get graph() {
    return this.graph_module.graph;
  }

  /**
   * Gives the program's graph store back to the WASM core now, instead of when the garbage
   * collector finds the program unreachable (a FinalizationRegistry does that). The program, and
   * modules made by `module()` that have not run yet (they copy the graph on their first call),
   * raise GraphError afterwards. Subgraphs (cond/map branches), which modules share, are freed
   * when their last holder is dropped.
   */
  dispose(): void {
    this.graph_module.graph.dispose();
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
