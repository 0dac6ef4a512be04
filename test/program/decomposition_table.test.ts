// torch.export.default_decompositions() is PyTorch 2.11's table; custom tables work as PyTorch's
// dicts do; every op pt2js can trace is core ATen, decomposed, functionalized or kept as PyTorch
// keeps it; the verifier names an op that should not remain.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { aten, allOps, lookupOp } from "../../src/ops/registry.js";
import { torch, nn, F } from "../../src/torch.js";
import { torchExport } from "../../src/export/index.js";
import { exportModule } from "../../src/export/export.js";
import { DecompositionTable, IMPLICIT, KEEP, KeyError, decompositionKey } from "../../src/program/decompositions/index.js";
import { DecompositionVerificationError, verifyDecomposed } from "../../src/program/verifier.js";
import { call } from "../../src/ops/call.js";
import type { Tensor } from "../../src/tensor/index.js";
import { MLP, ItemCheck } from "../models/index.js";

/** torch._decomp.core_aten_decompositions() keys of PyTorch 2.11 (aten namespace), from the reference corpus. */
const PYTORCH_KEYS: string[] = JSON.parse(readFileSync(new URL("../fixtures/torch-2.11/ops/default_decompositions.json", import.meta.url), "utf8"));

/**
 * The ops pt2js traces that stay after run_decompositions although they are not core ATen: PyTorch's
 * table has no entry for them either, so PyTorch's decomposed programs keep them too.
 */
const KEPT_AS_PYTORCH = [
  "sym_stride.default", "sym_size.default", "_assert_scalar.default", "slice_copy.Tensor", "select_copy.int", "permute_copy.default",
  "max.default", "remainder.Scalar_Tensor", "bitwise_or.Scalar_Tensor", "cumprod.default", "upsample_bilinear2d.default",
  "linalg_vector_norm.default", "bitwise_xor.Scalar_Tensor", "addmv.default", "round.decimals", "rand_like.default",
  "randn_like.default", "randint.default", "randint.low", "bitwise_and.Scalar_Tensor", "min.default", "native_batch_norm.default",
  "sort.stable", "scatter.reduce", "scatter.value_reduce", "_assert_tensor_metadata.default", "_native_batch_norm_legit_functional.default",
  "view_copy.default", "_assert_async.default", "_assert_async.msg", "upsample_trilinear3d.default",
  "bincount.default", "kthvalue.default", "masked_select.default", "multinomial.default", "nonzero_static.default",
].sort();

/** Core ATen ops in PyTorch's table that pt2js records as they are (their entries return the op itself). */
const CORE_KEPT = ["sym_stride.int", "sym_size.int"].sort();

describe("torch.export.default_decompositions()", () => {
  it("has PyTorch 2.11's keys", () => {
    const table = torchExport.default_decompositions();
    expect([...table.keys()].sort()).toEqual(PYTORCH_KEYS.map((k) => k.replace(/^aten\./, "")).sort());
    expect(table.size).toBe(953);
  });

  it("is a fresh table each call, keyed by op or name", () => {
    const a = torchExport.default_decompositions();
    a.delete(aten.linear!.default!);
    expect(a.has("aten.linear.default")).toBe(false);
    expect(torchExport.default_decompositions().has(aten.linear!.default!)).toBe(true);
    const b = a.copy();
    expect(b.pop("aten::matmul")).toBeTypeOf("function");
    expect(b.has("matmul.default")).toBe(false);
    expect(a.has("matmul.default")).toBe(true);
    expect(() => b.pop("matmul")).toThrow(KeyError);
    expect(b.pop("matmul", undefined)).toBeUndefined();
  });

  it("gives every op pt2js can trace a fate: core, decomposed, functionalized, or kept as PyTorch keeps it", () => {
    const table = torchExport.default_decompositions();
    const kept: string[] = [];
    const coreKept: string[] = [];
    const missing: string[] = [];
    for (const op of allOps().filter((o) => o.impl !== undefined)) {
      const key = decompositionKey(op);
      if (op.isMutable) {
        const functional = lookupOp(`${op.packetName.slice(0, -1)}.${op.overload}`) ?? lookupOp(`${op.packetName}_functional.${op.overload}`);
        if (functional === undefined && op.packetName !== "detach_") missing.push(`${key} (in place, no functional variant)`);
        continue;
      }
      if (IMPLICIT.has(key)) continue;
      const entry = table.get(key);
      if (entry === KEEP) coreKept.push(key);
      else if (entry !== undefined) {
        try {
          // A stub entry (an op pt2js cannot trace) names itself; a real decomposition needs arguments.
          entry([], op);
        } catch (e) {
          if (/has no decomposition/.test((e as Error).message)) missing.push(key);
        }
      } else if (!op.tags.includes("core")) kept.push(key);
    }
    expect(missing).toEqual([]);
    expect(kept.sort()).toEqual(KEPT_AS_PYTORCH);
    expect(coreKept.sort()).toEqual(CORE_KEPT);
  });
});

