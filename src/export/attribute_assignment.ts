// What forward assigns to the module's attributes while it is traced (PyTorch's
// _detect_attribute_assignment). A new tensor in a plain attribute cannot be part of the program:
// PyTorch warns, and every attribute is put back as it was. A new tensor in a registered buffer is
// the buffer's next value: pt2js records it as an in-place `copy_` into the buffer, so the program
// (and `ep.module()`) updates the buffer as eager forward does. Assignments are logged as they
// happen (Module.__setattr__'s hook) rather than by comparing every attribute of every submodule.
import { setAssignmentHook, type AssignmentHook, type Module } from "../nn/module.js";
import { Tensor } from "../tensor/tensor.js";
import { warn } from "../warnings.js";
import { ValueError } from "./errors.js";

const REGISTER_BUFFER_DOCS = "https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_buffer";
/** An attribute the module did not have before forward. */
const ABSENT = Symbol("absent");

export class AttributeAssignments {
  /** module (the object __setattr__ sees) → attribute → its value before its first assignment. */
  private readonly before = new Map<Module, Map<string, unknown>>();
  private previousHook: AssignmentHook | null = null;

  constructor(private readonly root: Module) {}

  /** The root's container attributes (lists, dicts of tensors), copied: PyTorch's pytree snapshot. */
  private readonly containers = new Map<string, [unknown, unknown]>();

  /** Starts logging (once the module's state holds the tracing stand-ins). */
  start(): void {
    for (const [k, v] of Object.entries(this.root)) {
      if (Array.isArray(v) || isPlainObject(v)) this.containers.set(k, [v, copyTree(v)]);
    }
    this.previousHook = setAssignmentHook((target, key) => {
      let keys = this.before.get(target);
      if (keys === undefined) this.before.set(target, (keys = new Map()));
      if (!keys.has(key)) keys.set(key, Object.prototype.hasOwnProperty.call(target, key) ? (target as unknown as Record<string, unknown>)[key] : ABSENT);
    });
  }

  stop(): void {
    setAssignmentHook(this.previousHook);
  }

  /**
   * The buffers given a new tensor: [fqn, the tensor]. Parameters cannot be replaced by a plain
   * tensor (Module.__setattr__ refuses), so buffers are the only state that can change this way.
   */
  reassignedBuffers(): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [target, keys] of this.before) {
      for (const [key, old] of keys) {
        const value = target._buffers.get(key);
        if (value instanceof Tensor && value !== old) out.push([this.path(target, key), value]);
      }
    }
    return out;
  }

  /** Warns about tensors assigned to plain attributes, as PyTorch does, and restores those attributes. */
  restore(): void {
    this.stop();
    const assigned: string[] = [];
    const created: string[] = [];
    for (const [target, keys] of this.before) {
      for (const [key, old] of keys) {
        if (target._buffers.has(key) || target._parameters.has(key) || target._modules.has(key)) continue;
        const value = (target as unknown as Record<string, unknown>)[key];
        if (value === old) continue;
        if (old === ABSENT && target._parameters === this.root._parameters) created.push(key);
        if (value instanceof Tensor) assigned.push(`self.${this.path(target, key)}`);
        // dict.update(snapshot): attributes that existed get their old values; new ones stay.
        if (old !== ABSENT) Reflect.defineProperty(target, key, { value: old, writable: true, configurable: true, enumerable: true });
      }
    }
    // Tensors put into a container attribute (`self.tensors[0] = t`): found against the snapshot,
    // and the container's contents put back.
    for (const [key, [container, copy]] of this.containers) {
      if ((this.root as unknown as Record<string, unknown>)[key] !== container) continue;
      diffTree(copy, container, `self.${key}`, assigned);
      restoreTree(container, copy);
    }
    if (created.length > 0) {
      throw new ValueError(
        `During torch.export, following attrs were created in the model.forward: {${created.map((k) => `'${k}'`).join(", ")}} ` +
          "Such attributes must be registered as buffers using the `register_buffer` API and must be initialized at model.__init__ " +
          `(${REGISTER_BUFFER_DOCS}).`,
      );
    }
    if (assigned.length > 0) {
      const [noun, verb] = assigned.length > 1 ? ["attributes", "were"] : ["attribute", "was"];
      warn(
        `The tensor ${noun} ${assigned.join(", ")} ${verb} assigned during export. ` +
          `Such attributes must be registered as buffers using the \`register_buffer\` API (${REGISTER_BUFFER_DOCS}).`,
      );
    }
  }

  // `inner.cache`: the module's FQN (it is found by its registries, shared by the module and the
  // object __setattr__ sees) and the attribute.
  private path(target: Module, key: string): string {
    for (const [name, m] of this.root.named_modules()) {
      if (m._parameters === target._parameters) return name ? `${name}.${key}` : key;
    }
    return key;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

// A copy of a container attribute's structure (lists and plain objects), sharing its leaves.
function copyTree(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyTree);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyTree(x)]));
  return v;
}

// The paths (`self.tensors[0]`, `self.cfg['w']`) where a tensor replaced the snapshot's leaf.
function diffTree(old: unknown, now: unknown, path: string, out: string[]): void {
  if (Array.isArray(old) && Array.isArray(now)) {
    old.forEach((o, i) => diffTree(o, now[i], `${path}[${i}]`, out));
    return;
  }
  if (isPlainObject(old) && isPlainObject(now)) {
    for (const k of Object.keys(old)) diffTree(old[k], now[k], `${path}['${k}']`, out);
    return;
  }
  if (old !== now && now instanceof Tensor) out.push(path);
}

// Puts the snapshot's contents back into the container, in place.
function restoreTree(target: unknown, copy: unknown): void {
  if (Array.isArray(target) && Array.isArray(copy)) {
    target.length = copy.length;
    copy.forEach((c, i) => {
      if ((Array.isArray(c) || isPlainObject(c)) && target[i] !== null && typeof target[i] === "object") restoreTree(target[i], c);
      else target[i] = c;
    });
  } else if (isPlainObject(target) && isPlainObject(copy)) {
    for (const k of Object.keys(target)) if (!(k in copy)) delete target[k];
    for (const [k, c] of Object.entries(copy)) {
      if ((Array.isArray(c) || isPlainObject(c)) && target[k] !== null && typeof target[k] === "object") restoreTree(target[k], c);
      else target[k] = c;
    }
  }
}
