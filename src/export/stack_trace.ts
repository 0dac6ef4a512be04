// node.meta["stack_trace"]: the frames from the model's forward down to the op call, formatted as
// Python tracebacks are (`File "mlp.ts", line 12, in forward`). pt2js's own frames are left out,
// except its nn modules' forward methods, which stand where torch/nn/modules/*.py frames stand in
// PyTorch's traces (so `print(ep)` groups nodes into the same source blocks).

// Frames of V8 (`at fn (file:line:col)` / `at file:line:col`) and of SpiderMonkey/JSC (`fn@file:line:col`).
const V8_FRAME = /^\s*at (?:(.*?) \()?(.*):(\d+):\d+\)?$/;
const OTHER_FRAME = /^(.*?)@(.*):(\d+):\d+$/;

// pt2js sources and bundles; `src/nn/modules/` is kept (as torch/nn/modules frames are in
// PyTorch's traces, while torch/nn/functional.py frames are not). Built bundles are one file, so they count as
// internal entirely (their nn frames are lost there, which only changes `# File:` comments).
const INTERNAL = /\/(src\/(?!nn\/modules\/)|build\/(pt2js|node|browser|workerd|fflate)\.js)|^node:|\/node_modules\//;
/** The name of the function export calls the model through; frames outside it are export's caller's. */
export const TRACE_ROOT = "__pt2js_trace_root__";

interface Frame {
  fn: string;
  file: string;
  line: number;
}

/** The current user stack as node.meta["stack_trace"], or null when no user frame is found. */
export function userStackTrace(): string | null {
  const frames = currentFrames();
  if (frames.length === 0) return null;
  // Each frame is followed by its code line, as in Python; pt2js does not read sources (it runs in
  // browsers too), so the line holds a placeholder.
  return frames.map((f) => `File "${shortFile(f.file)}", line ${f.line}, in ${f.fn}\n    ...`).join("\n  ");
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
// - Frames beyond the trace root (export's caller's) are not captured: the capture is limited to
//   a little more than the deepest root seen so far, and retried in full when the root was not in
//   a truncated capture (so the frames kept never depend on the limit).
const FULL_LIMIT = 200; // the op's own frames come first; keep enough to reach forward
let rootDepth = 24; // frames from the capture to the trace root, the most seen so far

function currentFrames(): Frame[] {
  const limit = Error.stackTraceLimit;
  try {
    if (structuredStacks()) {
      const prepare = Error.prepareStackTrace;
      Error.prepareStackTrace = collectFrames;
      try {
        Error.stackTraceLimit = rootDepth + 4;
        let out = new Error().stack as unknown;
        if (out === TRUNCATED) {
          Error.stackTraceLimit = FULL_LIMIT;
          out = new Error().stack;
        }
        if (Array.isArray(out)) return out as Frame[];
        return framesBelowExport(typeof out === "string" ? out : ""); // the engine ignored the hook
      } finally {
        Error.prepareStackTrace = prepare;
      }
    }
    Error.stackTraceLimit = FULL_LIMIT;
    return framesBelowExport(new Error().stack ?? "");
  } finally {
    Error.stackTraceLimit = limit;
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
  toString(): string;
}

const TRUNCATED = 1;

// Error.prepareStackTrace hook: the frames framesBelowExport would return for this stack, or
// TRUNCATED when the capture stopped before the trace root (it may be further out).
function collectFrames(_error: Error, sites: readonly CallSite[]): Frame[] | typeof TRUNCATED {
  const frames: Frame[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    // A frame's text names its function by these two (with the receiver's type before a dot):
    // a frame neither names cannot be the trace root nor end in `.forward`.
    const fn = site.getFunctionName() ?? "";
    const method = site.getMethodName() ?? "";
    if (!fn.includes("forward") && !method.includes("forward") && !fn.includes(TRACE_ROOT) && !method.includes(TRACE_ROOT)) continue;
    const step = parseFrame(`    at ${site.toString()}`);
    if (step === STOP) {
      if (i + 1 > rootDepth) rootDepth = i + 1;
      return frames.reverse();
    }
    if (step !== null) frames.push(step);
  }
  if (sites.length === Error.stackTraceLimit && Error.stackTraceLimit < FULL_LIMIT) return TRUNCATED;
  return frames.reverse();
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
