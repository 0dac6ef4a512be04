// Cloudflare Workers and other edge runtimes forbid compiling WASM from bytes: the runtime's
// bundler turns this import of core.wasm into a precompiled WebAssembly.Module.
// @ts-expect-error -- resolved by the edge runtime's module loader, not by TypeScript
import coreModule from "./core.wasm";
import { init } from "../core/loader.js";

await init(coreModule as WebAssembly.Module);

export * from "../index.js";
