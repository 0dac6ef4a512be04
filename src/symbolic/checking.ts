// Checking mode for implicit SymInt conversions (PT2JS_CHECK_SYMINT=1; the test suite turns it
// on): a SymInt's valueOf / Symbol.toPrimitive reached from pt2js's own code (`*`, `<`,
// `Math.floor`, `Number(x)`, `"" + x` on a size) throws with the call site, because library code
// must keep sizes symbolic with the SymInt methods or the Size helpers; reached from user code it
// specializes as int() does in PyTorch.
import { Pt2jsError } from "../core/errors.js";

/** An implicit SymInt/SymFloat conversion inside pt2js, caught in checking mode. */
export class SymIntConversionError extends Pt2jsError {}

function envFlag(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.PT2JS_CHECK_SYMINT;
  return v !== undefined && v !== "" && v !== "0";
}

let checking = envFlag();

/** Turns checking mode on or off; returns the previous setting. */
export function setSymIntChecking(on: boolean): boolean {
  const prev = checking;
  checking = on;
  return prev;
}

export function symIntChecking(): boolean {
  return checking;
}

const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;

// pt2js's own code: the folder of this file (build/ when bundled), or the one above it when this
// file sits in src/symbolic/. Found from this function's own stack frame on first use.
let ownPrefix: string | null = null;

function ownCode(): string {
  if (ownPrefix !== null) return ownPrefix;
  const line = (new Error().stack ?? "").split("\n").find((l) => FRAME.test(l)) ?? "";
  const file = FRAME.exec(line)?.[2] ?? "";
  let dir = file.replace(/[^\\/]*$/, "");
  if (/[\\/]symbolic[\\/]$/.test(dir)) dir = dir.replace(/[^\\/]*[\\/]$/, "");
  ownPrefix = dir;
  return dir;
}

type CaptureStackTrace = (target: object, constructorOpt?: Function) => void;

/** The frame that called `conversion` (valueOf or Symbol.toPrimitive) when it lies in pt2js's own
 * code, as `file:line:col in fn`; null when the caller is user code. Builtin frames (`Math.max`,
 * `Array.prototype.sort`) are skipped. */
export function libraryConversionSite(conversion: Function): string | null {
  const capture = (Error as unknown as { captureStackTrace?: CaptureStackTrace }).captureStackTrace;
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const holder: { stack?: string } = {};
  try {
    if (capture) capture(holder, conversion);
    else holder.stack = new Error().stack;
  } finally {
    Error.stackTraceLimit = saved;
  }
  const stack = holder.stack;
  if (!stack) return null;
  const own = ownCode();
  if (own === "") return null;
  for (const line of stack.split("\n").slice(1)) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = m[2]!;
    if (file === "<anonymous>" || file === "native" || file.startsWith("node:")) continue;
    // Without captureStackTrace (not V8) the conversion's own frames come first.
    if (!capture && /valueOf|toPrimitive|libraryConversionSite|checkConversion/.test(m[1] ?? "")) continue;
    if (!file.startsWith(own)) return null;
    return `${file.slice(own.length)}:${m[3]}:${m[4]} in ${m[1] ?? "<module>"}`;
  }
  return null;
}

/** Throws in checking mode when `conversion` of `x` was called from library code. */
export function checkConversion(x: { toString(): string }, conversion: Function): void {
  if (!checking) return;
  const site = libraryConversionSite(conversion);
  if (site !== null) {
    throw new SymIntConversionError(
      `pt2js converted the symbolic size ${x.toString()} to a number implicitly at ${site}; library code must keep sizes symbolic with the SymInt methods or the Size helpers (PT2JS_CHECK_SYMINT)`,
    );
  }
}
