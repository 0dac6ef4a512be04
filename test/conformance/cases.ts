// The export calls of gen_reference.py's zoo and shapes cases, ported: each case's dynamic_shapes
// (as the fixture's `dynamic_shapes` string shows it) and how its inputs are passed.
import { Dim } from "../../src/export/dim.js";
import { AdditionalInputs, ShapesCollection } from "../../src/export/shapes_collection.js";
import { AddTwo } from "../models/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { randn } from "../../src/tensor/factories.js";
import { tuple } from "../../src/pytree/index.js";

import type { ExportCall } from "./runner.js";

const batch = Dim("batch", { min: 1, max: 1024 });
const seq = Dim("seq", { min: 1, max: 64 });

export const EXPORT_CALLS: Record<string, () => ExportCall> = {
  "zoo/mlp_dynamic_batch": () => ({ dynamic_shapes: { x: { 0: batch } } }),
  "zoo/mlp_static": () => ({}),
  "zoo/cnn_eval_dynamic_batch": () => ({ dynamic_shapes: { x: { 0: batch } } }),
  "zoo/cnn_train_buffer_mutation": () => ({}),
  "zoo/cnn_dynamic_hw": () => ({
    dynamic_shapes: { x: { 0: batch, 2: Dim("h", { min: 4, max: 512 }), 3: Dim("w", { min: 4, max: 512 }) } },
  }),
  "zoo/cnn_dynamic_hw_fixed": () => {
    const _h = Dim("_h", { min: 2, max: 256 });
    const _w = Dim("_w", { min: 2, max: 256 });
    return { dynamic_shapes: { x: { 0: batch, 2: _h.mul(2), 3: _w.mul(2) } } };
  },
  "zoo/counter_buffers_constants": () => ({}),
  "zoo/tinygpt_dynamic": () => ({ dynamic_shapes: { idx: { 0: batch, 1: seq } } }),
  "zoo/tinygpt_auto": () => ({ dynamic_shapes: { idx: { 0: Dim.AUTO, 1: Dim.AUTO } } }),
  "zoo/nested_pytree_io": () => ({
    inputs: ([x, a, b, alpha, beta]) => ({ args: [x, tuple(a, b)], kwargs: { cfg: { alpha, beta } } }),
  }),
  "zoo/unflatten_plain": () => ({}),
  "zoo/nonzero_unbacked": () => ({}),
  "zoo/cond": () => ({ dynamic_shapes: { x: { 0: batch } } }),
  "zoo/item_check": () => ({}),
  "zoo/data_dependent_branch_error": () => ({}),
  "zoo/preserve_module_call_signature": () => ({ preserve_module_call_signature: ["sub"] }),
  "zoo/user_input_mutation": () => ({}),
  "zoo/divisible_reshape": () => ({ dynamic_shapes: { x: { 0: batch } } }),
  "zoo/concat_two_dims": () => ({ dynamic_shapes: { x: { 0: Dim("a") }, y: { 0: Dim("b") } } }),
  "zoo/reshape_symbolic_product": () => ({ dynamic_shapes: { x: { 0: batch, 1: seq } } }),
  "shapes/equal_dims_error": () => ({ dynamic_shapes: { x: { 0: Dim("dx") }, y: { 0: Dim("dy") } } }),
  "shapes/equal_dims_ok": () => {
    const d = Dim("dx");
    return { dynamic_shapes: { x: { 0: d }, y: { 0: d } } };
  },
  "shapes/broadcast_unspecified": () => ({ dynamic_shapes: { x: { 0: Dim("dx") }, y: null } }),
  "shapes/derived_dim_error": () => ({ dynamic_shapes: { x: { 0: Dim("dx") }, y: { 0: Dim("dy") } } }),
  "shapes/derived_dim_ok": () => {
    const dx = Dim("dx", { min: 2, max: 100 });
    return { dynamic_shapes: { x: { 0: dx }, y: { 0: dx.sub(1) } } };
  },
  "shapes/derived_dim_2x": () => {
    const dx = Dim("dx", { max: 100 });
    return { dynamic_shapes: { x: { 0: dx }, y: { 0: dx.mul(2) } } };
  },
  "shapes/view_specialization_error": () => ({ dynamic_shapes: { x: { 0: Dim("dx") } } }),
  "shapes/shape_guard_range_error": () => ({ dynamic_shapes: { x: { 0: Dim("dx", { max: 100 }) } } }),
  "shapes/shape_guard_auto": () => ({ dynamic_shapes: { x: { 0: Dim.AUTO } } }),
  "shapes/min_max_bad_spec": () => ({
    dynamic_shapes: { x: { 0: Dim("dx", { min: 5, max: 10 }) }, y: { 0: Dim("dx", { min: 5, max: 10 }) } },
  }),
  "shapes/spec_wrong_key": () => ({ dynamic_shapes: { a: { 0: Dim("dx") }, y: null } }),
  "shapes/spec_wrong_structure": () => ({ dynamic_shapes: [{ 0: Dim("dx") }] }),
  "shapes/spec_dim_out_of_range": () => ({ dynamic_shapes: { x: { 2: Dim("dx") }, y: null } }),
  "shapes/static_dim_mismatch_runtime": () => ({}),
  "shapes/dim_size_one_specialized": () => ({ dynamic_shapes: { x: { 0: Dim("b") } } }),
  "shapes/shapes_collection": () => ({
    inputs: (leaves) => {
      const [x, y] = leaves as Tensor[];
      const col = new ShapesCollection();
      const d = Dim("d");
      col.set(x!, { 0: d }).set(y!, { 0: d });
      return { args: [x, y], dynamic_shapes: col.dynamic_shapes(new AddTwo(), [x, y]) };
    },
  }),
  "shapes/additional_inputs": () => ({
    inputs: (leaves) => {
      const [x, y] = leaves as Tensor[];
      const a = new AdditionalInputs();
      a.add([randn(4, 3), randn(4, 3)]).add([randn(7, 3), randn(7, 3)]);
      return { args: [x, y], dynamic_shapes: a.dynamic_shapes(new AddTwo(), [x, y]) };
    },
  }),
  "shapes/dynamic_shorthand": () => ({ dynamic_shapes: { x: { 0: Dim.DYNAMIC }, y: { 0: Dim.DYNAMIC } } }),
};
