// Input lists and use lists without per-node allocations (the way LLVM keeps use lists).
// - Inputs: each node owns a slice [inStart, inStart + inCap) of one flat pool; `inLen` of them
//   are used. A longer list gets a fresh slice at the end of the pool.
// - Users: each (input slot) owns one use record, linked into its input's doubly linked list of
//   users in insertion order. Removing a use is O(1) because the slot knows its record.
// Freed use records are recycled through a free list.

const NONE: i32 = -1;

// Per node.
const inStart = new Array<i32>();
const inLen = new Array<i32>();
const inCap = new Array<i32>();
const userHead = new Array<i32>();
const userTail = new Array<i32>();
const userLen = new Array<i32>();
const dedupMark = new Array<u32>();

// Input pool: the input node, and its use record, per slot.
const poolInput = new Array<i32>();
const poolUse = new Array<i32>();

// Use records: which node uses (user), and the links in the used node's list.
const useUser = new Array<i32>();
const useNext = new Array<i32>();
const usePrev = new Array<i32>();
let freeUse: i32 = NONE;
let dedupEpoch: u32 = 0;

/** Adds the per-node entries for a new node id (ids are dense, in creation order). */
export function usesNewNode(): void {
  inStart.push(0);
  inLen.push(0);
  inCap.push(0);
  userHead.push(NONE);
  userTail.push(NONE);
  userLen.push(0);
  dedupMark.push(0);
}

function newUse(user: i32): i32 {
  let u = freeUse;
  if (u != NONE) {
    freeUse = unchecked(useNext[u]);
    unchecked((useUser[u] = user));
  } else {
    u = useUser.length;
    useUser.push(user);
    useNext.push(NONE);
    usePrev.push(NONE);
  }
  return u;
}

/** Appends a use of `input` by `user`; returns the use record. */
function link(input: i32, user: i32): i32 {
  const u = newUse(user);
  const tail = unchecked(userTail[input]);
  unchecked((usePrev[u] = tail));
  unchecked((useNext[u] = NONE));
  if (tail == NONE) unchecked((userHead[input] = u));
  else unchecked((useNext[tail] = u));
  unchecked((userTail[input] = u));
  unchecked((userLen[input] += 1));
  return u;
}

function unlink(input: i32, u: i32): void {
  const p = unchecked(usePrev[u]);
  const x = unchecked(useNext[u]);
  if (p == NONE) unchecked((userHead[input] = x));
  else unchecked((useNext[p] = x));
  if (x == NONE) unchecked((userTail[input] = p));
  else unchecked((usePrev[x] = p));
  unchecked((userLen[input] -= 1));
  unchecked((useNext[u] = freeUse));
  freeUse = u;
}

/** Drops every input of `n` (and the matching uses). */
export function clearInputs(n: i32): void {
  const start = unchecked(inStart[n]);
  const len = unchecked(inLen[n]);
  for (let i = 0; i < len; i++) unlink(unchecked(poolInput[start + i]), unchecked(poolUse[start + i]));
  unchecked((inLen[n] = 0));
}

/**
 * Sets the inputs of `n` to `count` ids from `src`, dropping repeats (first occurrence wins).
 * The caller has validated the ids.
 */
export function assignInputs(n: i32, src: StaticArray<i32>, count: i32): void {
  clearInputs(n);
  // Count distinct inputs first so the slice is sized once.
  dedupEpoch += 1;
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    const a = unchecked(src[i]);
    if (unchecked(dedupMark[a]) != dedupEpoch) {
      unchecked((dedupMark[a] = dedupEpoch));
      distinct++;
    }
  }
  if (distinct > unchecked(inCap[n])) {
    unchecked((inStart[n] = poolInput.length));
    unchecked((inCap[n] = distinct));
    for (let i = 0; i < distinct; i++) {
      poolInput.push(NONE);
      poolUse.push(NONE);
    }
  }
  dedupEpoch += 1;
  const start = unchecked(inStart[n]);
  let len = 0;
  for (let i = 0; i < count; i++) {
    const a = unchecked(src[i]);
    if (unchecked(dedupMark[a]) != dedupEpoch) {
      unchecked((dedupMark[a] = dedupEpoch));
      unchecked((poolInput[start + len] = a));
      unchecked((poolUse[start + len] = link(a, n)));
      len++;
    }
  }
  unchecked((inLen[n] = len));
}

/** Replaces input `old` of `n` by `replacement` in place (or drops it if already an input). */
export function substituteInput(n: i32, old: i32, replacement: i32): bool {
  const start = unchecked(inStart[n]);
  const len = unchecked(inLen[n]);
  let at = -1;
  let has = false;
  for (let i = 0; i < len; i++) {
    const a = unchecked(poolInput[start + i]);
    if (a == old) at = i;
    if (a == replacement) has = true;
  }
  if (at < 0) return false;
  if (old == replacement) return true;
  unlink(old, unchecked(poolUse[start + at]));
  if (has) {
    for (let i = at; i < len - 1; i++) {
      unchecked((poolInput[start + i] = poolInput[start + i + 1]));
      unchecked((poolUse[start + i] = poolUse[start + i + 1]));
    }
    unchecked((inLen[n] = len - 1));
  } else {
    unchecked((poolInput[start + at] = replacement));
    unchecked((poolUse[start + at] = link(replacement, n)));
  }
  return true;
}

export function inputCount(n: i32): i32 {
  return unchecked(inLen[n]);
}

export function inputAt(n: i32, i: i32): i32 {
  return unchecked(poolInput[inStart[n] + i]);
}

export function hasInput(n: i32, a: i32): bool {
  const start = unchecked(inStart[n]);
  const len = unchecked(inLen[n]);
  for (let i = 0; i < len; i++) if (unchecked(poolInput[start + i]) == a) return true;
  return false;
}

export function userCount(n: i32): i32 {
  return unchecked(userLen[n]);
}

/** The first use record of `n` (NONE if unused); walk with `nextUse`, read with `userOfUse`. */
export function firstUse(n: i32): i32 {
  return unchecked(userHead[n]);
}

export function nextUse(u: i32): i32 {
  return unchecked(useNext[u]);
}

export function userOfUse(u: i32): i32 {
  return unchecked(useUser[u]);
}

export function hasUser(n: i32, user: i32): bool {
  for (let u = unchecked(userHead[n]); u != NONE; u = unchecked(useNext[u])) {
    if (unchecked(useUser[u]) == user) return true;
  }
  return false;
}
