// Browsers and bundlers: fetch core.wasm beside this bundle (streaming compile, with a fallback for
// servers that send the wrong MIME type), before the import finishes (top-level await).
// Bundlers that do not copy core.wasm: use 'pt2js/inline'; to catch a failed load: 'pt2js/init'.
import { init, setDefaultCoreSource } from "../core/loader.js";
import { prepare, HINT_BESIDE_BUNDLE } from "./common.js";

prepare();
// Written out as `new URL("./core.wasm", import.meta.url)`: vite, webpack and parcel recognise that
// form, emit core.wasm as an asset and put its URL here. Evaluated by init(), not at load.
setDefaultCoreSource(() => new URL("./core.wasm", import.meta.url), HINT_BESIDE_BUNDLE);
await init();

export * from "../index.js";
