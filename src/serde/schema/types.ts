// TypeScript shapes of schema 8.17 (torch/_export/serde/schema.py), as decoded by the codec.
//
// Conventions (the codec guarantees them on read and expects them on write):
//   - struct  → object with the schema's field names (snake_case, as in the JSON)
//   - union   → object with exactly one key, the active field: `{ as_tensor: { name: "x" } }`
//   - enum    → its integer code (`ScalarType.FLOAT` = 7)
//   - int     → `number`, or `bigint` beyond ±(2^53 - 1) (INT64_MAX appears as a slice end)
//   - float   → `number` (±Infinity and NaN allowed; written as "Infinity"/"-Infinity"/"NaN")
//   - Dict[str, T] → `Map<string, T>` (keeps JSON order exactly, any key)
//   - Optional[T] → `T | null`

/** An integer of any size (number when exact, else bigint). */
export type Int = number | bigint;

/** One-key objects: `OneOf<{ a: A; b: B }>` = `{ a: A } | { b: B }`. */
export type OneOf<T> = { [K in keyof T]: { [P in K]: T[P] } & { [P in Exclude<keyof T, K>]?: never } }[keyof T];

/** The keys of a union value, e.g. "as_tensor". */
export type UnionKey<U> = U extends unknown ? keyof U : never;

// ----- enums ---------------------------------------------------------------------------------
export const ScalarType = {
  UNKNOWN: 0, BYTE: 1, CHAR: 2, SHORT: 3, INT: 4, LONG: 5, HALF: 6, FLOAT: 7, DOUBLE: 8,
  COMPLEXHALF: 9, COMPLEXFLOAT: 10, COMPLEXDOUBLE: 11, BOOL: 12, BFLOAT16: 13, UINT16: 28,
  FLOAT8E4M3FN: 29, FLOAT8E5M2: 30, FLOAT8E4M3FNUZ: 31, FLOAT8E5M2FNUZ: 32,
} as const;
export type ScalarType = (typeof ScalarType)[keyof typeof ScalarType];

export const Layout = {
  Unknown: 0, SparseCoo: 1, SparseCsr: 2, SparseCsc: 3, SparseBsr: 4, SparseBsc: 5, _mkldnn: 6, Strided: 7,
} as const;
export type Layout = (typeof Layout)[keyof typeof Layout];

export const MemoryFormat = {
  Unknown: 0, ContiguousFormat: 1, ChannelsLast: 2, ChannelsLast3d: 3, PreserveFormat: 4,
} as const;
export type MemoryFormat = (typeof MemoryFormat)[keyof typeof MemoryFormat];

export const ArgumentKind = { UNKNOWN: 0, POSITIONAL: 1, KEYWORD: 2 } as const;
export type ArgumentKind = (typeof ArgumentKind)[keyof typeof ArgumentKind];

// ----- scalars and symbolic values ------------------------------------------------------------
export interface Device {
  type: string;
  index: Int | null;
}
export type SymExprHint = OneOf<{ as_int: Int; as_bool: boolean; as_float: number }>;
/** A sympy expression in `srepr` form (`Symbol('s77', positive=True, integer=True)`) and its hint. */
export interface SymExpr {
  expr_str: string;
  hint: SymExprHint | null;
}
export type SymInt = OneOf<{ as_expr: SymExpr; as_int: Int }>;
export type SymFloat = OneOf<{ as_expr: SymExpr; as_float: number }>;
export type SymBool = OneOf<{ as_expr: SymExpr; as_bool: boolean }>;
export type SymIntArgument = OneOf<{ as_name: string; as_int: Int }>;
export type SymFloatArgument = OneOf<{ as_name: string; as_float: number }>;
export type SymBoolArgument = OneOf<{ as_name: string; as_bool: boolean }>;

export interface TensorMeta {
  dtype: ScalarType;
  sizes: SymInt[];
  requires_grad: boolean;
  device: Device;
  strides: SymInt[];
  storage_offset: SymInt;
  layout: Layout;
}
export interface TensorArgument {
  name: string;
}
export interface TokenArgument {
  name: string;
}
export type OptionalTensorArgument = OneOf<{ as_tensor: TensorArgument; as_none: boolean }>;
export interface GraphArgument {
  name: string;
  graph: Graph;
}
export interface CustomObjArgument {
  name: string;
  class_fqn: string;
}
export interface ComplexValue {
  real: number;
  imag: number;
}

export type Argument = OneOf<{
  as_none: boolean;
  as_tensor: TensorArgument;
  as_tensors: TensorArgument[];
  as_int: Int;
  as_ints: Int[];
  as_float: number;
  as_floats: number[];
  as_string: string;
  as_strings: string[];
  as_sym_int: SymIntArgument;
  as_sym_ints: SymIntArgument[];
  as_scalar_type: ScalarType;
  as_memory_format: MemoryFormat;
  as_layout: Layout;
  as_device: Device;
  as_bool: boolean;
  as_bools: boolean[];
  as_sym_bool: SymBoolArgument;
  as_sym_bools: SymBoolArgument[];
  as_graph: GraphArgument;
  as_optional_tensors: OptionalTensorArgument[];
  as_custom_obj: CustomObjArgument;
  as_operator: string;
  as_sym_float: SymFloatArgument;
  as_sym_floats: SymFloatArgument[];
  as_optional_tensor: OptionalTensorArgument;
  as_complex: ComplexValue;
  as_nested_tensors: TensorArgument[][];
  as_int_lists: Int[][];
  as_string_to_argument: Map<string, Argument>;
}>;

export type ConstantValue = OneOf<{ as_none: boolean; as_int: Int; as_float: number; as_string: string; as_bool: boolean }>;