class HardActs extends nn.Module {
  override forward(x: Tensor): Tensor {
    return F.hardswish(x).add(F.relu6(x));
  }
}

describe("run_decompositions with custom tables", () => {
  const mlp = () => exportModule(new MLP().eval() as never, [torch.randn(3, 16)]);

  it("keeps an op whose entry was deleted, as PyTorch preserves it", () => {
    const table = torchExport.default_decompositions();
    table.delete(aten.linear!.default!);
    const text = mlp().run_decompositions(table).toString();
    expect(text).toContain("torch.ops.aten.linear.default(x, p_fc1_weight, p_fc1_bias)");
  });

  it("uses a user's decomposition, keyed by op in an object or a Map", () => {
    // Called as PyTorch calls a decomposition: decomp(*args, **kwargs).
    const relu = (x: unknown) => call("clamp.default", [x, 0]);
    for (const table of [{ [String(aten.relu!.default!)]: relu }, new Map([[aten.relu!.default!, relu]])]) {
      const text = mlp().run_decompositions(table).toString();
      expect(text).toContain("torch.ops.aten.clamp.default(");
      expect(text).toContain("torch.ops.aten.linear.default(");
      expect(text).not.toContain("torch.ops.aten.relu.default(");
    }
  });

  it("decomposes hardswish and relu6 as PyTorch's table does, and keeps them with {}", () => {
    const ep = exportModule(new HardActs() as never, [torch.randn(2, 3)]);
    const text = ep.run_decompositions().toString();
    expect(text).toMatch(/clamp\.default\(add, 0\)[\s\S]*clamp\.default\(clamp, None, 6\)[\s\S]*mul\.Tensor\(x, clamp_1\)[\s\S]*div\.Tensor\(mul, 6\)/);
    expect(text).toContain("torch.ops.aten.hardtanh.default(x, 0, 6)");
    const kept = ep.run_decompositions({}).toString();
    expect(kept).toContain("torch.ops.aten.hardswish.default(x)");
    expect(kept).toContain("torch.ops.aten.relu6.default(x)");
  });

  it("run_decompositions({}) on a program with item() keeps its unbacked symbol", () => {
    const ep = exportModule(new ItemCheck() as never, [torch.randn(10, 3), torch.tensor(4)]);
    const text = ep.run_decompositions({}).toString();
    expect(text).toContain('item: "Sym(u0)" = torch.ops.aten.item.default(n)');
    expect(text).toContain('slice_1: "f32[u0, 3]"');
    expect(ep.run_decompositions().toString()).toContain('_local_scalar_dense: "Sym(u0)" = torch.ops.aten._local_scalar_dense.default(n)');
  });
});

