// Thin typed handle over the graph store of the WASM core (assembly/graph/exports.ts).
// Everything is an integer id; node lists cross through the core's shared scratch buffer.
// Node names and targets are interned here and cross as ids: lowering a string into WASM costs
// more than all the other work for a node (measured ~1.2 µs against ~0.2 µs), so the string
// table stays on this side and the core's error messages write names as `{{id}}`.
// src/fx builds the torch.fx-shaped API on top of this; nothing else should call it.
import { core, type CoreExports } from "./loader.js";
import { GraphError } from "./errors.js";
import { errorFromCore } from "./check.js";

/** Node opcodes, numbered as in assembly/graph/store.ts. */
export const OpCode = {
  Placeholder: 0,
  GetAttr: 1,
  CallFunction: 2,
  CallMethod: 3,
  CallModule: 4,
  Output: 5,
} as const;
export type OpCode = (typeof OpCode)[keyof typeof OpCode];

let ex: CoreExports | null = null;
let view: Int32Array | null = null;
// Where the core's scratch buffer is and how many ids it surely holds, so short lists can be
// written without asking (it only moves when the core grows it, and then we learn the new place).
let scratchPtr = -1;
let scratchCap = 0;
// Interned strings (node names, targets); id 0 is "".
const ids = new Map<string, number>([["", 0]]);
const strings: string[] = [""];

function e(): CoreExports {
  return ex ?? (ex = core());
}

/** Throws the core's pending error (called when an export returned its failure sentinel). */
function fail(): never {
  const x = e();
  const code = x.lastErrorCode();
  if (code === 0) throw new GraphError("graph store: operation failed without an error record");
  const message = x.takeErrorMessage().replace(/\{\{(\d+)\}\}/g, (_, id: string) => stringOf(Number(id)));
  throw errorFromCore(code, message);
}

/** An Int32Array over the scratch buffer starting at `ptr` (recreated when memory grows). */
function scratchAt(ptr: number, length: number): Int32Array {
  const buffer = e().memory.buffer;
  if (view === null || view.buffer !== buffer || view.byteOffset !== ptr || view.length < length) {
    // The scratch buffer always holds at least 256 ids and at least what was reserved.
    view = new Int32Array(buffer, ptr, Math.max(length, 256));
  }
  return view;
}

function readList(count: number): number[] {
  if (count < 0) fail();
  const ptr = e().graphScratchPtr();
  if (ptr !== scratchPtr) {
    scratchPtr = ptr;
    scratchCap = Math.max(count, 256);
  }
  const s = scratchAt(ptr, count);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = s[i]!;
  return out;
}

/** The id of a string (node name or target), assigning one on first sight. */
export function intern(s: string): number {
  let id = ids.get(s);
  if (id === undefined) {
    id = strings.length;
    ids.set(s, id);
    strings.push(s);
  }
  return id;
}

export function stringOf(id: number): string {
  return strings[id] ?? `%${id}`;
}

export function createGraph(): number {
  return e().graphCreate();
}

/** Releases a graph's node ids for reuse; its ids must not be used afterwards. */
export function disposeGraph(g: number): void {
  if (!e().graphDispose(g)) fail();
}

export function rootNode(g: number): number {
  const r = e().graphRootNode(g);
  return r < 0 ? fail() : r;
}

export function graphLength(g: number): number {
  const n = e().graphLength(g);
  return n < 0 ? fail() : n;
}

export function nodeIds(g: number, reverse = false): number[] {
  return readList(e().graphNodes(g, reverse));
}

/** Creates a node before `anchor` (after it when `after`; the root node as anchor appends)
 * with the given (unique, ordered) input node ids. Nothing is created when an input is invalid. */
export function createNode(
  g: number,
  op: OpCode,
  nameId: number,
  targetId: number,
  anchor: number,
  after: boolean,
  impure: boolean,
  inputs: readonly number[] = [],
): number {
  const n = e().graphCreateNode(g, op, nameId, targetId, anchor, after, impure, writeScratch(inputs));
  return n < 0 ? fail() : n;
}

/** Copies ids into the scratch buffer; returns their count. */
function writeScratch(inputs: readonly number[]): number {
  const count = inputs.length;
  if (count > 0) {
    if (scratchPtr < 0 || count > scratchCap) {
      const ptr = e().graphScratchReserve(count);
      if (ptr !== scratchPtr) scratchCap = 0;
      scratchPtr = ptr;
      scratchCap = Math.max(scratchCap, count, 256);
    }
    const s = scratchAt(scratchPtr, count);
    for (let i = 0; i < count; i++) s[i] = inputs[i]!;
  }
  return count;
}

export function moveNode(n: number, anchor: number, after: boolean): void {
  if (!e().graphMoveNode(n, anchor, after)) fail();
}

/** Sets the (unique, ordered) input node ids of `n`; use lists follow. */
export function setInputs(n: number, inputs: readonly number[]): void {
  if (!e().graphSetInputs(n, writeScratch(inputs))) fail();
}

export function replaceInput(n: number, old: number, replacement: number): void {
  if (!e().graphReplaceInput(n, old, replacement)) fail();
}

export function eraseNode(n: number): void {
  if (!e().graphEraseNode(n)) fail();
}

export function users(n: number): number[] {
  return readList(e().graphNodeUsers(n));
}

export function userCount(n: number): number {
  const c = e().graphNodeUserCount(n);
  return c < 0 ? fail() : c;
}

export function inputs(n: number): number[] {
  return readList(e().graphNodeInputs(n));
}

export function nextNode(n: number): number {
  return e().graphNodeNext(n);
}

export function prevNode(n: number): number {
  return e().graphNodePrev(n);
}

export function isErased(n: number): boolean {
  return e().graphNodeErased(n);
}

export function graphOfNode(n: number): number {
  return e().graphNodeGraph(n);
}

export function nodeNameId(n: number): number {
  return e().graphNodeName(n);
}

export function setNodeTarget(n: number, targetId: number): void {
  if (!e().graphSetNodeTarget(n, targetId)) fail();
}

export function setNodeName(n: number, nameId: number): void {
  if (!e().graphSetNodeName(n, nameId)) fail();
}

export function setImpure(n: number, impure: boolean): void {
  if (!e().graphSetImpure(n, impure)) fail();
}

/** Runs the store's lint; throws GraphError naming the offending node. */
export function lint(g: number): void {
  if (!e().graphLint(g)) fail();
}

/** Erases dead pure nodes; returns the erased ids. */
export function eliminateDeadCode(g: number): number[] {
  return readList(e().graphEliminateDeadCode(g));
}

/** Nodes ever created (all graphs), for memory reports. */
export function totalNodes(): number {
  return e().graphTotalNodes();
}
