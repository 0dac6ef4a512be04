// Loads the WASM core once per realm. The only module that instantiates the core; the rest of
// src/core reads the exports through `core()`.
import { instantiate } from "../../build/core.js";
import { CoreError } from "./errors.js";
import { adoptCore } from "./recover.js";

export type CoreExports = Awaited<ReturnType<typeof instantiate>>;

/** What `init` accepts: a compiled module (required on edge runtimes), a URL or Response to
 * fetch, or the bytes of core.wasm. */
export type CoreSource =
  | WebAssembly.Module
  | URL
  | string
  | Response
  | Promise<Response>
  | ArrayBuffer
  | ArrayBufferView;

let exportsOf: CoreExports | null = null;
let pending: Promise<CoreExports> | null = null;
/** Where `init()` without an argument finds core.wasm; set by the package entry (src/entry). */
let defaultSource: (() => CoreSource | Promise<CoreSource>) | null = null;
/** What a failed load should suggest instead; set by the package entry. */
let loadHint = "";

/** Called by the package entries: the source `init()` uses when given none, and the advice a failed load adds. */
export function setDefaultCoreSource(source: (() => CoreSource | Promise<CoreSource>) | null, hint = ""): void {
  defaultSource = source;
  loadHint = hint;
}

/** The facade's expected core version; a stale core.wasm is refused with a clear message. */
export const EXPECTED_CORE_VERSION = "0.1.0";

/**
 * Instantiates the core from `source` (a compiled `WebAssembly.Module`, a URL or `Response` of
 * core.wasm, or its bytes); without one, from where the package entry says core.wasm is.
 * Idempotent: later calls return the first instance. A failure rejects (catchable) with a
 * `CoreError` that says which entry or option to use, and a later call may retry.
 */
export function init(source?: CoreSource): Promise<CoreExports> {
  if (exportsOf) return Promise.resolve(exportsOf);
  if (!pending) {
    pending = Promise.resolve()
      .then(() => {
        if (source !== undefined && source !== null) return source;
        if (defaultSource === null) {
          throw new CoreError(
            "pt2js: init() needs the location of core.wasm here: pass a URL, a Response, its bytes or a " +
              "compiled WebAssembly.Module (import it from 'pt2js/core.wasm'), or use the entry " +
              "'pt2js/inline', which carries core.wasm inside the JavaScript",
          );
        }
        return defaultSource();
      })
      .then(compile)
      .then((module) => instantiate(module, { env: {} }).then((exports) => ({ module, exports })))
      .then(({ module, exports }) => {
        const version = exports.coreVersion();
        if (version !== EXPECTED_CORE_VERSION) {
          throw new CoreError(
            `pt2js: core.wasm is version ${version}, this package expects ${EXPECTED_CORE_VERSION}; rebuild with \`npm run build\``,
          );
        }
        // Guarded: a trap inside the core resets it (src/core/recover.ts).
        exportsOf = adoptCore(module, exports, EXPECTED_CORE_VERSION, (next) => {
          exportsOf = next;
        });
        return exportsOf;
      })
      .catch((error) => {
        pending = null; // a failed start may be retried with another source
        const message = error instanceof CoreError ? error.message : `pt2js: loading core.wasm failed (${describe(error)})`;
        if (!loadHint || message.includes(loadHint)) throw error instanceof CoreError ? error : new CoreError(message);
        error = new CoreError(`${message}. ${loadHint}`);
        throw error;
      });
  }
  return pending;
}

/** Whether `init` has finished. */
export function isInitialized(): boolean {
  return exportsOf !== null;
}

/** The core's exports; throws if `init` has not finished. */
export function core(): CoreExports {
  if (exportsOf === null) {
    throw new CoreError(
      "pt2js: the WASM core is not loaded; import pt2js through its package entry, or await init(source) first",
    );
  }
  return exportsOf;
}

async function compile(source: CoreSource): Promise<WebAssembly.Module> {
  // A module compiled in another realm (Next.js' edge sandbox hands the route one made by its
  // host) is no `instanceof` this realm's WebAssembly.Module; its tag says what it is.
  if (source instanceof WebAssembly.Module || Object.prototype.toString.call(source) === "[object WebAssembly.Module]") {
    return source as WebAssembly.Module;
  }
  // Bytes first: in Node, merely reading the global `Response` loads its fetch implementation (~13 ms).
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return compileBytes(source as BufferSource);
  }
  if (typeof source === "string" || source instanceof URL) {
    return compileResponse(fetch(source));
  }
  if (isResponseLike(source) || source instanceof Promise) {
    return compileResponse(source as Response | Promise<Response>);
  }
  throw new CoreError(
    "pt2js: init() takes a WebAssembly.Module, a URL, a Response or the bytes of core.wasm",
  );
}

async function compileResponse(response: Response | Promise<Response>): Promise<WebAssembly.Module> {
  const res = await response;
  if (!res.ok) {
    throw new CoreError(`pt2js: fetching core.wasm failed: HTTP ${res.status} ${res.statusText}`);
  }
  if (typeof WebAssembly.compileStreaming === "function") {
    try {
      return await WebAssembly.compileStreaming(res.clone());
    } catch (error) {
      // Servers that send core.wasm without `application/wasm` make streaming refuse it;
      // compiling the bytes works all the same.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  return compileBytes(await res.arrayBuffer());
}

async function compileBytes(bytes: BufferSource): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    throw new CoreError(
      `pt2js: compiling core.wasm from bytes failed (${(error as Error).message}). ` +
        "Runtimes that forbid code generation (Cloudflare Workers, edge functions) must pass a " +
        "precompiled WebAssembly.Module: import it from 'pt2js/core.wasm' and call init(module).",
    );
  }
}

function isResponseLike(value: unknown): value is Response {
  return typeof Response !== "undefined" && value instanceof Response;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
