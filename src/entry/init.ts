// pt2js/init for browsers and bundlers: no top-level await. `await init()` fetches core.wasm beside
// this file (or pass its URL, a Response, its bytes or a compiled WebAssembly.Module); a failure
// rejects with a CoreError the app can catch.
import { setDefaultCoreSource } from "../core/loader.js";
import { prepare, HINT_BESIDE_BUNDLE } from "./common.js";

prepare();
// Written out as `new URL("./core.wasm", import.meta.url)`: vite, webpack and parcel recognise that
// form, emit core.wasm as an asset and put its URL here. Evaluated by init(), not at load.
setDefaultCoreSource(() => new URL("./core.wasm", import.meta.url), HINT_BESIDE_BUNDLE);

export * from "../index.js";
