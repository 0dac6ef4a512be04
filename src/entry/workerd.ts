// Cloudflare Workers and other edge runtimes forbid compiling WASM from bytes: the runtime's
// bundler turns this import of core.wasm into a precompiled WebAssembly.Module.
// @ts-expect-error -- resolved by the edge runtime's module loader, not by TypeScript
import coreModule from "./core.wasm";
import { init, setDefaultCoreSource } from "../core/loader.js";
import { prepare } from "./common.js";

prepare();
setDefaultCoreSource(
  () => coreModule as WebAssembly.Module,
  "This entry needs a bundler that imports .wasm files as compiled WebAssembly.Module objects (wrangler, workerd's module config); " +
    "elsewhere import from 'pt2js/init' and `await init(module)` with a module you compiled",
);
await init();

export * from "../index.js";
