// TypeScript ports of the zoo and shapes models of gen_reference.py, and which model (and mode)
// each reference case exports — shared by the eager checks here and the tracer's conformance tests.
import type { Module } from "../../src/nn/index.js";
import { MLP } from "./mlp.js";
import { CNN } from "./cnn.js";
import { Block } from "./block.js";
import { TinyGPT } from "./tinygpt.js";
import { Counter } from "./counter.js";
import { InputMutation } from "./input_mutation.js";
import { Nested } from "./nested.js";
import { CondModel } from "./cond_model.js";
import { NonZero } from "./nonzero.js";
import { ItemCheck } from "./item_check.js";
import { DataDepBranch } from "./data_dep_branch.js";
import { AddTwo } from "./add_two.js";
import { SliceAdd } from "./slice_add.js";
import { ViewSpecialize } from "./view_specialize.js";
import { ShapeGuard } from "./shape_guard.js";
import { Concat } from "./concat.js";
import { Reshape } from "./reshape.js";
import { Sub } from "./sub.js";
import { PreserveSig } from "./preserve_sig.js";
import { DivisibleReshape } from "./divisible_reshape.js";

export {
  MLP, CNN, Block, TinyGPT, Counter, InputMutation, Nested, CondModel, NonZero, ItemCheck, DataDepBranch, AddTwo,
  SliceAdd, ViewSpecialize, ShapeGuard, Concat, Reshape, Sub, PreserveSig, DivisibleReshape,
};

export interface ModelCase {
  /** Builds the model in the mode gen_reference.py exports it (`.eval()` / `.train()` / as constructed). */
  make: () => Module;
  /** Keyword arguments: names of the trailing options object's entries (gen_reference.py's kwargs). */
  kwargs?: readonly string[];
}


/** "zoo/mlp_dynamic_batch" → its model, keyed like the corpus folders. */
export const MODEL_CASES: Record<string, ModelCase> = {
  "zoo/mlp_dynamic_batch": { make: () => new MLP().eval() },
  "zoo/mlp_static": { make: () => new MLP().eval() },
  "zoo/cnn_eval_dynamic_batch": { make: () => new CNN().eval() },
  "zoo/cnn_train_buffer_mutation": { make: () => new CNN().train() },
  "zoo/cnn_dynamic_hw": { make: () => new CNN().eval() },
  "zoo/cnn_dynamic_hw_fixed": { make: () => new CNN().eval() },
  "zoo/tinygpt_dynamic": { make: () => new TinyGPT().eval() },
  "zoo/tinygpt_auto": { make: () => new TinyGPT().eval() },
  "zoo/counter_buffers_constants": { make: () => new Counter() },
  "zoo/user_input_mutation": { make: () => new InputMutation() },
  "zoo/nested_pytree_io": { make: () => new Nested(), kwargs: ["cfg"] },
  "zoo/cond": { make: () => new CondModel() },
  "zoo/nonzero_unbacked": { make: () => new NonZero() },
  "zoo/item_check": { make: () => new ItemCheck() },
  "zoo/data_dependent_branch_error": { make: () => new DataDepBranch() },
  "zoo/preserve_module_call_signature": { make: () => new PreserveSig() },
  "zoo/unflatten_plain": { make: () => new PreserveSig() },
  "zoo/divisible_reshape": { make: () => new DivisibleReshape() },
  "zoo/concat_two_dims": { make: () => new Concat() },
  "zoo/reshape_symbolic_product": { make: () => new Reshape() },
  "shapes/equal_dims_error": { make: () => new AddTwo() },
  "shapes/equal_dims_ok": { make: () => new AddTwo() },
  "shapes/broadcast_unspecified": { make: () => new AddTwo() },
  "shapes/derived_dim_error": { make: () => new SliceAdd() },
  "shapes/derived_dim_ok": { make: () => new SliceAdd() },
  "shapes/derived_dim_2x": { make: () => new Concat() },
  "shapes/view_specialization_error": { make: () => new ViewSpecialize() },
  "shapes/shape_guard_range_error": { make: () => new ShapeGuard() },
  "shapes/shape_guard_auto": { make: () => new ShapeGuard() },
  "shapes/min_max_bad_spec": { make: () => new AddTwo() },
  "shapes/spec_wrong_key": { make: () => new AddTwo() },
  "shapes/spec_wrong_structure": { make: () => new AddTwo() },
  "shapes/spec_dim_out_of_range": { make: () => new AddTwo() },
  "shapes/static_dim_mismatch_runtime": { make: () => new MLP() },
  "shapes/dim_size_one_specialized": { make: () => new MLP() },
  "shapes/dynamic_shorthand": { make: () => new AddTwo() },
  "shapes/shapes_collection": { make: () => new AddTwo() },
  "shapes/additional_inputs": { make: () => new AddTwo() },
};
