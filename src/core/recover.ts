// Recovery of the WASM core after a trap. A trap (unreachable, out-of-bounds access, an
// allocation the 4 GiB address space cannot hold, a stack overflow) or an AssemblyScript abort
// can stop the core half-way through an update, after which every later call may fail. So every
// call into the core is guarded: on such a failure the instance is replaced by a fresh one of
// the same compiled module (instantiated ahead of time, so the switch is synchronous), the
// failed call gets a typed CoreError, and the next call works.
//
// Objects made by the old instance (expressions, ShapeEnvs, graph and node ids) name state that
// is gone: they carry the generation they were made in and refuse to work afterwards (a typed
// CoreError), so a stale id can never alias an object of the new instance.
import { instantiate } from "../../build/core.js";
import { CoreError } from "./errors.js";

type CoreExports = Awaited<ReturnType<typeof instantiate>>;

let generation = 0;
const hooks: Array<() => void> = [];
let compiled: WebAssembly.Module | null = null;
let install: ((exports: CoreExports) => void) | null = null;
let expectedVersion = "";
let spare: CoreExports | null = null;
let preparing: Promise<void> | null = null;
let resets = 0;

/** Instances of the core made so far minus one: bumped by every reset. */
export function coreGeneration(): number {
  return generation;
}

/** How many times the core was reset after a failure (for service metrics). */
export function coreResetCount(): number {
  return resets;
}

/** Runs `fn` after every reset (src/core modules drop what they cached about the old instance). */
export function onCoreReset(fn: () => void): void {
  hooks.push(fn);
}

/** The error for using an object of an instance that was replaced. */
export function staleError(what: string): CoreError {
  return new CoreError(
    `pt2js: this ${what} belongs to the WASM core as it was before a failure reset it; programs, ShapeEnvs and ` +
      "expressions made before the reset cannot be used (export or load them again)",
  );
}

/**
 * Called by the loader with the first instance: returns its guarded exports, and `setExports`
 * is how a reset installs the next instance.
 */
export function adoptCore(module: WebAssembly.Module, exports: CoreExports, version: string, setExports: (e: CoreExports) => void): CoreExports {
  compiled = module;
  install = setExports;
  expectedVersion = version;
  void prepareSpare();
  return guard(exports);
}

/** Resolves when a spare instance is ready (tests await it before provoking a failure). */
export function whenCoreRecoverable(): Promise<void> {
  return spare !== null ? Promise.resolve() : prepareSpare();
}

function prepareSpare(): Promise<void> {
  if (compiled === null) return Promise.resolve();
  preparing ??= instantiate(compiled, { env: {} })
    .then((e) => {
      if (e.coreVersion() === expectedVersion) spare = e;
    })
    .catch(() => {
      // no spare: a failure then leaves the core unusable until one is made
    })
    .finally(() => {
      preparing = null;
    });
  return preparing;
}

const TRAP_MESSAGE = / in (~lib|assembly)\/[^ ]*:\d+:\d+$/;

function isTrap(e: unknown): boolean {
  if (e instanceof WebAssembly.RuntimeError) return true;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return true;
  return e instanceof Error && !(e instanceof CoreError) && TRAP_MESSAGE.test(e.message); // AssemblyScript abort()
}

function reset(cause: unknown): CoreError {
  resets++;
  generation++;
  const next = spare;
  spare = null;
  const what = `${(cause as Error)?.constructor?.name ?? "Error"}: ${(cause as Error)?.message ?? String(cause)}`;
  if (next !== null && install !== null) {
    install(guard(next));
  } else if (install !== null) {
    install(unavailable());
  }
  for (const h of hooks) h();
  void prepareSpare().then(() => {
    // A core left unavailable (no spare was ready) comes back as soon as one is.
    if (next === null && spare !== null && install !== null) {
      const fresh = spare;
      spare = null;
      install(guard(fresh));
      void prepareSpare();
    }
  });
  return new CoreError(
    `pt2js: the WASM core failed (${what}) and was reset; this call is abandoned, the next one runs on a fresh core` +
      (next === null ? " (as soon as it is ready)" : ""),
  );
}

/** Exports whose every function turns a trap into a reset plus a CoreError. */
function guard(exports: CoreExports): CoreExports {
  const raw = exports as unknown as Record<string, unknown>;
  const proto = Object.getPrototypeOf(raw) as Record<string, unknown> | null;
  const out: Record<string, unknown> = Object.create(proto);
  const names = new Set([...Object.keys(raw), ...(proto ? Object.keys(proto) : [])]);
  for (const name of names) {
    const value = raw[name];
    // defineProperty: the prototype (the instance's frozen exports) has read-only properties of
    // the same names, which plain assignment may not shadow.
    if (typeof value === "function") {
      Object.defineProperty(out, name, { value: guarded(value as (...a: unknown[]) => unknown), enumerable: true });
    }
  }
  return out as unknown as CoreExports;
}

function guarded(f: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  // Fixed arities (the core's functions take at most 8 arguments): no rest-array per call.
  const fail = (e: unknown): never => {
    throw isTrap(e) ? reset(e) : e;
  };
  switch (f.length) {
    case 0: return () => { try { return f(); } catch (e) { return fail(e); } };
    case 1: return (a) => { try { return f(a); } catch (e) { return fail(e); } };
    case 2: return (a, b) => { try { return f(a, b); } catch (e) { return fail(e); } };
    case 3: return (a, b, c) => { try { return f(a, b, c); } catch (e) { return fail(e); } };
    case 4: return (a, b, c, d) => { try { return f(a, b, c, d); } catch (e) { return fail(e); } };
    default: return (...a) => { try { return f(...a); } catch (e) { return fail(e); } };
  }
}

/** While no fresh instance is ready: every call is a CoreError. */
function unavailable(): CoreExports {
  const fail = (): never => {
    throw new CoreError("pt2js: the WASM core is being reset after a failure; retry in a moment");
  };
  return new Proxy({} as CoreExports, { get: (_, key) => (key === "memory" ? fail() : fail) });
}
