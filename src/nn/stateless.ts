// Swapping a module's parameters and buffers for other tensors (torch.nn.utils.stateless /
// torch.func.functional_call): how export runs forward on fake state without touching the real one.
import type { Tensor } from "../tensor/tensor.js";
import { Module, _withRawAssignment } from "./module.js";
import { TorchAttributeError } from "./errors.js";

/** Puts `value` in the parameter, buffer or plain tensor attribute at `fqn`; returns the previous value. */
export function swap_tensor(module: Module, fqn: string, value: Tensor | null): Tensor | null {
  const dot = fqn.lastIndexOf(".");
  const owner = dot < 0 ? module : module.get_submodule(fqn.slice(0, dot));
  const name = fqn.slice(dot + 1);
  if (!(name in owner)) throw new TorchAttributeError(`${owner.constructor.name} has no attribute \`${name}\``);
  const attrs = owner as unknown as Record<string, Tensor | null>;
  const prev = attrs[name] ?? null;
  _withRawAssignment(() => {
    attrs[name] = value;
  });
  return prev;
}

/** Runs `fn` with the tensors at the given FQNs replaced, restoring the originals afterwards (also on error). */
export function _reparametrize_module<T>(module: Module, tensors: ReadonlyMap<string, Tensor>, fn: () => T): T {
  const saved: [string, Tensor | null][] = [];
  try {
    for (const [fqn, t] of tensors) saved.push([fqn, swap_tensor(module, fqn, t)]);
    return fn();
  } finally {
    for (const [fqn, t] of saved.reverse()) swap_tensor(module, fqn, t);
  }
}

/** torch.func.functional_call(module, tensors, args): forward with the given parameters/buffers. */
export function functional_call(module: Module, tensors: ReadonlyMap<string, Tensor>, args: unknown[]): unknown {
  return _reparametrize_module(module, tensors, () => (module as unknown as (...a: unknown[]) => unknown)(...args));
}
