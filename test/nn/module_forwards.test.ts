// Forward passes of nn modules against PyTorch 2.6's numbers (module_forwards.json, made by
// gen_module_forwards.py in the 2.6 oracle): the module is built with the same arguments, PyTorch's
// weights are loaded, and its repr, its output and its state_dict after the call (running statistics,
// renormalized rows) must match.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import type { Module } from "../../src/nn/index.js";

interface TJson { shape: number[]; dtype: string; data: number[] }
type Out = TJson | (Out | null)[];
interface Case {
  module: string; repr: string; args: unknown[]; kwargs: Record<string, unknown>; train: boolean;
  state_dict: Record<string, TJson>; inputs: (TJson | null | boolean | number | number[])[]; output: Out; state_dict_after: Record<string, TJson>;
}
const FIX = JSON.parse(readFileSync(new URL("../fixtures/torch-2.6-api/module_forwards.json", import.meta.url), "utf8")) as { cases: Record<string, Case> };

const dt = (name: string) => (torch as unknown as Record<string, unknown>)[name];
const mk = (t: TJson): Tensor => torch.tensor(t.data, { dtype: dt(t.dtype) as never }).reshape(t.shape);
const flat = (t: Tensor): number[] => Array.from(t.contiguous()._values(), Number);

function expectMatch(got: unknown, want: Out | null, what: string): void {
  if (want === null) {
    expect(got, `${what}: None`).toBeNull();
    return;
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${what}: a tuple`).toBe(true);
    const g = got as unknown[];
    expect(g.length, `${what}: tuple length`).toBe(want.length);
    want.forEach((w, i) => expectMatch(g[i], w, `${what}[${i}]`));
    return;
  }
  const t = got as Tensor;
  expect([...t.shape], `${what} shape`).toEqual(want.shape);
  expect(String(t.dtype).replace("torch.", ""), `${what} dtype`).toBe(want.dtype);
  const g = flat(t);
  const exact = !want.dtype.startsWith("float");
  const bad = g.findIndex((v, i) => (exact ? v !== want.data[i] : !(Math.abs(v - want.data[i]!) <= 2e-5 + 1e-4 * Math.abs(want.data[i]!))));
  expect(bad, `${what}: element ${bad} is ${g[bad]}, PyTorch gives ${want.data[bad]}`).toBe(-1);
}

describe("nn module forwards match PyTorch 2.6", () => {
  for (const [name, c] of Object.entries(FIX.cases)) {
    it(name, () => {
      const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => Module>)[c.module]!;
      const m = new Ctor(...c.args, ...(Object.keys(c.kwargs).length ? [c.kwargs] : []));
      m.load_state_dict(new Map(Object.entries(c.state_dict).map(([k, v]) => [k, mk(v)])));
      expect(m.toString(), `${name} repr`).toBe(c.repr);
      m.train(c.train);
      const y = m(...c.inputs.map((x) => (x !== null && typeof x === "object" && !Array.isArray(x) ? mk(x) : x)));
      expectMatch(y, c.output, name);
      for (const [k, v] of Object.entries(c.state_dict_after)) expectMatch(m.state_dict().get(k), v, `${name} ${k} after`);
    });
  }
});
