// torch.export.graph_signature: which graph inputs are parameters, buffers, constants or user
// inputs, and which outputs are user outputs or mutations; printed as `print(ep)` prints it.

export type InputKind =
  | "USER_INPUT"
  | "PARAMETER"
  | "BUFFER"
  | "CONSTANT_TENSOR"
  | "CUSTOM_OBJ"
  | "TOKEN";

export type OutputKind =
  | "USER_OUTPUT"
  | "LOSS_OUTPUT"
  | "BUFFER_MUTATION"
  | "PARAMETER_MUTATION"
  | "GRADIENT_TO_PARAMETER"
  | "GRADIENT_TO_USER_INPUT"
  | "USER_INPUT_MUTATION"
  | "TOKEN";

/** The argument a spec describes: a graph value by name, or a constant baked into the signature. */
export type SpecArgument =
  | { kind: "TensorArgument"; name: string }
  | { kind: "SymIntArgument"; name: string }
  | { kind: "SymFloatArgument"; name: string }
  | { kind: "SymBoolArgument"; name: string }
  | { kind: "CustomObjArgument"; name: string; className: string }
  | { kind: "TokenArgument"; name: string }
  | { kind: "ConstantArgument"; name: string; value: unknown };

export interface InputSpec {
  kind: InputKind;
  arg: SpecArgument;
  /** The state_dict / constants key for parameters, buffers and constants. */
  target: string | null;
  /** For buffers: whether the buffer is in the state_dict. */
  persistent: boolean | null;
}

export interface OutputSpec {
  kind: OutputKind;
  arg: SpecArgument;
  /** The buffer / parameter / user input a mutation output writes. */
  target: string | null;
}

export class ExportGraphSignature {
  constructor(
    readonly input_specs: InputSpec[],
    readonly output_specs: OutputSpec[],
  ) {}

  private namesOf(kind: InputKind): string[] {
    return this.input_specs.filter((s) => s.kind === kind).map((s) => s.arg.name);
  }

  get parameters(): string[] {
    return this.input_specs.filter((s) => s.kind === "PARAMETER").map((s) => s.target as string);
  }

  get buffers(): string[] {
    return this.input_specs.filter((s) => s.kind === "BUFFER").map((s) => s.target as string);
  }

  /** FQNs of the lifted tensor constants (CONSTANT_TENSOR inputs). */
  get lifted_tensor_constants(): string[] {
    return this.input_specs.filter((s) => s.kind === "CONSTANT_TENSOR").map((s) => s.target as string);
  }

  /** FQNs of the lifted script objects (CUSTOM_OBJ inputs). */
  get lifted_custom_objs(): string[] {
    return this.input_specs.filter((s) => s.kind === "CUSTOM_OBJ").map((s) => s.target as string);
  }

  /** Graph input name → custom object FQN. */
  get inputs_to_lifted_custom_objs(): Map<string, string> {
    return this.inputsTo("CUSTOM_OBJ");
  }

  /** Output name → parameter FQN it mutates. */
  get parameters_to_mutate(): Map<string, string> {
    return this.outputsTo("PARAMETER_MUTATION");
  }

  /** Output name → user input name it mutates. */
  get user_inputs_to_mutate(): Map<string, string> {
    return this.outputsTo("USER_INPUT_MUTATION");
  }

  /** Names of the token inputs / outputs (effect tokens; pt2js programs have none). */
  get input_tokens(): string[] {
    return this.input_specs.filter((s) => (s.kind as string) === "TOKEN").map((s) => s.arg.name);
  }

  get output_tokens(): string[] {
    return this.output_specs.filter((s) => (s.kind as string) === "TOKEN").map((s) => s.arg.name);
  }

  get non_persistent_buffers(): string[] {
    return this.input_specs
      .filter((s) => s.kind === "BUFFER" && s.persistent === false)
      .map((s) => s.target as string);
  }

  /** The user inputs' names; a constant input (ConstantArgument) is listed by its value, as PyTorch does. */
  get user_inputs(): unknown[] {
    return this.input_specs
      .filter((s) => s.kind === "USER_INPUT")
      .map((s) => (s.arg.kind === "ConstantArgument" ? (s.arg as { value?: unknown }).value : s.arg.name));
  }

  get user_outputs(): string[] {
    return this.output_specs.filter((s) => s.kind === "USER_OUTPUT").map((s) => s.arg.name);
  }

  /** Graph input name → parameter FQN. */
  get inputs_to_parameters(): Map<string, string> {
    return this.inputsTo("PARAMETER");
  }

  /** Graph input name → buffer FQN. */
  get inputs_to_buffers(): Map<string, string> {
    return this.inputsTo("BUFFER");
  }

  /** Graph input name → constant FQN. */
  get inputs_to_lifted_tensor_constants(): Map<string, string> {
    return this.inputsTo("CONSTANT_TENSOR");
  }

  /** Output name → buffer FQN it mutates. */
  get buffers_to_mutate(): Map<string, string> {
    return this.outputsTo("BUFFER_MUTATION");
  }

  private outputsTo(kind: OutputKind): Map<string, string> {
    return new Map(this.output_specs.filter((s) => s.kind === kind).map((s) => [s.arg.name, s.target as string]));
  }

  private inputsTo(kind: InputKind): Map<string, string> {
    return new Map(this.input_specs.filter((s) => s.kind === kind).map((s) => [s.arg.name, s.target as string]));
  }

  /**
   * `str(ep.graph_signature)` (ExportGraphSignature.__str__): `\n# inputs\n...\n\n# outputs\n...\n`.
   * print(ep) indents it (`indented()`).
   */
  toString(): string {
    const inputs = this.input_specs.map(formatInputSpec).join("\n");
    const outputs = this.output_specs.map(formatOutputSpec).join("\n");
    return `\n# inputs\n${inputs}\n\n# outputs\n${outputs}\n`;
  }

  /** The `Graph signature:` block of `print(ep)`: the lines of str(signature), indented. */
  indented(): string {
    const lines = ["# inputs", ...this.input_specs.map(formatInputSpec), "", "# outputs"];
    lines.push(...this.output_specs.map(formatOutputSpec), "");
    return lines.map((line) => `    ${line}`).join("\n");
  }
}

// InputSpec.__str__: `name: KIND target='fqn' persistent=True`.
function formatInputSpec(spec: InputSpec): string {
  let text = `${argName(spec.arg)}: ${spec.kind}`;
  if (spec.target !== null) text += ` target='${spec.target}'`;
  if (spec.persistent !== null) text += ` persistent=${spec.persistent ? "True" : "False"}`;
  return text;
}

function formatOutputSpec(spec: OutputSpec): string {
  let text = `${argName(spec.arg)}: ${spec.kind}`;
  if (spec.target !== null) text += ` target='${spec.target}'`;
  return text;
}

function argName(arg: SpecArgument): string {
  return arg.name;
}
