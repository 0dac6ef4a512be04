// torch.compiler: is_exporting() is true while torch.export traces (the model, cond branches, loop
// bodies), so a model can take an export-only path; is_compiling() is true then too, as in PyTorch
// (export traces through the compiler stack); is_dynamo_compiling() is false (no Dynamo here).
import { getDispatchMode } from "../ops/dispatch.js";
import { TraceMode } from "./trace_mode.js";

export function is_exporting(): boolean {
  return getDispatchMode() instanceof TraceMode;
}

export function is_compiling(): boolean {
  return is_exporting();
}

export function is_dynamo_compiling(): boolean {
  return false;
}

export const compiler = { is_exporting, is_compiling, is_dynamo_compiling } as const;
