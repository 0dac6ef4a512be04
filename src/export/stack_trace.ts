// node.meta["stack_trace"]: the frames from the model's forward down to the op call, formatted as
// Python tracebacks are (`File "mlp.ts", line 12, in forward`). pt2js's own frames are left out,
// except its nn modules' forward methods, which stand where torch/nn/modules/*.py frames stand in
// PyTorch's traces (so `print(ep)` groups nodes into the same source blocks).

import { currentInterpretedNode } from "../fx/traceback.js";
import { moduleCalls } from "./module_stack.js";

// Frames of V8 (`at fn (file:line:col)` / `at file:line:col`) and of SpiderMonkey/JSC (`fn@file:line:col`).
const V8_FRAME = /^\s*at (?:(.*?) \()?(.*):(\d+):\d+\)?$/;
const OTHER_FRAME = /^(.*?)@(.*):(\d+):\d+$/;

// pt2js sources and bundles; `src/nn/modules/` is kept (as torch/nn/modules frames are in
// PyTorch's traces, while torch/nn/functional.py frames are not). Built bundles are one file, so they count as
// internal entirely (their nn frames are lost there, which only changes `# File:` comments).
const INTERNAL = /\/(src\/(?!nn\/modules\/)|build\/(pt2js|node|browser|workerd|fflate)\.js)|^node:|\/node_modules\//;
/** The name of the function export calls the model through; frames outside it are export's caller's. */
export const TRACE_ROOT = "__pt2js_trace_root__";

/** The name of the module call hook's function (module_calls.ts): one such frame per module stack entry. */
export const MODULE_CALL_FRAME = "__pt2js_module_call__";

interface Frame {
  fn: string;
  file: string;
  line: number;
}

/**
 * The current user stack as node.meta["stack_trace"], or null when no user frame is found.
 * `site` (the node's target) only tunes the capture: the frames between here and the user's code
 * are about the same for each call of one op.
 */
