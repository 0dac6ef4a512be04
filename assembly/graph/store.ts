// The graph store: FX graph topology as flat per-node arrays indexed by node id (esbuild style).
// A graph is a doubly linked list of nodes around a sentinel root node, like torch.fx's Graph.
// Each node keeps its input nodes (unique, in first-occurrence order, like FX `_input_nodes`)
// and its users (in insertion order, like FX `Node.users`). Every edit goes through this file
// so the two lists always mirror each other. Rich argument values live in TypeScript.
//
// Node ids are global across graphs. An erased node keeps its slot (flagged) while its graph
// lives, so a stale id from TypeScript is detected instead of aliasing a newer node; only
// disposing a whole graph returns its slots for reuse (src/fx guards handles of disposed graphs).
//
// Names and targets are u32 ids of strings interned on the TypeScript side (a string crossing
// costs more than the rest of a node), so error messages name a node as `{{nameId}}`, which
// src/core/graph.ts replaces with the name.
import { raise, ErrorCode } from "../errors";
import * as uses from "./uses";

export const NONE: i32 = -1;

/** Node opcodes; src/core/graph.ts mirrors these numbers. */
export const enum Op {
  Placeholder = 0,
  GetAttr = 1,
  CallFunction = 2,
  CallMethod = 3,
  CallModule = 4,
  Output = 5,
  Root = 6,
  /** A slot of a disposed graph, waiting for reuse. */
  Freed = 7,
}

const FLAG_ERASED: u8 = 1;
const FLAG_IMPURE: u8 = 2;

// Per node.
const nodeGraph = new Array<i32>();
const nodeOp = new Array<i32>();
const nodeFlags = new Array<u8>();
const nodeName = new Array<u32>();
const nodeTarget = new Array<u32>();
const nodePrev = new Array<i32>();
const nodeNext = new Array<i32>();
const nodeMark = new Array<u32>(); // scratch mark for lint/DCE passes (compared with `epoch`)

// Per graph. Erased nodes are chained (through nodeNext) so disposing the graph frees them too.
const graphRoot = new Array<i32>();
const graphLen = new Array<i32>();
const graphErased = new Array<i32>();

// Slots of disposed graphs, chained through nodeNext, reused before the arrays grow.
let freeSlot: i32 = NONE;

let epoch: u32 = 0;
const NO_INPUTS = new StaticArray<i32>(0);

// ---- validation helpers -------------------------------------------------------------------

export function nodeCount(): i32 {
  return nodeOp.length;
}

export function graphCount(): i32 {
  return graphRoot.length;
}

/** A node's name in an error message: `{{nameId}}`, resolved by src/core/graph.ts. */
function label(n: i32): string {
  return nameLabel(nodeName[n]);
}

function nameLabel(name: u32): string {
  return "{{" + name.toString() + "}}";
}

function isSlotOfNode(n: i32): bool {
  return n >= 0 && n < nodeOp.length && nodeOp[n] != Op.Root && nodeOp[n] != Op.Freed;
}

/** A node id that names a live (not erased, not sentinel) node; records an error otherwise. */
export function validNode(n: i32, what: string): bool {
  if (!isSlotOfNode(n)) {
    raise(ErrorCode.GraphError, what + ": no node with id " + n.toString());
    return false;
  }
  if (nodeFlags[n] & FLAG_ERASED) {
    raise(ErrorCode.GraphError, what + ": node '" + label(n) + "' was erased from its graph");
    return false;
  }
  return true;
}

export function validGraph(g: i32): bool {
  if (g < 0 || g >= graphRoot.length) {
    raise(ErrorCode.GraphError, "no graph with id " + g.toString());
    return false;
  }
  if (graphRoot[g] == NONE) {
    raise(ErrorCode.GraphError, "graph " + g.toString() + " was disposed");
    return false;
  }
  return true;
}

// ---- graphs -------------------------------------------------------------------------------

function newSlot(g: i32, op: i32, name: u32, target: u32): i32 {
  if (freeSlot != NONE) {
    const n = freeSlot;
    freeSlot = nodeNext[n];
    nodeGraph[n] = g;
    nodeOp[n] = op;
    nodeFlags[n] = 0;
    nodeName[n] = name;
    nodeTarget[n] = target;
    nodePrev[n] = n;
    nodeNext[n] = n;
    nodeMark[n] = 0;
    return n;
  }
  const n = nodeOp.length;
  nodeGraph.push(g);
  nodeOp.push(op);
  nodeFlags.push(0);
  nodeName.push(name);
  nodeTarget.push(target);
  nodePrev.push(n);
  nodeNext.push(n);
  nodeMark.push(0);
  uses.usesNewNode();
  return n;
}

