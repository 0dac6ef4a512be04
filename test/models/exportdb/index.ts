// TypeScript ports of PyTorch's ExportDB examples (torch/_export/db/examples/<case>.py) and how each
// is exported (example_args / example_kwargs / dynamic_shapes), keyed by case name.
import type { Module } from "../../../src/nn/index.js";
import { Dim } from "../../../src/export/dim.js";
import { tuple } from "../../../src/pytree/index.js";
import type { ExportCall } from "../../conformance/runner.js";
import { AssumeConstantResult } from "./assume_constant_result.js";
import { ClassMethod } from "./class_method.js";
import { CondBranchClassMethod } from "./cond_branch_class_method.js";
import { CondBranchNestedFunction } from "./cond_branch_nested_function.js";
import { CondBranchNonlocalVariables } from "./cond_branch_nonlocal_variables.js";
import { CondClosedOverVariable } from "./cond_closed_over_variable.js";
import { CondOperands } from "./cond_operands.js";
import { CondPredicate } from "./cond_predicate.js";
import { ConstrainAsSizeExample } from "./constrain_as_size_example.js";
import { ConstrainAsValueExample } from "./constrain_as_value_example.js";
import { Decorator } from "./decorator.js";
import { Dictionary } from "./dictionary.js";
import { DynamicShapeAssert } from "./dynamic_shape_assert.js";
import { DynamicShapeConstructor } from "./dynamic_shape_constructor.js";
import { DynamicShapeMap } from "./dynamic_shape_map.js";
import { DynamicShapeIfGuard } from "./dynamic_shape_if_guard.js";
import { DynamicShapeRound } from "./dynamic_shape_round.js";
import { DynamicShapeSlicing } from "./dynamic_shape_slicing.js";
import { DynamicShapeView } from "./dynamic_shape_view.js";
import { FnWithKwargs } from "./fn_with_kwargs.js";
import { ListContains } from "./list_contains.js";
import { ListUnpack } from "./list_unpack.js";
import { ModelAttrMutation } from "./model_attr_mutation.js";
import { NestedFunction } from "./nested_function.js";
import { NullContextManager } from "./null_context_manager.js";
import { OptionalInput } from "./optional_input.js";
import { PytreeFlatten } from "./pytree_flatten.js";
import { ScalarOutput } from "./scalar_output.js";
import { SpecializedAttribute } from "./specialized_attribute.js";
import { StaticForLoop } from "./static_for_loop.js";
import { StaticIf } from "./static_if.js";
import { TensorSetattr } from "./tensor_setattr.js";
import { TypeReflectionMethod } from "./type_reflection_method.js";
import { TorchSymMin } from "./unsupported_operator.js";
import { UserInputMutation } from "./user_input_mutation.js";

export interface ExportDBCase {
  /** The example's model, as constructed (ExportDB exports it as is). */
  make: () => Module;
  /** Its export call: dynamic_shapes and, when not a flat tuple of tensors, the (args, kwargs) builder. */
  call: () => ExportCall;
}

const plain = (): ExportCall => ({});

export const EXPORTDB_CASES: Record<string, ExportDBCase> = {
  assume_constant_result: { make: () => new AssumeConstantResult(), call: plain },
  class_method: { make: () => new ClassMethod(), call: plain },
  cond_branch_class_method: { make: () => new CondBranchClassMethod(), call: plain },
  cond_branch_nested_function: { make: () => new CondBranchNestedFunction(), call: plain },
  cond_branch_nonlocal_variables: { make: () => new CondBranchNonlocalVariables(), call: plain },
  cond_closed_over_variable: { make: () => new CondClosedOverVariable(), call: plain },
  cond_operands: {
    make: () => new CondOperands(),
    call: () => ({ dynamic_shapes: { x: { 0: Dim("dim0_x", { min: 0 }) }, y: null } }),
  },
  cond_predicate: { make: () => new CondPredicate(), call: plain },
  constrain_as_size_example: { make: () => new ConstrainAsSizeExample(), call: plain },
  constrain_as_value_example: { make: () => new ConstrainAsValueExample(), call: plain },
  decorator: { make: () => new Decorator(), call: plain },
  dictionary: { make: () => new Dictionary(), call: plain },
  dynamic_shape_assert: { make: () => new DynamicShapeAssert(), call: plain },
  dynamic_shape_constructor: { make: () => new DynamicShapeConstructor(), call: plain },
  dynamic_shape_if_guard: { make: () => new DynamicShapeIfGuard(), call: plain },
  dynamic_shape_map: { make: () => new DynamicShapeMap(), call: plain },
  dynamic_shape_round: {
    make: () => new DynamicShapeRound(),
    call: () => ({ dynamic_shapes: { x: { 0: Dim("dim0_x") } } }),
  },
  dynamic_shape_slicing: { make: () => new DynamicShapeSlicing(), call: plain },
  dynamic_shape_view: { make: () => new DynamicShapeView(), call: plain },
  fn_with_kwargs: {
    make: () => new FnWithKwargs(),
    // example_args = (pos0, (t0, t1), *[a0, a1]); example_kwargs = {mykw0, **{input0, input1}}
    call: () => ({
      inputs: ([pos0, t0, t1, a0, a1, mykw0, input0, input1]) => ({
        args: [pos0, tuple(t0, t1), a0, a1],
        kwargs: { mykw0, input0, input1 },
      }),
    }),
  },
  list_contains: { make: () => new ListContains(), call: plain },
  list_unpack: {
    make: () => new ListUnpack(),
    // example_args = ([x, tensor(4), tensor(5)],): one list argument
    call: () => ({ inputs: (leaves) => ({ args: [leaves] }) }),
  },
  model_attr_mutation: { make: () => new ModelAttrMutation(), call: plain },
  nested_function: { make: () => new NestedFunction(), call: plain },
  null_context_manager: { make: () => new NullContextManager(), call: plain },
  optional_input: { make: () => new OptionalInput(), call: plain },
  pytree_flatten: {
    make: () => new PytreeFlatten(),
    // example_args = ({1: a, 2: b},),  — the trailing comma makes x the 1-tuple ({1: a, 2: b},);
    // a dict with int keys is a Map (a plain object would turn the keys into strings)
    call: () => ({ inputs: ([a, b]) => ({ args: [tuple(new Map([[1, a], [2, b]]))] }) }),
  },
  scalar_output: {
    make: () => new ScalarOutput(),
    call: () => ({ dynamic_shapes: { x: { 1: Dim("dim1_x") } } }),
  },
  specialized_attribute: { make: () => new SpecializedAttribute(), call: plain },
  static_for_loop: { make: () => new StaticForLoop(), call: plain },
  static_if: { make: () => new StaticIf(), call: plain },
  tensor_setattr: {
    make: () => new TensorSetattr(),
    // example_args = (x, "attr"): the fixture records the string by its repr
    call: () => ({ inputs: ([x]) => ({ args: [x, "attr"] }) }),
  },
  type_reflection_method: { make: () => new TypeReflectionMethod(), call: plain },
  unsupported_operator: { make: () => new TorchSymMin(), call: plain },
  user_input_mutation: { make: () => new UserInputMutation(), call: plain },
};
