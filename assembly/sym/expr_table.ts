// Open-addressing hash table from u64 keys to u32 values (linear probing, power-of-two
// capacity). Faster than Map for the core's hot paths: node interning and operation memos.
export const MISSING: u32 = u32.MAX_VALUE;

// Key reserved for empty slots; callers never use it (keys are hashes or packed id pairs
// whose top bits are an operation tag < 0xFF).
const EMPTY: u64 = u64.MAX_VALUE;

@inline function slotOf(key: u64, mask: u32): u32 {
  let h = key ^ (key >> 31);
  h *= 0x9e3779b97f4a7c15;
  return <u32>(h >> 32) & mask;
}

export class U64Table {
  private keys: StaticArray<u64>;
  private values: StaticArray<u32>;
  private count: u32 = 0;
  private mask: u32;

  constructor(capacity: u32 = 1024) {
    this.keys = new StaticArray<u64>(capacity);
    this.values = new StaticArray<u32>(capacity);
    this.mask = capacity - 1;
    for (let i: u32 = 0; i < capacity; i++) unchecked((this.keys[i] = EMPTY));
  }

  get(key: u64): u32 {
    let i = slotOf(key, this.mask);
    while (true) {
      const k = unchecked(this.keys[i]);
      if (k == key) return unchecked(this.values[i]);
      if (k == EMPTY) return MISSING;
      i = (i + 1) & this.mask;
    }
    return MISSING;
  }

  set(key: u64, value: u32): void {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    let i = slotOf(key, this.mask);
    while (true) {
      const k = unchecked(this.keys[i]);
      if (k == key) {
        unchecked((this.values[i] = value));
        return;
      }
      if (k == EMPTY) {
        unchecked((this.keys[i] = key));
        unchecked((this.values[i] = value));
        this.count++;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const capacity = (this.mask + 1) * 2;
    this.keys = new StaticArray<u64>(capacity);
    this.values = new StaticArray<u32>(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i: u32 = 0; i < capacity; i++) unchecked((this.keys[i] = EMPTY));
    for (let i = 0; i < oldKeys.length; i++) {
      const k = unchecked(oldKeys[i]);
      if (k != EMPTY) this.set(k, unchecked(oldValues[i]));
    }
  }
}

/** Ids below this pack exactly into a memo key. */
export const MEMO_ID_LIMIT: u32 = 1 << 28;

/** Memo key for operation `op` (< 255) on ids a, b < MEMO_ID_LIMIT: exact, no collisions. */
@inline export function opKey(op: u32, a: u32, b: u32): u64 {
  return ((<u64>op) << 56) | ((<u64>a) << 28) | <u64>b;
}

/** Makes a hash usable as a key (EMPTY is reserved). */
@inline export function hashKey(h: u64): u64 {
  return h == EMPTY ? h - 1 : h;
}