export interface NamedArgument {
  /** Schema argument name; "" for positional arguments of higher-order ops. */
  name: string;
  arg: Argument;
  kind: ArgumentKind | null;
}

// ----- graph --------------------------------------------------------------------------------
export interface Node {
  /** `torch.ops.aten.add.Tensor`, `_operator.mul`, `torch.ops.higher_order.cond`, ... */
  target: string;
  inputs: NamedArgument[];
  outputs: Argument[];
  metadata: Map<string, string>;
  is_hop_single_tensor_return: boolean | null;
  name: string | null;
}

export interface Graph {
  inputs: Argument[];
  outputs: Argument[];
  nodes: Node[];
  tensor_values: Map<string, TensorMeta>;
  sym_int_values: Map<string, SymInt>;
  sym_bool_values: Map<string, SymBool>;
  is_single_tensor_return: boolean;
  custom_obj_values: Map<string, CustomObjArgument>;
  sym_float_values: Map<string, SymFloat>;
}

export interface UserInputSpec { arg: Argument }
export interface InputToParameterSpec { arg: TensorArgument; parameter_name: string }
export interface InputToBufferSpec { arg: TensorArgument; buffer_name: string; persistent: boolean }
export interface InputToTensorConstantSpec { arg: TensorArgument; tensor_constant_name: string }
export interface InputToCustomObjSpec { arg: CustomObjArgument; custom_obj_name: string }
export interface InputTokenSpec { arg: TokenArgument }
export interface InputToConstantInputSpec { name: string; value: ConstantValue }
export type InputSpec = OneOf<{
  user_input: UserInputSpec;
  parameter: InputToParameterSpec;
  buffer: InputToBufferSpec;
  tensor_constant: InputToTensorConstantSpec;
  custom_obj: InputToCustomObjSpec;
  token: InputTokenSpec;
  constant_input: InputToConstantInputSpec;
}>;

export interface UserOutputSpec { arg: Argument }
export interface LossOutputSpec { arg: TensorArgument }
export interface BufferMutationSpec { arg: TensorArgument; buffer_name: string }
export interface GradientToParameterSpec { arg: TensorArgument; parameter_name: string }
export interface GradientToUserInputSpec { arg: TensorArgument; user_input_name: string }
export interface UserInputMutationSpec { arg: TensorArgument; user_input_name: string }
export interface OutputTokenSpec { arg: TokenArgument }
export interface ParameterMutationSpec { arg: TensorArgument; parameter_name: string }
export type OutputSpec = OneOf<{
  user_output: UserOutputSpec;
  loss_output: LossOutputSpec;
  buffer_mutation: BufferMutationSpec;
  gradient_to_parameter: GradientToParameterSpec;
  gradient_to_user_input: GradientToUserInputSpec;
  user_input_mutation: UserInputMutationSpec;
  token: OutputTokenSpec;
  parameter_mutation: ParameterMutationSpec;
}>;

export interface GraphSignature {
  input_specs: InputSpec[];
  output_specs: OutputSpec[];
}

/** Value range of a symbol; null = unbounded (int_oo). */
export interface RangeConstraint {
  min_val: Int | null;
  max_val: Int | null;
}

export interface ModuleCallSignature {
  inputs: Argument[];
  outputs: Argument[];
  /** TreeSpec JSON (protocol 1) of `(args, kwargs)`; read with pytree's treespec_loads. */
  in_spec: string;
  out_spec: string;
  forward_arg_names: string[] | null;
}
export interface ModuleCallEntry {
  fqn: string;
  signature: ModuleCallSignature | null;
}
export interface NamedTupleDef {
  field_names: string[];
}

export interface GraphModule {
  graph: Graph;
  signature: GraphSignature;
  module_call_graph: ModuleCallEntry[];
  metadata: Map<string, string>;
  treespec_namedtuple_fields: Map<string, NamedTupleDef>;
}

export interface SchemaVersion {
  major: Int;
  minor: Int;
}

/** Root of models/<name>.json. */
export interface ExportedProgram {
  graph_module: GraphModule;
  opset_version: Map<string, Int>;
  range_constraints: Map<string, RangeConstraint>;
  schema_version: SchemaVersion;
  verifiers: string[];
  torch_version: string;
  guards_code: string[];
}

// ----- payload configs (data/weights/*_config.json, data/constants/*_config.json) ------------
export interface PayloadMeta {
  /** File name under data/weights/ or data/constants/ (`weight_0`, `tensor_0`, `custom_obj_0`). */
  path_name: string;
  is_param: boolean;
  use_pickle: boolean;
  tensor_meta: TensorMeta | null;
}
export interface PayloadConfig {
  config: Map<string, PayloadMeta>;
}

// Not written by torch.export.save, defined for completeness.
export interface ExternKernelNode { name: string; node: Node }
export interface ExternKernelNodes { nodes: ExternKernelNode[] }
export interface AOTInductorModelPickleData {
  library_basename: string;
  input_names: string[];
  output_names: string[];
  floating_point_input_dtype: Int | null;
  floating_point_output_dtype: Int | null;
  aot_inductor_model_is_cpu: boolean | null;
}

/** Definition name → TS type, for the typed codec entry points. */
export interface SchemaTypes {
  ExportedProgram: ExportedProgram;
  PayloadConfig: PayloadConfig;
  Graph: Graph;
  Node: Node;
  Argument: Argument;
  TensorMeta: TensorMeta;
  GraphSignature: GraphSignature;
  ModuleCallEntry: ModuleCallEntry;
  RangeConstraint: RangeConstraint;
  SymExpr: SymExpr;
  SymInt: SymInt;
  ExternKernelNodes: ExternKernelNodes;
  AOTInductorModelPickleData: AOTInductorModelPickleData;
}