export function userStackTrace(site?: unknown): string | null {
  // Ops made while a graph is interpreted carry that node's stack trace (preserve_node_meta).
  const replayed = currentInterpretedNode();
  if (replayed !== null && typeof replayed.meta.stack_trace === "string") return replayed.meta.stack_trace;
  const limit = Error.stackTraceLimit;
  try {
    if (structuredStacks()) {
      const trace = structuredTrace(false, typeof site === "object" && site !== null ? site : undefined);
      if (trace !== NO_HOOK) return trace === "" ? null : trace;
      hookIgnored = true; // an engine without Error.prepareStackTrace (JavaScriptCore): parse `.stack`
    }
    Error.stackTraceLimit = FULL_LIMIT;
    return formatFrames(framesBelowExport(new Error().stack ?? ""));
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Called by the module call hook (module_calls.ts) right after enterModule: for a call of one of
 * pt2js's nn modules whose ops need no frames of their own (see ModuleCall.ownForward), the text of the
 * frames above the call is read now, from a shallow stack, and its ops reuse it without capturing.
 */
export function moduleCallTrace(): void {
  const key = moduleCalls[moduleCalls.length - 1]?.ownForward;
  if (key === null || key === undefined || emptyBelow.get(key) !== true || hookIgnored || !structuredStacks()) return;
  const limit = Error.stackTraceLimit;
  try {
    structuredTrace(true);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// Each frame is followed by its code line, as in Python; pt2js does not read sources (it runs in
// browsers too), so the line holds a placeholder.
function formatFrame(f: Frame): string {
  return `File "${shortFile(f.file)}", line ${f.line}, in ${f.fn}\n    ...`;
}

function formatFrames(frames: Frame[]): string | null {
  return frames.length === 0 ? null : frames.map(formatFrame).join("\n  ");
}

// This runs for every recorded node, so it is kept cheap. Capturing costs about half a
// microsecond per frame, and formatting the text of `.stack` as much again, so:
// - On V8 (Node, Chromium, Deno) with the engine's own stack formatting in place, the stack is read
//   as structured call sites: only frames whose function is named like `forward` (or the trace
//   root) are formatted, each with the engine's own CallSite.toString() (the text of that frame's
//   `.stack` line), then parsed exactly as the string path parses `.stack`, so both give the same
//   frames. Where something else formats stacks (source maps under tsx or vitest, a user's
//   Error.prepareStackTrace, other engines), `.stack` is read and parsed whole, so mapped file
//   names and lines are kept.
// - The frames above a module call (MODULE_CALL_FRAME, one per entry of module_stack.ts's stack)
//   do not change while it runs: the first op inside the call stores their text on its entry
//   (ModuleCall.outerTrace), and later ops capture only down to that frame. The capture limit follows the
//   deepest such walk seen (frames to the op's own module call, per op, plus frames between nested
//   calls whose text is not known yet, or to the trace root), and is retried in full when a
//   truncated capture missed what it needed (so the frames kept never depend on the limit).
// - Calls of pt2js's own nn modules (Linear, Conv2d, ...: ModuleCall.ownForward in module_stack.ts) read
//   the text above them when they start (moduleCallTrace, a shallow capture), once it is known
//   that nothing below their frame is kept (all of pt2js's frames are internal in the bundle):
//   their ops then capture nothing.
const FULL_LIMIT = 200; // the op's own frames come first; keep enough to reach forward
let rootDepth = 24; // frames from the capture to the trace root, the most seen so far
let innerDepth = 6; // frames from the capture to the op's own module call frame, the most seen
let callGap = 6; // frames between two nested module call frames, the most seen
let hookIgnored = false;
let hookRan = false;

const NO_HOOK = 2;

// Forward functions of pt2js's nn modules (ModuleCall.ownForward) -> whether their calls' ops had no frame
// to keep below the call (learned from the first op inside one; true in the bundle, where all of
// pt2js's frames are internal; false where src/nn/modules frames are kept).
const emptyBelow = new WeakMap<object, boolean>();
// Set by collectTrace: the frames kept below the first module call frame (-1: none reached), and
// the frames captured up to it (0: none reached).
let keptBelowCall = -1;
let firstCallAt = 0;
// Per op (its node target): the most frames captured up to the first module call frame.
const depthOf = new WeakMap<object, number>();

// The trace for an op (atCall false) or, from moduleCallTrace (atCall true), the text above the
// module call just entered (stored on its entry; the result is not used).
function structuredTrace(atCall: boolean, site?: object): string | typeof NO_HOOK {
  if (hookIgnored) return NO_HOOK;
  const top = moduleCalls.length - 1;
  const key = top >= 0 ? moduleCalls[top]!.ownForward : null;
  let learn: object | null = null;
  if (!atCall && key !== null && key !== undefined) {
    const empty = emptyBelow.get(key);
    const known = moduleCalls[top]!.outerTrace;
    if (empty === true && known !== undefined) return known;
    if (empty === undefined) learn = key;
  }
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = collectTrace;
  try {
    // Enough frames to reach the innermost module call whose outer frames are known (or the root).
    let unknown = 0;
    for (let m = top; m >= 0 && moduleCalls[m]!.outerTrace === undefined; m--) unknown++;
    // Frames to the first module call frame: for a module call, this function, moduleCallTrace and
    // the call's own frame; for an op, the most seen (for this op, once it has been seen).
    const first = atCall ? 3 : ((site !== undefined ? depthOf.get(site) : undefined) ?? innerDepth);
    Error.stackTraceLimit = unknown === moduleCalls.length ? rootDepth + 4 : first + unknown * callGap;
    hookRan = false;
    keptBelowCall = -1;
    firstCallAt = 0;
    let out = new Error().stack as unknown;
    if (out === TRUNCATED) {
      Error.stackTraceLimit = FULL_LIMIT;
      out = new Error().stack;
    }
    if (!hookRan) return NO_HOOK;
    if (learn !== null && keptBelowCall >= 0) emptyBelow.set(learn, keptBelowCall === 0);
    if (site !== undefined && firstCallAt > (depthOf.get(site) ?? 0)) depthOf.set(site, firstCallAt);
    return out as string;
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

// Whether `.stack` would be the engine's plain formatting: no Error.prepareStackTrace but Node's
// own default (which, without source maps, joins CallSite.toString() lines), and no source maps.
function structuredStacks(): boolean {
  const prepare = (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  if (prepare !== undefined && !(typeof prepare === "function" && prepare.name === "ErrorPrepareStackTrace")) return false;
  const proc = (globalThis as { process?: { sourceMapsEnabled?: boolean; versions?: { node?: string } } }).process;
  if (proc?.versions?.node !== undefined && proc.sourceMapsEnabled !== false) return false; // on, or unknown (old Node)
  return true;
}

interface CallSite {
  getFunctionName(): string | null;
  getMethodName(): string | null;
  getFileName(): string | undefined | null;
  toString(): string;
}

const TRUNCATED = 1;

// Error.prepareStackTrace hook: the stack_trace text for this stack ("" for no frame), or
// TRUNCATED when the capture stopped before what it needed (it may be further out).
function collectTrace(_error: Error, sites: readonly CallSite[]): string | typeof TRUNCATED {
  hookRan = true;
  const inner: string[] = []; // formatted frames, innermost first
  // Module calls passed whose outer text is not known yet: [module stack index, inner.length there].
  const passed: number[] = [];
  let m = moduleCalls.length - 1; // the module stack entry of the next module call frame
  let base: string | undefined;
  let lastCall = -1;
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    const fn = site.getFunctionName() ?? "";
    if (fn === MODULE_CALL_FRAME) {
      if (m < 0) return fullTrace(sites); // more module call frames than entries: not our calls
      if (lastCall < 0) {
        if (i + 1 > innerDepth) innerDepth = i + 1;
        firstCallAt = i + 1;
        if (m === moduleCalls.length - 1) keptBelowCall = inner.length;
      } else if (i - lastCall > callGap) callGap = i - lastCall;
      lastCall = i;
      const known = moduleCalls[m]!.outerTrace;
      if (known !== undefined) {
        base = known;
        break;
      }
      passed.push(m--, inner.length);
      continue;
    }
    const step = siteFrame(site, fn);
    if (step === STOP) {
      if (i + 1 > rootDepth) rootDepth = i + 1;
      base = "";
      break;
    }
    if (step !== null) inner.push(formatFrame(step));
  }
  if (base === undefined) {
    if (sites.length === Error.stackTraceLimit && Error.stackTraceLimit < FULL_LIMIT) return TRUNCATED;
    return joinTrace("", inner, 0); // no trace root (not inside export): everything found, nothing kept
  }
  const text = joinTrace(base, inner, 0);
  for (let k = 0; k < passed.length; k += 2) moduleCalls[passed[k]!]!.outerTrace = passed[k + 1] === 0 ? text : joinTrace(base, inner, passed[k + 1]!);
  return text;
}

// What parseFrame gives for this call site's `.stack` line, without formatting the line when the
// names or the file already rule the frame out. The line names the function by its name or, when
// it has none, by the method name (a named function called as a method prints `Type.name [as
// method]`, which parseFrame does not keep): a frame whose name contains neither `forward` nor the
// trace root is not kept; a `forward` frame in an internal file is not either.
function siteFrame(site: CallSite, fn: string): Frame | null | typeof STOP {
  const name = fn !== "" ? fn : (site.getMethodName() ?? "");
  if (!name.includes(TRACE_ROOT)) {
    if (!name.includes("forward")) return null;
    const file = site.getFileName();
    if (file && INTERNAL.test(file)) return null;
  }
  return parseFrame(`    at ${site.toString()}`);
}

// `base` (the outer frames' text), then inner[from..] outermost first.
function joinTrace(base: string, inner: readonly string[], from: number): string {
  let text = base;
  for (let k = inner.length - 1; k >= from; k--) text = text === "" ? inner[k]! : `${text}\n  ${inner[k]!}`;
  return text;
}

// The old walk over every frame, for a stack whose module call frames do not match the module stack.
function fullTrace(sites: readonly CallSite[]): string | typeof TRUNCATED {
  const frames: Frame[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    const step = siteFrame(site, site.getFunctionName() ?? "");
    if (step === STOP) return formatFrames(frames.reverse()) ?? "";
    if (step !== null) frames.push(step);
  }
  if (sites.length === Error.stackTraceLimit && Error.stackTraceLimit < FULL_LIMIT) return TRUNCATED;
  return formatFrames(frames.reverse()) ?? "";
}

/** The innermost model `forward` frame of an error's stack, as Python prints a traceback entry
 * (`  File "model.ts", line 9, in forward` and its code line), or null when there is none. */
export function userFrameOf(stack: string): string | null {
  const frames = framesBelowExport(stack);
  const f = frames[frames.length - 1];
  return f === undefined ? null : `  File "${shortFile(f.file)}", line ${f.line}, in ${f.fn}\n    ...`;
}

// Frames from the outermost call inside export() (the model's forward) to the innermost,
// without pt2js internals.
function framesBelowExport(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split("\n").slice(1)) {
    const step = parseFrame(line);
    if (step === STOP) break;
    if (step !== null) frames.push(step);
  }
  return frames.reverse();
}

const STOP = 0;

// One line of `.stack`: the frame to keep, null to skip it, or STOP at the trace root (frames
// further out belong to export's caller).
function parseFrame(line: string): Frame | null | typeof STOP {
  const m = V8_FRAME.exec(line) ?? OTHER_FRAME.exec(line);
  if (m === null) return null;
  const file = m[2]!;
  if (m[1]?.includes(TRACE_ROOT)) return STOP;
  if (INTERNAL.test(file)) return null;
  const fn = (m[1] ?? "<module>").replace(/^(async |new )/, "").replace(/^.*\./, "") || "<module>";
  // As in PyTorch's traces, only module `forward` frames are kept: a node made in a helper that
  // forward calls is attributed to the forward line that called it.
  if (fn !== "forward") return null;
  return { fn, file, line: Number(m[3]) };
}

const shortFiles = new Map<string, string>();
function shortFile(file: string): string {
  let short = shortFiles.get(file);
  if (short === undefined) {
    short = file.replace(/^file:\/\//, "").replace(/\?.*$/, "").split("/").slice(-2).join("/");
    if (shortFiles.size < 1000) shortFiles.set(file, short);
  }
  return short;
}