export function createGraph(): i32 {
  const g = graphRoot.length;
  const root = newSlot(g, Op.Root, 0, 0);
  graphRoot.push(root);
  graphLen.push(0);
  graphErased.push(NONE);
  return g;
}

export function rootOf(g: i32): i32 {
  return graphRoot[g];
}

export function lengthOf(g: i32): i32 {
  return graphLen[g];
}

// ---- list order ---------------------------------------------------------------------------

function unlink(n: i32): void {
  const p = nodePrev[n];
  const x = nodeNext[n];
  nodeNext[p] = x;
  nodePrev[x] = p;
  nodePrev[n] = n;
  nodeNext[n] = n;
}

/** Links `n` just before `anchor` (before the root sentinel = at the end). */
function linkBefore(n: i32, anchor: i32): void {
  const p = nodePrev[anchor];
  nodeNext[p] = n;
  nodePrev[n] = p;
  nodeNext[n] = anchor;
  nodePrev[anchor] = n;
}

/** An insertion anchor: a live node of graph `g`, or its root sentinel. */
function validAnchor(g: i32, anchor: i32): bool {
  if (anchor == graphRoot[g]) return true;
  if (!validNode(anchor, "insertion point")) return false;
  if (nodeGraph[anchor] != g) {
    raise(ErrorCode.GraphError, "insertion point: node '" + label(anchor) + "' is not in this graph");
    return false;
  }
  return true;
}

/**
 * Creates a node before `anchor` (after it when `after`) whose inputs are the first `count` ids
 * of `src`; returns its id, or NONE (creating nothing) when an argument is invalid.
 */
export function createNode(
  g: i32, op: i32, name: u32, target: u32, anchor: i32, after: bool, impure: bool,
  src: StaticArray<i32> = NO_INPUTS, count: i32 = 0,
): i32 {
  if (!validGraph(g)) return NONE;
  if (op < 0 || op >= Op.Root) {
    raise(ErrorCode.GraphError, "unknown node opcode " + op.toString());
    return NONE;
  }
  if (!validAnchor(g, anchor)) return NONE;
  if (count < 0 || count > src.length) {
    raise(ErrorCode.GraphError, "create node: bad input count " + count.toString());
    return NONE;
  }
  for (let i = 0; i < count; i++) {
    const arg = unchecked(src[i]);
    if (!isSlotOfNode(arg)) {
      raise(ErrorCode.GraphError, "Argument of Node '" + nameLabel(name) + "' is not a node id (" + arg.toString() + ")");
      return NONE;
    }
    if (!checkInputOf(g, name, arg)) return NONE;
  }
  const n = newSlot(g, op, name, target);
  if (impure) nodeFlags[n] |= FLAG_IMPURE;
  linkBefore(n, after ? nodeNext[anchor] : anchor);
  graphLen[g] += 1;
  if (count > 0) uses.assignInputs(n, src, count);
  return n;
}

/** Moves a live node before/after `anchor` in its graph (FX `prepend` / `append`). */
export function moveNode(n: i32, anchor: i32, after: bool): bool {
  if (!validNode(n, "move")) return false;
  const g = nodeGraph[n];
  if (!validAnchor(g, anchor)) return false;
  if (n == anchor) return true;
  unlink(n);
  linkBefore(n, after ? nodeNext[anchor] : anchor);
  return true;
}

export function nextOf(n: i32): i32 {
  const x = nodeNext[n];
  return nodeOp[x] == Op.Root ? NONE : x;
}

export function prevOf(n: i32): i32 {
  const p = nodePrev[n];
  return nodeOp[p] == Op.Root ? NONE : p;
}

// ---- inputs and users ---------------------------------------------------------------------

/** Checks that the live slot `arg` may be an input of a node of graph `g` named `user` (a name id). */
function checkInputOf(g: i32, user: u32, arg: i32): bool {
  if (nodeFlags[arg] & FLAG_ERASED) {
    raise(ErrorCode.GraphError,
      "Argument '" + label(arg) + "' of Node '" + nameLabel(user) + "' was erased from the graph (dangling argument)");
    return false;
  }
  if (nodeGraph[arg] != g) {
    raise(ErrorCode.GraphError,
      "Argument '" + label(arg) + "' of Node '" + nameLabel(user) + "' does not belong to this Graph, but was used as an argument! " +
      "If you are copying nodes from another graph, map the arguments to nodes of this graph");
    return false;
  }
  return true;
}

