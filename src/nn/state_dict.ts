// Module.state_dict / load_state_dict with PyTorch's key order and error messages
// (torch/nn/modules/module.py: _save_to_state_dict, _load_from_state_dict, load_state_dict).
import { Tensor } from "../tensor/tensor.js";
import { TorchRuntimeError } from "./errors.js";
import { Parameter } from "./parameter.js";
import type { Module } from "./module.js";

export type StateDictInput = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** load_state_dict's result (PyTorch's `_IncompatibleKeys` named tuple). */
export interface IncompatibleKeys {
  missing_keys: string[];
  unexpected_keys: string[];
}

/** A tensor sharing `t`'s storage, without the Parameter type (Python's t.detach() outside autograd). */
function detached(t: Tensor): Tensor {
  return new Tensor(t.dtype, t.shape, t._stride, t._offset, t._storage);
}

/** Parameters and persistent buffers of one module, by local name, skipping None. */
function localState(m: Module): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [k, p] of m._parameters) if (p !== null) out.set(k, p);
  for (const [k, b] of m._buffers) if (b !== null && !m._non_persistent_buffers_set.has(k)) out.set(k, b);
  return out;
}

export function saveStateDict(m: Module, prefix: string, keepVars: boolean, dest = new Map<string, Tensor>()): Map<string, Tensor> {
  for (const [k, t] of localState(m)) dest.set(prefix + k, keepVars ? t : detached(t));
  for (const [name, child] of m._modules) if (child !== null) saveStateDict(child, `${prefix}${name}.`, keepVars, dest);
  return dest;
}

const sizeText = (s: readonly unknown[]) => `torch.Size([${s.map(String).join(", ")}])`;

function loadInto(m: Module, sd: ReadonlyMap<string, unknown>, prefix: string, strict: boolean, assign: boolean,
  missing: string[], unexpected: string[], errors: string[]): void {
  const local = localState(m);
  for (const [name, param] of local) {
    const key = prefix + name;
    if (!sd.has(key)) {
      missing.push(key);
      continue;
    }
    let input = sd.get(key);
    if (!(input instanceof Tensor)) {
      errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeof input}`);
      continue;
    }
    // PyTorch's backward compatibility: a 1-element 1-d checkpoint value loads into a 0-d parameter.
    if (param.ndim === 0 && input.ndim === 1) input = new Tensor(input.dtype, [], [], input._offset, input._storage);
    const src = input as Tensor;
    if (src.ndim !== param.ndim || src.shape.some((d, i) => d !== param.shape[i])) {
      errors.push(`size mismatch for ${key}: copying a param with shape ${sizeText(src.shape)} from checkpoint, the shape in current model is ${sizeText(param.shape)}.`);
      continue;
    }
    if (assign) {
      const value = param instanceof Parameter ? new Parameter(src, param.requires_grad) : src;
      (m as unknown as Record<string, unknown>)[name] = value;
    } else {
      param._writeLogical(src._values());
    }
  }
  if (strict) {
    for (const key of sd.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf(".");
      if (dot >= 0 ? !m._modules.has(rest.slice(0, dot)) : !local.has(rest)) unexpected.push(key);
    }
  }
  for (const [name, child] of m._modules) {
    if (child !== null) loadInto(child, sd, `${prefix}${name}.`, strict, assign, missing, unexpected, errors);
  }
}

export function loadStateDict(m: Module, stateDict: StateDictInput, strict: boolean, assign: boolean): IncompatibleKeys {
  const sd: ReadonlyMap<string, unknown> = stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict as Record<string, Tensor>));
  const missing: string[] = [];
  const unexpected: string[] = [];
  const errors: string[] = [];
  loadInto(m, sd, "", strict, assign, missing, unexpected, errors);
  if (strict) {
    if (unexpected.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `);
    if (missing.length > 0) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
  }
  if (errors.length > 0) {
    throw new TorchRuntimeError(`Error(s) in loading state_dict for ${m.constructor.name}:\n\t${errors.join("\n\t")}`);
  }
  return { missing_keys: missing, unexpected_keys: unexpected };
}
