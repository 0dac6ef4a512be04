// Module call hooks: how the tracer sees module boundaries. Every `module(...)` call goes through
// `callModule`, which keeps a stack of the modules being called and lets one installed hook wrap
// the call (to record `nn_module_stack`, or to flatten a preserved module's inputs and outputs).
import type { Module } from "./module.js";

/** Wraps one module call. `next(args)` runs the module's forward (with its forward hooks). */
export interface ModuleCallHook {
  call(module: Module, args: unknown[], next: (args: unknown[]) => unknown): unknown;
}

let hook: ModuleCallHook | null = null;
const stack: Module[] = [];

/** Installs `h` (null: none) and returns the previous hook, for the caller to restore. */
export function setModuleCallHook(h: ModuleCallHook | null): ModuleCallHook | null {
  const prev = hook;
  hook = h;
  return prev;
}

export function getModuleCallHook(): ModuleCallHook | null {
  return hook;
}

/** The modules whose call is in progress, outermost first (a copy). */
export function moduleCallStack(): Module[] {
  return stack.slice();
}

/** Runs one module call: pushes the module, runs the hook (or `next` directly), pops. */
export function callModule(module: Module, args: unknown[], next: (args: unknown[]) => unknown): unknown {
  stack.push(module);
  try {
    return hook === null ? next(args) : hook.call(module, args, next);
  } finally {
    stack.pop();
  }
}
