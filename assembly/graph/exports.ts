// Exports of the graph store to src/core (src/core/graph.ts is the only caller).
// Everything crosses as i32 ids; node names and targets are ids of strings interned by
// src/core/graph.ts (error messages write a node's name as `{{nameId}}`). Lists cross through one shared scratch buffer of i32: functions
// that take a list read `count` ids from it, functions that return a list write it there and
// return the count (read it with `graphScratchPtr()` right after, before the next call).
import * as store from "./store";
import { hasError } from "../errors";

let scratch = new StaticArray<i32>(256);

function reserve(count: i32): void {
  if (count > scratch.length) {
    let size = scratch.length;
    while (size < count) size <<= 1;
    const bigger = new StaticArray<i32>(size);
    memory.copy(changetype<usize>(bigger), changetype<usize>(scratch), <usize>scratch.length << 2);
    scratch = bigger;
  }
}

function publish(list: Array<i32>): i32 {
  reserve(list.length);
  for (let i = 0; i < list.length; i++) unchecked((scratch[i] = list[i]));
  return list.length;
}

/** Makes room for `count` ids and returns the buffer's address (it may move when it grows). */
export function graphScratchReserve(count: i32): usize {
  if (count < 0) count = 0;
  reserve(count);
  return changetype<usize>(scratch);
}

export function graphScratchPtr(): usize {
  return changetype<usize>(scratch);
}

export function graphCreate(): i32 {
  return store.createGraph();
}

/** Releases graph `g` (its node ids become invalid and are reused). */
export function graphDispose(g: i32): bool {
  return store.disposeGraph(g);
}

export function graphRootNode(g: i32): i32 {
  return store.validGraph(g) ? store.rootOf(g) : -1;
}

export function graphLength(g: i32): i32 {
  return store.validGraph(g) ? store.lengthOf(g) : -1;
}

export function graphTotalNodes(): i32 {
  return store.nodeCount();
}

/** Node ids of graph `g` in order (or reversed) into the scratch buffer; returns the count. */
export function graphNodes(g: i32, reverse: bool): i32 {
  if (!store.validGraph(g)) return -1;
  return publish(store.nodesOf(g, reverse));
}

/** Inserts a node before `anchor` (or after it when `after`; the root node as anchor appends)
 * with the first `count` ids of the scratch buffer as its inputs. */
export function graphCreateNode(g: i32, op: i32, name: u32, target: u32, anchor: i32, after: bool, impure: bool, count: i32): i32 {
  return store.createNode(g, op, name, target, anchor, after, impure, scratch, count);
}

export function graphMoveNode(n: i32, anchor: i32, after: bool): bool {
  return store.moveNode(n, anchor, after);
}

/** Sets the input nodes of `n` to the first `count` ids of the scratch buffer. */
export function graphSetInputs(n: i32, count: i32): bool {
  return store.setInputs(n, scratch, count);
}

export function graphReplaceInput(n: i32, old: i32, replacement: i32): bool {
  return store.replaceInput(n, old, replacement);
}

export function graphEraseNode(n: i32): bool {
  return store.eraseNode(n);
}

export function graphNodeUsers(n: i32): i32 {
  if (!store.validNode(n, "users")) return -1;
  reserve(store.userCount(n));
  return store.writeUsers(n, scratch);
}

export function graphNodeUserCount(n: i32): i32 {
  if (!store.validNode(n, "users")) return -1;
  return store.userCount(n);
}

export function graphNodeInputs(n: i32): i32 {
  if (!store.validNode(n, "inputs")) return -1;
  reserve(store.inputCount(n));
  return store.writeInputs(n, scratch);
}

export function graphNodeNext(n: i32): i32 {
  return store.validNode(n, "next") ? store.nextOf(n) : -1;
}

export function graphNodePrev(n: i32): i32 {
  return store.validNode(n, "prev") ? store.prevOf(n) : -1;
}

export function graphNodeErased(n: i32): bool {
  return n >= 0 && n < store.nodeCount() && store.isErased(n);
}

export function graphNodeGraph(n: i32): i32 {
  return n >= 0 && n < store.nodeCount() ? store.graphOf(n) : -1;
}

export function graphNodeOp(n: i32): i32 {
  return n >= 0 && n < store.nodeCount() ? store.opOf(n) : -1;
}

export function graphNodeName(n: i32): u32 {
  return n >= 0 && n < store.nodeCount() ? store.nameIdOf(n) : 0;
}

export function graphNodeTarget(n: i32): u32 {
  return n >= 0 && n < store.nodeCount() ? store.targetIdOf(n) : 0;
}

export function graphSetNodeTarget(n: i32, target: u32): bool {
  if (!store.validNode(n, "set target")) return false;
  store.setTarget(n, target);
  return true;
}

export function graphSetNodeName(n: i32, name: u32): bool {
  if (!store.validNode(n, "rename")) return false;
  store.setName(n, name);
  return true;
}

export function graphSetImpure(n: i32, impure: bool): bool {
  if (!store.validNode(n, "set impure")) return false;
  store.setImpure(n, impure);
  return true;
}

export function graphLint(g: i32): bool {
  return store.lint(g);
}

/** Dead-code elimination; writes the erased ids to the scratch buffer, returns their count. */
export function graphEliminateDeadCode(g: i32): i32 {
  const removed = store.eliminateDeadCode(g);
  if (removed === null || hasError()) return -1;
  return publish(removed);
}
