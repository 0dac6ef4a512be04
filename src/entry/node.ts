// Node, Bun and Deno: read core.wasm beside this bundle from disk, before the import finishes.
import { init } from "../core/loader.js";
import { useNodeFiles } from "./node-common.js";

useNodeFiles(import.meta.url);
await init();

export * from "../index.js";
