// Fuzzing torch.export.load with mutated corpus archives (issue #14), shared by the bounded CI
// test (test/untrusted/fuzz.test.ts) and the long run by hand (bench/soak_fuzz.ts, one child
// process per batch with a memory cap, so a V8 fatal or a hang cannot hide).
//
// Mutations: bytes (flips, 32-bit field overwrites, truncation, splices: zip level) and structure
// (one JSON value of model.json or a payload config replaced by a hostile one, a key deleted, a
// record removed, emptied or swapped). Each case is classified:
//   ok      loaded (and module() built)
//   typed   a Pt2jsError
//   untyped any other exception (a bug)
//   hang    slower than the case budget
// (crashes are what kills the child process; only the child-process runner sees them).
import { Pt2jsError } from "../../src/core/errors.js";
import { load } from "../../src/program/save_load.js";
import { dumpsPyJson, parsePyJsonBytes, readPt2, writeZip, type JsonValue } from "../../src/serde/index.js";

export type Outcome = "ok" | "typed" | "untyped" | "hang";

/** mulberry32: a small seeded generator, so every case can be replayed from (seed, index). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE: JsonValue[] = [
  null, true, false, 0, -1, 1, 2 ** 31, 2 ** 53 + 1 as number, 9007199254740993n, 9223372036854775807n, -9223372036854775808n,
  18446744073709551616n, 1e308, -0.5, NaN, Infinity, "", "__proto__", "constructor", "toString", "_operator.__proto__",
  "torch.ops.aten.__proto__.default", "x".repeat(100_000), "L['x'].size()[0]", "(".repeat(5000), "\u0000", "\ud800",
  [], [[[[[[[[]]]]]]]], new Map(), new Map([["__proto__", new Map()]]), new Map([["as_int", 9007199254740993n]]),
  new Map([["as_tensor", new Map([["name", "__proto__"]])]]), Array(1000).fill(0),
];

interface Slot {
  get(): JsonValue;
  set(v: JsonValue): void;
  remove(): void;
}

function slots(v: JsonValue, out: Slot[]): Slot[] {
  if (v instanceof Map) {
    for (const k of v.keys()) {
      out.push({ get: () => v.get(k)!, set: (x) => v.set(k, x), remove: () => v.delete(k) });
      slots(v.get(k)!, out);
    }
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => {
      out.push({ get: () => v[i]!, set: (x) => { v[i] = x; }, remove: () => v.splice(i, 1) });
      slots(item, out);
    });
  }
  return out;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** A corpus archive as (root, records), decoded once per seed. */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  root: string;
  records: Array<[string, Uint8Array]>;
}

export function seedOf(name: string, bytes: Uint8Array): Seed {
  const a = readPt2(bytes);
  return { name, bytes, root: a.root, records: [...a.records] };
}

function rezip(seed: Seed, records: Array<[string, Uint8Array]>): Uint8Array {
  return writeZip(records.map(([n, data]) => ({ name: `${seed.root}/${n}`, data })));
}

function mutateBytes(r: () => number, seed: Uint8Array): Uint8Array {
  const n = seed.length;
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    const b = seed.slice();
    for (let k = 1 + Math.floor(r() * 8); k > 0; k--) b[Math.floor(r() * n)] ^= 1 + Math.floor(r() * 255);
    return b;
  }
  if (kind === 1) {
    const b = seed.slice();
    const v = pick(r, [0, 1, 0xffff, 0xffffffff, 0x7fffffff, 64, n, Math.floor(r() * 2 ** 32)]);
    new DataView(b.buffer).setUint32(Math.floor(r() * (n - 4)), v >>> 0, true);
    return b;
  }
  if (kind === 2) return seed.slice(0, Math.floor(r() * n));
  const at = Math.floor(r() * n);
  const ins = Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256));
  const b = new Uint8Array(n + ins.length);
  b.set(seed.subarray(0, at));
  b.set(ins, at);
  b.set(seed.subarray(at), at + ins.length);
  return b;
}

function mutateStructure(r: () => number, seed: Seed): Uint8Array {
  const records = seed.records.map(([n, d]) => [n, d] as [string, Uint8Array]);
  const kind = r();
  if (kind < 0.7) {
    // one JSON value of model.json (mostly) or a payload config
    const jsons = records.filter(([n]) => n.endsWith(".json"));
    const target = r() < 0.8 ? jsons.find(([n]) => n.startsWith("models/"))! : pick(r, jsons);
    const json = parsePyJsonBytes(target[1]);
    const all = slots(json, []);
    for (let k = 1 + Math.floor(r() * 3); k > 0 && all.length > 0; k--) {
      const s = pick(r, all);
      const how = r();
      if (how < 0.15) s.remove();
      else if (how < 0.3) s.set(structuredCloneJson(pick(r, all).get()));
      else s.set(structuredCloneJson(pick(r, HOSTILE)));
    }
    target[1] = new TextEncoder().encode(dumpsPyJson(json));
  } else {
    const i = Math.floor(r() * records.length);
    const how = r();
    if (how < 0.4) records.splice(i, 1);
    else if (how < 0.7) records[i] = [records[i]![0], new Uint8Array(0)];
    else {
      const j = Math.floor(r() * records.length);
      const d = records[i]![1];
      records[i] = [records[i]![0], records[j]![1]];
      records[j] = [records[j]![0], d];
    }
  }
  return rezip(seed, records);
}

function structuredCloneJson(v: JsonValue): JsonValue {
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, structuredCloneJson(x)]));
  if (Array.isArray(v)) return v.map(structuredCloneJson);
  return v;
}

/** The archive of case `index` of a run with `runSeed` over `seeds`. */
export function caseBytes(seeds: readonly Seed[], runSeed: number, index: number): { seed: string; bytes: Uint8Array } {
  const r = rng((runSeed * 1_000_003 + index) >>> 0);
  const seed = seeds[Math.floor(r() * seeds.length)]!;
  return { seed: seed.name, bytes: r() < 0.5 ? mutateBytes(r, seed.bytes) : mutateStructure(r, seed) };
}

/** Loads `bytes` (and builds module()); the outcome and, when not typed/ok, the error text. */
export function classify(bytes: Uint8Array, budgetMs = 2000): { outcome: Outcome; detail: string } {
  const t0 = performance.now();
  let outcome: Outcome = "ok";
  let detail = "";
  try {
    const ep = load(bytes, { max_json_bytes: 8 << 20, max_bytes: 64 << 20, max_tensor_bytes: 16 << 20 });
    ep.module();
    String(ep);
  } catch (e) {
    if (e instanceof Pt2jsError) outcome = "typed";
    else {
      outcome = "untyped";
      detail = `${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 300)}\n${String((e as Error)?.stack).split("\n").slice(1, 6).join("\n")}`;
    }
  }
  const ms = performance.now() - t0;
  if (ms > budgetMs && outcome !== "untyped") {
    outcome = "hang";
    detail = `${ms.toFixed(0)} ms`;
  }
  return { outcome, detail };
}
