// Hash-consed storage of expression nodes. A node is (kind, payload, args); structurally equal
// nodes get the same id, so equality is `==` and memo tables can be arrays indexed by id.
// Constructors in expr*.ts canonicalize before interning; this file only stores.

import { U64Table, hashKey } from "./expr_table";

export type ExprId = u32;

/** Returned by functions that failed and recorded an error. */
export const NO_EXPR: ExprId = u32.MAX_VALUE;

export const enum Kind {
  Integer = 0,
  Symbol = 1,
  Add = 2,
  Mul = 3,
  Pow = 4,
  FloorDiv = 5,
  Mod = 6,
  CleanDiv = 7,
  ModularIndexing = 8,
  Max = 9,
  Min = 10,
  Eq = 11,
  Ne = 12,
  Lt = 13,
  Le = 14,
  Gt = 15,
  Ge = 16,
  And = 17,
  Or = 18,
  Not = 19,
  True = 20,
  False = 21,
  IntInfinity = 22,
  NegIntInfinity = 23,
  // Float-valued kinds (sympy Float, torch's IntTrueDiv / ToFloat) and RoundToInt (float -> int).
  Float = 24,
  IntTrueDiv = 25,
  ToFloat = 26,
  RoundToInt = 27,
}

const kinds = new Array<u8>();
const payloads = new Array<i64>();
const argStart = new Array<u32>();
const argLen = new Array<u32>();
const argPool = new Array<u32>();
// Nesting depth of each node (a leaf is 1); bounds the recursion of printers and evaluators.
const depths = new Array<u32>();
// Chains ids whose hashes share a bucket.
const hashNext = new Array<u32>();
const buckets = new U64Table(4096);

const symNames = new Array<string>();
const symPositive = new Array<bool>();
const symInteger = new Array<bool>();
const symbolIds = new Map<string, u32>();
// First symbol created under each name, whatever its assumptions (used by the str parser).
const firstByName = new Map<string, u32>();

function mix(h: u64, v: u64): u64 {
  h ^= v + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccd;
  return h ^ (h >> 33);
}

function hashOf(kind: u8, payload: i64, args: Array<u32>, n: i32): u64 {
  let h = mix(<u64>kind, <u64>payload);
  for (let i = 0; i < n; i++) h = mix(h, <u64>unchecked(args[i]));
  return h;
}

function sameNode(id: u32, kind: u8, payload: i64, args: Array<u32>, n: i32): bool {
  if (unchecked(kinds[id]) != kind || unchecked(payloads[id]) != payload) return false;
  if (<i32>unchecked(argLen[id]) != n) return false;
  const s = unchecked(argStart[id]);
  for (let i = 0; i < n; i++) {
    if (unchecked(argPool[s + i]) != unchecked(args[i])) return false;
  }
  return true;
}

/** Interns (kind, payload, first n of args); args are stored in the given order. */
export function intern(kind: Kind, payload: i64, args: Array<u32>, n: i32 = -1): ExprId {
  if (n < 0) n = args.length;
  const k = <u8>kind;
  const h = hashKey(hashOf(k, payload, args, n));
  const head = buckets.get(h); // MISSING == NO_EXPR ends the chain
  let id = head;
  while (id != NO_EXPR) {
    if (sameNode(id, k, payload, args, n)) return id;
    id = unchecked(hashNext[id]);
  }
  id = <u32>kinds.length;
  let depth: u32 = 0;
  for (let i = 0; i < n; i++) {
    const d = unchecked(depths[unchecked(args[i])]);
    if (d > depth) depth = d;
  }
  depths.push(depth + 1);
  kinds.push(k);
  payloads.push(payload);
  argStart.push(<u32>argPool.length);
  argLen.push(<u32>n);
  for (let i = 0; i < n; i++) argPool.push(unchecked(args[i]));
  hashNext.push(head);
  buckets.set(h, id);
  return id;
}

const noArgs = new Array<u32>();

export function internLeaf(kind: Kind, payload: i64): ExprId {
  return intern(kind, payload, noArgs, 0);
}

export function internSymbol(name: string, positive: bool, integer: bool): ExprId {
  const key = name + (positive ? "|p" : "|-") + (integer ? "i" : "-");
  if (symbolIds.has(key)) return symbolIds.get(key);
  const index = symNames.length;
  symNames.push(name);
  symPositive.push(positive);
  symInteger.push(integer);
  const id = internLeaf(Kind.Symbol, index);
  symbolIds.set(key, id);
  if (!firstByName.has(name)) firstByName.set(name, id);
  return id;
}

/** The first symbol created with this name, or NO_EXPR. */
export function findSymbolByName(name: string): ExprId {
  return firstByName.has(name) ? firstByName.get(name) : NO_EXPR;
}

/** Deepest nesting the public API hands out; deeper results are refused so that recursive
 * printing and evaluation cannot exhaust the WASM stack. PyTorch's shapes nest a few levels. */
export const MAX_EXPR_DEPTH: u32 = 512;

export function depthOf(e: ExprId): u32 {
  return depths[e];
}

export function nodeCount(): i32 {
  return kinds.length;
}

export function isValid(e: ExprId): bool {
  return e < <u32>kinds.length;
}

export function kindOf(e: ExprId): Kind {
  return <Kind>kinds[e];
}

export function argCount(e: ExprId): i32 {
  return <i32>argLen[e];
}

export function argAt(e: ExprId, i: i32): ExprId {
  return argPool[argStart[e] + <u32>i];
}

/** The arguments as a fresh array. */
export function argsOf(e: ExprId): Array<u32> {
  const n = <i32>argLen[e];
  const s = argStart[e];
  const out = new Array<u32>(n);
  for (let i = 0; i < n; i++) unchecked((out[i] = argPool[s + i]));
  return out;
}

export function payloadOf(e: ExprId): i64 {
  return payloads[e];
}

export function symbolName(e: ExprId): string {
  return symNames[<i32>payloads[e]];
}

export function symbolPositive(e: ExprId): bool {
  return symPositive[<i32>payloads[e]];
}

export function symbolInteger(e: ExprId): bool {
  return symInteger[<i32>payloads[e]];
}

// Shared leaves, created once when the module starts.
export const ZERO: ExprId = internLeaf(Kind.Integer, 0);
export const ONE: ExprId = internLeaf(Kind.Integer, 1);
export const MINUS_ONE: ExprId = internLeaf(Kind.Integer, -1);
export const TRUE: ExprId = internLeaf(Kind.True, 0);
export const FALSE: ExprId = internLeaf(Kind.False, 0);
export const INT_OO: ExprId = internLeaf(Kind.IntInfinity, 0);
export const NEG_INT_OO: ExprId = internLeaf(Kind.NegIntInfinity, 0);
