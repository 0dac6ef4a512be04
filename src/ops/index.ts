// The op layer: registry (aten namespace), dispatcher, implementations, torch.* functions.
import "./impl/index.js";
export { aten, lookupOp, allOps, OpOverload, type OpOverloadPacket } from "./registry.js";
export { parseSchema, type FunctionSchema, type SchemaArg, type SchemaType, type SchemaReturn, type AliasInfo } from "./schema.js";
export {
  dispatch, runEager, runMeta, normalizeArgs, fxArgs, fxArgsOf, getDispatchMode, setDispatchMode, withDispatchMode, dispatchHooks,
  type DispatchMode, type Kwargs,
} from "./dispatch.js";
export * from "./errors.js";
export * as functional from "./functional.js";
