// What forward assigns to the module's attributes while it is traced (PyTorch's
// _detect_attribute_assignment). A new tensor in a plain attribute cannot be part of the program:
// PyTorch warns, and every attribute is put back as it was. A new tensor in a registered buffer is
// the buffer's next value: pt2js records it as an in-place `copy_` into the buffer, so the program
// (and `ep.module()`) updates the buffer as eager forward does.
import type { Module } from "../nn/module.js";
import { Tensor } from "../tensor/tensor.js";
import { warn } from "../warnings.js";

const REGISTER_BUFFER_DOCS = "https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_buffer";

/** The attributes of every submodule, taken once the module's state holds the tracing stand-ins. */
export class AttributeSnapshot {
  private readonly saved: Array<[string, Module, Map<string, unknown>]> = [];

  constructor(root: Module) {
    for (const [name, m] of root.named_modules()) this.saved.push([name, m, new Map(Object.entries(m))]);
  }

  /**
   * The buffers given a new tensor: [fqn, the tensor]. Parameters cannot be replaced by a plain
   * tensor (Module.__setattr__ refuses), so buffers are the only state that can change this way.
   */
  reassignedBuffers(): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [name, m, before] of this.saved) {
      for (const [key, value] of m._buffers) {
        if (value instanceof Tensor && before.get(key) !== value) out.push([name ? `${name}.${key}` : key, value]);
      }
    }
    return out;
  }

  /** Warns about tensors assigned to plain attributes, as PyTorch does, and restores every attribute. */
  restore(): void {
    const assigned: string[] = [];
    for (const [name, m, before] of this.saved) {
      for (const [key, value] of Object.entries(m)) {
        if (m._buffers.has(key) || m._parameters.has(key) || m._modules.has(key)) continue;
        if (value !== before.get(key) && value instanceof Tensor) assigned.push(`self.${name ? `${name}.` : ""}${key}`);
      }
      // dict.update(snapshot): attributes that existed get their old values; new ones stay.
      for (const [key, value] of before) {
        if (!m._buffers.has(key) && !m._parameters.has(key) && !m._modules.has(key) && (m as unknown as Record<string, unknown>)[key] !== value) {
          (m as unknown as Record<string, unknown>)[key] = value;
        }
      }
    }
    if (assigned.length > 0) {
      const [noun, verb] = assigned.length > 1 ? ["attributes", "were"] : ["attribute", "was"];
      warn(
        `The tensor ${noun} ${assigned.join(", ")} ${verb} assigned during export. ` +
          `Such attributes must be registered as buffers using the \`register_buffer\` API (${REGISTER_BUFFER_DOCS}).`,
      );
    }
  }
}