describe("the verifier", () => {
  it("passes a decomposed program, and names an op the table should have decomposed", () => {
    const ep = exportModule(new MLP().eval() as never, [torch.randn(3, 16)]);
    const table = torchExport.default_decompositions();
    verifyDecomposed(ep.run_decompositions().graph_module, table);
    const undecomposed = ep.run_decompositions({});
    let error: unknown;
    try {
      verifyDecomposed(undecomposed.graph_module, table);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecompositionVerificationError);
    expect((error as DecompositionVerificationError).op).toBe("torch.ops.aten.linear.default");
    expect((error as Error).message).toContain("aten.linear.default (node 'linear')");
  });

  it("rejects an in-place op whatever the table", () => {
    class AddInPlace extends nn.Module {
      override forward(x: Tensor): Tensor {
        return x.mul(2).add_(1);
      }
    }
    const ep = exportModule(new AddInPlace() as never, [torch.randn(2)]);
    expect(() => verifyDecomposed(ep.graph_module, new DecompositionTable())).toThrow(/add_\.Tensor.*writes its input in place/);
    expect(() => verifyDecomposed(ep.run_decompositions({}).graph_module, new DecompositionTable())).not.toThrow();
  });
});

describe("run_decompositions and the module call graph", () => {
  class Outer extends nn.Module {
    sub = new nn.Linear(4, 3);
    override forward(x: Tensor): Tensor {
      return this.sub(x.mul(2)).relu();
    }
  }

  it("renames a preserved call's boundary nodes to the decomposed ones; unflatten still runs", () => {
    const model = new Outer();
    const x = torch.randn(2, 4);
    const ep = exportModule(model as never, [x], { preserve_module_call_signature: ["sub"] });
    const sig = (e: typeof ep) => e.module_call_graph.find((m) => m.fqn === "sub")!.signature!;
    expect(sig(ep).outputs).toEqual(["linear"]);
    const dep = ep.run_decompositions();
    expect(sig(dep).inputs).toEqual(["mul"]);
    expect(sig(dep).outputs).toEqual(["addmm"]);
    const names = new Set(dep.graph.nodes.map((n) => n.name));
    for (const n of [...sig(dep).inputs, ...sig(dep).outputs]) expect(names.has(n as string)).toBe(true);
    const got = (torchExport.unflatten(dep) as unknown as (t: Tensor) => Tensor)(x);
    const want = (model as unknown as (t: Tensor) => Tensor)(x);
    expect(Array.from(got._values() as ArrayLike<number>)).toEqual(Array.from(want._values() as ArrayLike<number>));
  });
});

describe("issue #16's regression", () => {
  class Write extends nn.Module {
    override forward(a: Tensor, b: Tensor): Tensor {
      a = a.clone();
      a.set([":", { stop: 2 }], b);
      return a;
    }
  }

  it("a write into a slice of an intermediate lands after run_decompositions, as slice_scatter", () => {
    const a = torch.zeros(2, 3);
    const b = torch.ones(2, 2);
    const model = new Write();
    const ep = exportModule(model as never, [a, b]);
    const dep = ep.run_decompositions();
    const sum = (t: unknown) => (t as Tensor).sum().item();
    expect(sum((model as unknown as (...x: Tensor[]) => Tensor)(a, b))).toBe(4);
    expect(sum(ep.module()(a, b))).toBe(4);
    expect(sum(dep.module()(a, b))).toBe(4);
    expect(dep.toString()).toContain("torch.ops.aten.slice_scatter.default(");
    expect(dep.toString()).not.toContain("copy_");
  });
});

describe("a decomposition that calls its own op", () => {
  it("records the op there instead of recursing", () => {
    const x = torch.randn(3, 16);
    const ep = exportModule(new MLP().eval() as never, [x]);
    const table = torchExport.default_decompositions();
    table.set(aten.relu!.default!, ((x: unknown) => call("relu.default", [call("clamp.default", [x, -1])])) as never);
    const dep = ep.run_decompositions(table);
    expect(dep.toString()).toMatch(/clamp: "f32\[3, 32\]" = torch\.ops\.aten\.clamp\.default\(addmm, -1\)[\s\S]*relu: "f32\[3, 32\]" = torch\.ops\.aten\.relu\.default\(clamp\)/);
    const values = (t: unknown) => Array.from((t as Tensor)._values() as ArrayLike<number>);
    expect(values(dep.module()(x))).toEqual(values(ep.module()(x)));
  });
});
