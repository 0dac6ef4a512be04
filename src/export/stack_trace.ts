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
const INTERNAL = /\/(src\/(?!nn\/modules\/)|build\/(pt2js|node|browser|workerd)\.js)|^node:|\/node_modules\//;
/** The name of the function export calls the model through; frames outside it are export's caller's. */
export const TRACE_ROOT = "__pt2js_trace_root__";

interface Frame {
  fn: string;
  file: string;
  line: number;
}

/** The current user stack as node.meta["stack_trace"], or null when no user frame is found. */
export function userStackTrace(): string | null {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200; // the op's own frames come first; keep enough to reach forward
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const frames = framesBelowExport(stack);
  if (frames.length === 0) return null;
  // Each frame is followed by its code line, as in Python; pt2js does not read sources (it runs in
  // browsers too), so the line holds a placeholder.
  return frames.map((f) => `File "${shortFile(f.file)}", line ${f.line}, in ${f.fn}\n    ...`).join("\n  ");
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
    const m = V8_FRAME.exec(line) ?? OTHER_FRAME.exec(line);
    if (m === null) continue;
    const file = m[2]!;
    if (m[1]?.includes(TRACE_ROOT)) break; // frames further out belong to export's caller
    if (INTERNAL.test(file)) continue;
    const fn = (m[1] ?? "<module>").replace(/^(async |new )/, "").replace(/^.*\./, "") || "<module>";
    // As in PyTorch's traces, only module `forward` frames are kept: a node made in a helper that
    // forward calls is attributed to the forward line that called it.
    if (fn !== "forward") continue;
    frames.push({ fn, file, line: Number(m[3]) });
  }
  return frames.reverse();
}

function shortFile(file: string): string {
  const path = file.replace(/^file:\/\//, "").replace(/\?.*$/, "");
  return path.split("/").slice(-2).join("/");
}
