// Browsers and bundlers: fetch core.wasm beside this bundle (streaming compile, with a fallback for
// servers that send the wrong MIME type).
import { init } from "../core/loader.js";

await init(new URL("./core.wasm", import.meta.url));

export * from "../index.js";