/** Checks that `arg` may be an input of `n`: live, same graph, not `n` itself. */
function validInput(n: i32, arg: i32): bool {
  if (!isSlotOfNode(arg)) {
    raise(ErrorCode.GraphError, "Argument of Node '" + label(n) + "' is not a node id (" + arg.toString() + ")");
    return false;
  }
  if (!checkInputOf(nodeGraph[n], nodeName[n], arg)) return false;
  if (arg == n) {
    raise(ErrorCode.GraphError, "Node '" + label(n) + "' would use itself as an argument (a cycle)");
    return false;
  }
  return true;
}

/** Replaces the input list of `n` with the first `count` ids of `src` (repeats dropped),
 * updating use lists. All-or-nothing: nothing changes when an id is invalid. */
export function setInputs(n: i32, src: StaticArray<i32>, count: i32): bool {
  if (!validNode(n, "set arguments")) return false;
  if (count < 0 || count > src.length) {
    raise(ErrorCode.GraphError, "set arguments: bad input count " + count.toString());
    return false;
  }
  for (let i = 0; i < count; i++) {
    if (!validInput(n, unchecked(src[i]))) return false;
  }
  uses.assignInputs(n, src, count);
  return true;
}

/** Substitutes `replacement` for `old` in the inputs of `n` (keeping position, deduplicating). */
export function replaceInput(n: i32, old: i32, replacement: i32): bool {
  if (!validNode(n, "replace input")) return false;
  if (!validInput(n, replacement)) return false;
  if (!uses.substituteInput(n, old, replacement)) {
    raise(ErrorCode.GraphError, "Node '" + label(n) + "' does not use the node being replaced");
    return false;
  }
  return true;
}

export function inputCount(n: i32): i32 {
  return uses.inputCount(n);
}

/** Copies the inputs of `n` into `dest` (which must hold `inputCount(n)` ids). */
export function writeInputs(n: i32, dest: StaticArray<i32>): i32 {
  const count = uses.inputCount(n);
  for (let i = 0; i < count; i++) unchecked((dest[i] = uses.inputAt(n, i)));
  return count;
}

export function userCount(n: i32): i32 {
  return uses.userCount(n);
}

/** Copies the users of `n` (in order) into `dest` (which must hold `userCount(n)` ids). */
export function writeUsers(n: i32, dest: StaticArray<i32>): i32 {
  let i = 0;
  for (let u = uses.firstUse(n); u != NONE; u = uses.nextUse(u)) unchecked((dest[i++] = uses.userOfUse(u)));
  return i;
}

function usersText(n: i32): string {
  let s = "{";
  let first = true;
  for (let u = uses.firstUse(n); u != NONE; u = uses.nextUse(u)) {
    if (!first) s += ", ";
    first = false;
    s += label(uses.userOfUse(u)) + ": None";
  }
  return s + "}";
}

/** Erases a node without users (FX `erase_node`); its inputs lose it as a user. */
export function eraseNode(n: i32): bool {
  if (!isSlotOfNode(n)) {
    raise(ErrorCode.GraphError, "erase: no node with id " + n.toString());
    return false;
  }
  if (nodeFlags[n] & FLAG_ERASED) return true; // FX only warns about a repeated erase
  const count = uses.userCount(n);
  if (count > 0) {
    raise(ErrorCode.GraphError,
      "Tried to erase Node " + label(n) + " but it still had " + count.toString() +
      " users in the graph: " + usersText(n) + "!");
    return false;
  }
  unlink(n);
  const g = nodeGraph[n];
  nodeNext[n] = graphErased[g];
  graphErased[g] = n;
  nodeFlags[n] |= FLAG_ERASED;
  graphLen[g] -= 1;
  uses.clearInputs(n);
  return true;
}

function freeNodeSlot(n: i32): void {
  nodeOp[n] = Op.Freed;
  nodeFlags[n] = FLAG_ERASED;
  nodeNext[n] = freeSlot;
  freeSlot = n;
}

/**
 * Releases a graph: its node slots (live and erased) are reused by later nodes and its id
 * becomes invalid. The caller (src/fx) must drop every handle to the graph's nodes first.
 */
export function disposeGraph(g: i32): bool {
  if (!validGraph(g)) return false;
  const live = nodesOf(g, false);
  for (let i = 0; i < live.length; i++) uses.clearInputs(unchecked(live[i]));
  for (let i = 0; i < live.length; i++) freeNodeSlot(unchecked(live[i]));
  let e = graphErased[g];
  while (e != NONE) {
    const next = nodeNext[e];
    freeNodeSlot(e);
    e = next;
  }
  freeNodeSlot(graphRoot[g]);
  graphRoot[g] = NONE;
  graphLen[g] = 0;
  graphErased[g] = NONE;
  return true;
}

export function isErased(n: i32): bool {
  return (nodeFlags[n] & FLAG_ERASED) != 0;
}

