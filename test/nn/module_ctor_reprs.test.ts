// nn module constructors bind PyTorch's signatures: the 71 modules of PyTorch 2.6's
// module_ctor_reprs.json (every argument non-default), constructed positionally, by keyword and
// mixed (first half positional, the rest by keyword), give PyTorch's repr(module) and state_dict
// shapes; binding errors give CPython's TypeError texts (module_ctor_errors.json, from 2.6 too).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nn } from "../../src/torch.js";
import type { Module } from "../../src/nn/index.js";

const FIX = new URL("../fixtures/torch-2.6-api/", import.meta.url);
interface ReprCase { positional: unknown[]; keyword: Record<string, unknown>; repr: string; state_dict: Record<string, number[]>; training: boolean }
const REPRS = JSON.parse(readFileSync(new URL("module_ctor_reprs.json", FIX), "utf8")) as { modules: Record<string, ReprCase> };
interface ErrCase { module: string; args: unknown[]; kwargs: Record<string, unknown>; error: string | null }
const ERRORS = JSON.parse(readFileSync(new URL("module_ctor_errors.json", FIX), "utf8")) as { cases: ErrCase[] };

type Ctor = new (...args: unknown[]) => Module;
const ctor = (name: string): Ctor => {
  const c = (nn as unknown as Record<string, Ctor | undefined>)[name];
  if (c === undefined) throw new Error(`nn.${name} is missing`);
  return c;
};
const shapes = (m: Module): Record<string, number[]> => Object.fromEntries([...m.state_dict()].map(([k, v]) => [k, [...v.shape] as number[]]));

/** The call forms of one case: positional, keyword, mixed (first half positional), and every other split point. */
function forms(c: ReprCase): [string, unknown[]][] {
  const names = Object.keys(c.keyword);
  const split = (k: number): unknown[] => {
    const rest = Object.fromEntries(names.slice(k).map((n) => [n, c.keyword[n]]));
    return [...c.positional.slice(0, k), ...(k < names.length ? [rest] : [])];
  };
  const half = Math.floor(c.positional.length / 2);
  const out: [string, unknown[]][] = [["positional", [...c.positional]], ["keyword", [{ ...c.keyword }]], ["mixed", split(half)]];
  for (let k = 1; k < c.positional.length; k++) if (k !== half) out.push([`split at ${k}`, split(k)]);
  return out;
}

describe("module constructors: PyTorch 2.6's repr and state_dict shapes", () => {
  const names = Object.keys(REPRS.modules);
  it("covers the 71 modules of the reference file", () => {
    expect(names.length).toBe(71);
  });
  for (const name of names) {
    const c = REPRS.modules[name]!;
    it(name, () => {
      for (const [form, args] of forms(c)) {
        const m = new (ctor(name))(...args);
        expect(m.toString(), `${name} ${form}`).toBe(c.repr);
        expect(shapes(m), `${name} ${form} state_dict`).toEqual(c.state_dict);
        expect(m.training).toBe(c.training);
      }
    });
  }
});

/** CPython 3.13 adds ". Did you mean 'x'?" to unexpected-keyword messages; pt2js's binder gives the text before it. */
const core = (msg: string) => msg.replace(/\. Did you mean '[^']*'\?$/, "");

describe("module constructors: binding errors are CPython's texts", () => {
  for (const c of ERRORS.cases) {
    const label = `${c.module}(${JSON.stringify(c.args).slice(1, -1)}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ""})`;
    it(label, () => {
      const call = () => new (ctor(c.module))(...c.args, ...(Object.keys(c.kwargs).length ? [c.kwargs] : []));
      if (c.error === null) {
        expect(call).not.toThrow();
        return;
      }
      const [type, ...rest] = c.error.split(": ");
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err, "no error raised").toBeInstanceOf(Error);
      const e = err as Error & { pyType?: string };
      expect(e.message).toBe(core(rest.join(": ")));
      expect(e.constructor.name).toBe(type === "TypeError" ? "TorchTypeError" : "TorchValueError");
    });
  }
});
