// What every package entry does before handing out the API: class names that survive a user's
// minifier, and util.inspect / console.log output that reads like PyTorch's repr.
import * as coreErrors from "../core/errors.js";
import * as exportErrors from "../export/errors.js";
import * as opsErrors from "../ops/errors.js";
import * as nnErrors from "../nn/errors.js";
import * as pytreeErrors from "../pytree/errors.js";
import * as serdeErrors from "../serde/errors.js";
import * as guardErrors from "../program/guards_errors.js";
import { UnflattenError } from "../program/unflatten_runtime.js";
import { nn } from "../torch.js";
import { Tensor } from "../tensor/index.js";
import { ExportedProgram } from "../program/exported_program.js";
import { GraphModule } from "../fx/graph_module.js";
import { tensorRepr } from "./tensor_repr.js";

type Class = { name: string; prototype: object; __module_type__?: string };

/**
 * A minifier renames classes (`Linear` → `a`), and pt2js prints class names: error names
 * (`UserError: ...`), module reprs (`Linear(in_features=...)`). Export names survive minification
 * (they are string keys of the module namespace), so each class gets its name back from the key it
 * is exported under; pt2js's layers take the last part of their explicit `__module_type__`
 * (`torch.nn.modules.linear.Linear`), which is a string and survives too.
 */
export function restoreClassNames(): void {
  const errorModules: Record<string, unknown>[] = [coreErrors, exportErrors, opsErrors, nnErrors, pytreeErrors, serdeErrors, guardErrors];
  for (const ns of [...errorModules, { UnflattenError }]) {
    for (const [key, value] of Object.entries(ns)) {
      if (typeof value === "function" && value.prototype instanceof Error) rename(value as Class, key);
    }
  }
  for (const [key, value] of Object.entries(nn as unknown as Record<string, unknown>)) {
    if (typeof value !== "function") continue;
    const cls = value as Class;
    const type = Object.prototype.hasOwnProperty.call(cls, "__module_type__") ? cls.__module_type__ : undefined;
    if (typeof type === "string") rename(cls, type.slice(type.lastIndexOf(".") + 1));
    else if (key === "Module" || key === "Parameter") rename(cls, key);
  }
  const named: Record<string, Class> = { Tensor, ExportedProgram, GraphModule };
  for (const [key, cls] of Object.entries(named)) rename(cls, key);
}

function rename(cls: Class, name: string): void {
  if (cls.name === name) return;
  try {
    Object.defineProperty(cls, "name", { value: name, configurable: true });
  } catch {
    // a frozen class keeps its name
  }
}

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/** util.inspect and console.log (Node, Bun, Deno) print what PyTorch's repr prints. */
export function installInspect(): void {
  const asText = function inspect(this: { toString(): string }) {
    return this.toString();
  };
  const hooks: [Class, (this: never) => string][] = [
    [Tensor as unknown as Class, function inspect(this: Tensor) { return tensorRepr(this); }],
    [nn.Module as unknown as Class, asText],
    [ExportedProgram as unknown as Class, asText],
    // A GraphModule shows its code, as print_readable() gives it (Python's print(gm) shows the code too).
    [GraphModule as unknown as Class, function inspect(this: GraphModule) {
      return (this.print_readable as (options?: { print_output?: boolean }) => string).call(this, { print_output: false });
    }],
  ];
  for (const [cls, value] of hooks) {
    if (Object.prototype.hasOwnProperty.call(cls.prototype, inspectCustom)) continue;
    Object.defineProperty(cls.prototype, inspectCustom, { value, configurable: true, writable: true });
  }
}

export function prepare(): void {
  restoreClassNames();
  installInspect();
}

/** The advice a failed load of core.wasm gives, per entry. */
export const HINT_BESIDE_BUNDLE =
  "If your bundler does not copy core.wasm next to the JavaScript (esbuild, bun build, some edge builds), " +
  "import from 'pt2js/inline' (core.wasm inlined as base64) and `await init()`, or import from 'pt2js/init' " +
  "and `await init(url)` with the URL where you serve core.wasm (the file is 'pt2js/core.wasm')";

/** core.wasm's URL beside the entry whose `import.meta.url` is `base` (read when init() runs, never at load). */
export function besideBundle(base: string | undefined): URL {
  if (typeof base !== "string" || base === "") {
    throw new coreErrors.CoreError("pt2js: this bundle has no import.meta.url to find core.wasm beside it");
  }
  return new URL("./core.wasm", base);
}
