// Type promotion against PyTorch 2.11's table (torch.result_type for every dtype pair, tensor with
// tensor, tensor with 0-dim tensor, tensor with Python int/float/bool).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { torch, dtypeFromName, resultType, promoteTypes } from "../../src/tensor/index.js";

const table: Record<string, string | { tensor_tensor: string; tensor_scalar0d: string }> = JSON.parse(
  readFileSync(new URL("../fixtures/torch-2.11/ops/promotion.json", import.meta.url), "utf8"),
);

describe("type promotion (promotion.json)", () => {
  const entries = Object.entries(table);
  it("covers the whole table", () => {
    expect(entries.length).toBe(10 * 10 + 10 * 3);
  });
  it.each(entries)("%s", (key, want) => {
    const [a, b] = key.split("|") as [string, string];
    const da = dtypeFromName(a);
    if (b.startsWith("py_")) {
      const scalar = { py_int: 2, py_float: 2.5, py_bool: true }[b]!;
      expect(String(resultType([{ dtype: da, dim: 1 }, scalar]))).toBe(want);
      // The same through the public API: torch.result_type(tensor, scalar).
      expect(String(torch.result_type(torch.ones(2, { dtype: da }), scalar))).toBe(want);
      return;
    }
    const db = dtypeFromName(b);
    const w = want as { tensor_tensor: string; tensor_scalar0d: string };
    expect(String(resultType([{ dtype: da, dim: 1 }, { dtype: db, dim: 1 }]))).toBe(w.tensor_tensor);
    expect(String(promoteTypes(da, db))).toBe(w.tensor_tensor);
    expect(String(resultType([{ dtype: da, dim: 1 }, { dtype: db, dim: 0 }]))).toBe(w.tensor_scalar0d);
    // And an op's output dtype follows it (add of real tensors).
    expect(String(torch.ones(2, { dtype: da }).add(torch.ones([], { dtype: db })).dtype)).toBe(w.tensor_scalar0d);
  });
});
