// Thin typed handle over the graph store of the WASM core (assembly/graph/exports.ts).
// Everything is an integer id; node lists cross through the core's shared scratch buffer.
// Node names and targets are interned here and cross as ids: lowering a string into WASM costs
// more than all the other work for a node (measured ~1.2 µs against ~0.2 µs), so the string
// table stays on this side and the core's error messages write names as `{{id}}`.
// src/fx builds the torch.fx-shaped API on top of this; nothing else should call it.
import { core, type CoreExports } from "./loader.js";
import { GraphError } from "./errors.js";
import { errorFromCore } from "./check.js";
import { onCoreReset, staleError } from "./recover.js";

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

// Ids given out are the core's ids plus a base that moves past every id given out so far when
// the core is reset (src/core/recover.ts): an id of a replaced instance is then below the base
// and refused (a typed CoreError) instead of naming a graph or node of the new one.
let graphBase = 0;
let nodeBase = 0;
let maxGraph = -1;
let maxNode = -1;
onCoreReset(() => {
  ex = null;
  view = null;
  scratchPtr = -1;
  scratchCap = 0;
  graphBase = maxGraph + 1;
  nodeBase = maxNode + 1;
});

function G(g: number): number {
  if (g < graphBase) throw staleError("graph");
  return g - graphBase;
}
function N(n: number): number {
  if (n < nodeBase) {
    if (n < 0) return n;
    throw staleError("graph node");
  }
  return n - nodeBase;
}
/** A node id from the core (negative: none / failure) as given out. */
function outN(n: number): number {
  return n < 0 ? n : n + nodeBase;
}
function newNode(n: number): number {
  const id = n + nodeBase;
  if (id > maxNode) maxNode = id;
  return id;
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
  for (let i = 0; i < count; i++) out[i] = s[i]! + nodeBase;
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
  const g = e().graphCreate() + graphBase;
  if (g > maxGraph) maxGraph = g;
  return g;
}

/** Releases a graph's node ids for reuse; its ids must not be used afterwards. */
export function disposeGraph(g: number): void {
  if (!e().graphDispose(G(g))) fail();
}

export function rootNode(g: number): number {
  const r = e().graphRootNode(G(g));
  return r < 0 ? fail() : newNode(r);
}

export function graphLength(g: number): number {
  const n = e().graphLength(G(g));
  return n < 0 ? fail() : n;
}

export function nodeIds(g: number, reverse = false): number[] {
  return readList(e().graphNodes(G(g), reverse));
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
  const n = e().graphCreateNode(G(g), op, nameId, targetId, N(anchor), after, impure, writeScratch(inputs));
  return n < 0 ? fail() : newNode(n);
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
    for (let i = 0; i < count; i++) s[i] = N(inputs[i]!);
  }
  return count;
}

export function moveNode(n: number, anchor: number, after: boolean): void {
  if (!e().graphMoveNode(N(n), N(anchor), after)) fail();
}

/** Sets the (unique, ordered) input node ids of `n`; use lists follow. */
export function setInputs(n: number, inputs: readonly number[]): void {
  const node = N(n);
  if (!e().graphSetInputs(node, writeScratch(inputs))) fail();
}

export function replaceInput(n: number, old: number, replacement: number): void {
  if (!e().graphReplaceInput(N(n), N(old), N(replacement))) fail();
}

export function eraseNode(n: number): void {
  if (!e().graphEraseNode(N(n))) fail();
}

export function users(n: number): number[] {
  return readList(e().graphNodeUsers(N(n)));
}

export function userCount(n: number): number {
  const c = e().graphNodeUserCount(N(n));
  return c < 0 ? fail() : c;
}

export function inputs(n: number): number[] {
  return readList(e().graphNodeInputs(N(n)));
}

export function nextNode(n: number): number {
  return outN(e().graphNodeNext(N(n)));
}

export function prevNode(n: number): number {
  return outN(e().graphNodePrev(N(n)));
}

export function isErased(n: number): boolean {
  return e().graphNodeErased(N(n));
}

export function graphOfNode(n: number): number {
  const g = e().graphNodeGraph(N(n));
  return g < 0 ? g : g + graphBase;
}

export function nodeNameId(n: number): number {
  return e().graphNodeName(N(n));
}

export function setNodeTarget(n: number, targetId: number): void {
  if (!e().graphSetNodeTarget(N(n), targetId)) fail();
}

export function setNodeName(n: number, nameId: number): void {
  if (!e().graphSetNodeName(N(n), nameId)) fail();
}

export function setImpure(n: number, impure: boolean): void {
  if (!e().graphSetImpure(N(n), impure)) fail();
}

/** Runs the store's lint; throws GraphError naming the offending node. */
export function lint(g: number): void {
  if (!e().graphLint(G(g))) fail();
}

/** Erases dead pure nodes; returns the erased ids. */
export function eliminateDeadCode(g: number): number[] {
  return readList(e().graphEliminateDeadCode(G(g)));
}

/** Nodes ever created (all graphs), for memory reports. */
export function totalNodes(): number {
  return e().graphTotalNodes();
}