export function isImpure(n: i32): bool {
  return (nodeFlags[n] & FLAG_IMPURE) != 0;
}

export function setImpure(n: i32, impure: bool): void {
  if (impure) nodeFlags[n] |= FLAG_IMPURE;
  else nodeFlags[n] &= ~FLAG_IMPURE;
}

export function graphOf(n: i32): i32 {
  return nodeGraph[n];
}

export function opOf(n: i32): i32 {
  return nodeOp[n];
}

export function nameIdOf(n: i32): u32 {
  return nodeName[n];
}

export function targetIdOf(n: i32): u32 {
  return nodeTarget[n];
}

export function setName(n: i32, name: u32): void {
  nodeName[n] = name;
}

export function setTarget(n: i32, target: u32): void {
  nodeTarget[n] = target;
}

// ---- whole-graph passes -------------------------------------------------------------------

/** Live nodes of `g` in order (or reversed). */
export function nodesOf(g: i32, reverse: bool): Array<i32> {
  const out = new Array<i32>();
  const root = graphRoot[g];
  let n = reverse ? nodePrev[root] : nodeNext[root];
  while (n != root) {
    out.push(n);
    n = reverse ? nodePrev[n] : nodeNext[n];
  }
  return out;
}

/**
 * Checks the graph's invariants (FX `Graph.lint`): every node belongs to this graph, arguments
 * are defined before use (topological order, which also rules out cycles), names are unique,
 * and each input/user pair is recorded on both sides. Names the offending node.
 */
export function lint(g: i32): bool {
  if (!validGraph(g)) return false;
  epoch += 1;
  const seenNames = new Set<u32>();
  const root = graphRoot[g];
  let count = 0;
  let n = nodeNext[root];
  while (n != root) {
    if (count > graphLen[g]) {
      raise(ErrorCode.GraphError, "lint: the node list of the graph is corrupt (it loops)");
      return false;
    }
    if (nodeGraph[n] != g) {
      raise(ErrorCode.GraphError, "lint: Node '" + label(n) + "' does not belong to this Graph!");
      return false;
    }
    const inCount = uses.inputCount(n);
    for (let i = 0; i < inCount; i++) {
      const a = uses.inputAt(n, i);
      if (nodeGraph[a] != g) {
        raise(ErrorCode.GraphError,
          "lint: Argument '" + label(a) + "' of Node '" + label(n) + "' does not belong to this Graph, but was used as an argument!");
        return false;
      }
      if (nodeFlags[a] & FLAG_ERASED) {
        raise(ErrorCode.GraphError,
          "lint: Argument '" + label(a) + "' of Node '" + label(n) + "' was erased from the graph (dangling argument)");
        return false;
      }
      if (nodeMark[a] != epoch) {
        raise(ErrorCode.GraphError,
          "lint: Argument '" + label(a) + "' of Node '" + label(n) + "' was used before it has been defined! " +
          "Please check that Nodes in the graph are topologically ordered");
        return false;
      }
      if (!uses.hasUser(a, n)) {
        raise(ErrorCode.GraphError,
          "lint: Node '" + label(n) + "' uses '" + label(a) + "' but is missing from its users");
        return false;
      }
    }
    for (let use = uses.firstUse(n); use != NONE; use = uses.nextUse(use)) {
      const u = uses.userOfUse(use);
      if ((nodeFlags[u] & FLAG_ERASED) || !uses.hasInput(u, n)) {
        raise(ErrorCode.GraphError,
          "lint: Node '" + label(n) + "' lists '" + label(u) + "' as a user, but that node does not use it");
        return false;
      }
    }
    const name = nodeName[n];
    if (seenNames.has(name)) {
      raise(ErrorCode.GraphError, "lint: Node redefined name " + label(n) + "!");
      return false;
    }
    seenNames.add(name);
    nodeMark[n] = epoch;
    count++;
    n = nodeNext[n];
  }
  return true;
}

/**
 * Dead-code elimination (FX `eliminate_dead_code`): walking backwards, erases every node that
 * has no users and is not impure. Placeholders and outputs are always kept. Returns the erased
 * ids (in erase order), or null after recording a lint error.
 */
export function eliminateDeadCode(g: i32): Array<i32> | null {
  if (!lint(g)) return null;
  const removed = new Array<i32>();
  const root = graphRoot[g];
  let n = nodePrev[root];
  while (n != root) {
    const p = nodePrev[n];
    const op = nodeOp[n];
    const keep = op == Op.Placeholder || op == Op.Output || (nodeFlags[n] & FLAG_IMPURE) != 0;
    if (!keep && uses.userCount(n) == 0) {
      eraseNode(n);
      removed.push(n);
    }
    n = p;
  }
  return removed;
}
