// torch._export.utils: which placeholder of an exported program is a parameter, a buffer or a
// lifted tensor constant, and its value (is_param / get_param, ...), looked up by the node's name
// in the graph signature as PyTorch does.
import type { Node } from "../fx/index.js";
import type { ExportedProgram } from "../program/exported_program.js";
import type { Tensor } from "../tensor/tensor.js";

export function is_param(program: ExportedProgram, node: Node): boolean {
  return program.graph_signature.inputs_to_parameters.has(node.name);
}

export function get_param(program: ExportedProgram, node: Node): Tensor | null {
  const fqn = program.graph_signature.inputs_to_parameters.get(node.name);
  return fqn === undefined ? null : (program.state_dict.get(fqn) ?? null);
}

export function is_buffer(program: ExportedProgram, node: Node): boolean {
  return program.graph_signature.inputs_to_buffers.has(node.name);
}

export function get_buffer(program: ExportedProgram, node: Node): Tensor | null {
  const fqn = program.graph_signature.inputs_to_buffers.get(node.name);
  if (fqn === undefined) return null;
  // Non-persistent buffers live in the constants, the others in the state dict.
  const table = program.graph_signature.non_persistent_buffers.includes(fqn) ? program.constants : program.state_dict;
  return table.get(fqn) ?? null;
}

export function is_lifted_tensor_constant(program: ExportedProgram, node: Node): boolean {
  return program.graph_signature.inputs_to_lifted_tensor_constants.has(node.name);
}

export function get_lifted_tensor_constant(program: ExportedProgram, node: Node): Tensor | null {
  const fqn = program.graph_signature.inputs_to_lifted_tensor_constants.get(node.name);
  return fqn === undefined ? null : (program.constants.get(fqn) ?? null);
}

export const utils = { is_param, get_param, is_buffer, get_buffer, is_lifted_tensor_constant, get_lifted_tensor_constant } as const;
