// torch.nn: Module, Parameter, layers, init, the functional namespace F, module call hooks,
// state-dict and safetensors loading.
export { Module, moduleTypeName, type ForwardHook, type ForwardPreHook, type RemovableHandle } from "./module.js";
export { Parameter } from "./parameter.js";
export { setModuleCallHook, getModuleCallHook, moduleCallStack, type ModuleCallHook } from "./hooks.js";
export type { IncompatibleKeys, StateDictInput } from "./state_dict.js";
export * from "./errors.js";
export * from "./modules/index.js";
export * as init from "./init.js";
export * as functional from "./functional.js";
export { load_safetensors, save_safetensors } from "./safetensors.js";
export { weightsFromPt2, constantsFromPt2 } from "./pt2_weights.js";
export { tensorFromBytes, encodeTensor } from "./tensor_bytes.js";
export { swap_tensor, _reparametrize_module, functional_call } from "./stateless.js";
