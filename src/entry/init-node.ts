// pt2js/init in Node, Bun and Deno: no top-level await; `await init()` reads core.wasm from disk.
import { useNodeFiles } from "./node-common.js";

useNodeFiles(import.meta.url);

export * from "../index.js";
