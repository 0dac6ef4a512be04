// Meta functions on symbolic sizes against PyTorch 2.11's exported programs: the models of the
// reference cases, run on fake inputs with the symbols export creates, must give every node's
// printed shape, in order — and, for the cases export rejects, record the guard the error names.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { torch, Tensor } from "../../src/tensor/index.js";
import { runMeta, normalizeArgs, withDispatchMode, type DispatchMode } from "../../src/ops/index.js";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { SymInt } from "../../src/symbolic/symint.js";
import type { Size } from "../../src/ops/size.js";

interface Case { ok: boolean; printed?: string; error?: string; inputs: number[][] }
const cases: Record<string, Case> = JSON.parse(readFileSync(new URL("../fixtures/torch-2.11/ops/symbolic_cases.json", import.meta.url), "utf8"));

const SHORT: Record<string, string> = { float32: "f32", float64: "f64", int64: "i64", int32: "i32", bool: "b8", float16: "f16", bfloat16: "bf16" };
const annot = (t: Tensor) => `${SHORT[t.dtype.name]}[${t.shape.map(String).join(", ")}]`;

/** Runs `fn` under a mode that records (target, output annotations) per aten call. */
function trace(fn: () => unknown): string[] {
  const calls: string[] = [];
  const mode: DispatchMode = {
    dispatch(op, args, kwargs) {
      const out = runMeta(op, normalizeArgs(op.schema, args, kwargs));
      const outs = Array.isArray(out) ? out : [out];
      calls.push(`${op.qualifiedName} ${outs.filter((o) => o instanceof Tensor).map((o) => annot(o as Tensor)).join(" ")}`);
      return out;
    },
  };
  withDispatchMode(mode, fn);
  return calls;
}

/** The same list from a printed program: aten nodes with their annotation, getitem annotations appended. */
function printedCalls(printed: string): string[] {
  const calls: string[] = [];
  for (const line of printed.split("\n")) {
    const m = /^\s+\w+(?:: "([^"]+)")? = (torch\.ops\.aten\.[\w.]+)\(/.exec(line);
    if (m) {
      if (m[2] === "torch.ops.aten.sym_size.int") continue;
      calls.push(`${m[2]} ${m[1] ?? ""}`.trimEnd());
      continue;
    }
    const g = /^\s+getitem\w*: "([^"]+)" = \w+\[\d+\]/.exec(line);
    if (g) calls[calls.length - 1] += ` ${g[1]}`;
  }
  return calls;
}

// Parameters only need metadata here.
const p = (...s: number[]) => Tensor.fake(s);
const models = {
  cnn(x: Tensor): Tensor {
    let y = torch.conv2d(x, p(8, 3, 3, 3), p(8), 1, 1);
    y = torch.batch_norm(y, p(8), p(8), p(8), p(8), false, 0.1, 1e-5, false).relu();
    y = torch.max_pool2d(y, 2);
    y = torch.conv2d(y, p(16, 8, 3, 3), p(16), 2, 1).relu();
    return torch.linear(torch.flatten(torch.adaptive_avg_pool2d(y, 1), 1), p(10, 16), p(10));
  },
  tinygpt(idx: Tensor): Tensor {
    const [b, t] = idx.shape as [Size, Size];
    const pos = torch.arange(0, t, { dtype: torch.int64 });
    let x = torch.embedding(p(128, 32), idx).add(torch.embedding(p(64, 32), pos));
    for (let l = 0; l < 2; l++) {
      const c = 32;
      const [q, k, v] = torch.linear(torch.layer_norm(x, [32], p(32), p(32), 1e-5, false), p(96, 32), p(96)).split(c, 2) as Tensor[];
      const heads = (z: Tensor) => z.view(b, t, 4, 8).transpose(1, 2);
      let y = torch.scaled_dot_product_attention(heads(q!), heads(k!), heads(v!), null, 0, true);
      y = y.transpose(1, 2).contiguous().view(b, t, c);
      x = x.add(torch.linear(y, p(32, 32), p(32)));
      x = x.add(torch.linear(torch.gelu(torch.linear(torch.layer_norm(x, [32], p(32), p(32), 1e-5, false), p(128, 32), p(128))), p(32, 128), p(32)));
    }
    return torch.linear(torch.layer_norm(x, [32], p(32), p(32), 1e-5, false), p(128, 32));
  },
  // torchvision's resnet18: in-place ReLU and residual add_, as its BasicBlock writes them.
  resnet18(x: Tensor): Tensor {
    const bn = (y: Tensor, c: number) => torch.batch_norm(y, p(c), p(c), p(c), p(c), false, 0.1, 1e-5, false);
    const block = (y: Tensor, cin: number, cout: number, stride: number) => {
      let out = bn(torch.conv2d(y, p(cout, cin, 3, 3), null, stride, 1), cout).relu_();
      out = bn(torch.conv2d(out, p(cout, cout, 3, 3), null, 1, 1), cout);
      const identity = stride !== 1 || cin !== cout ? bn(torch.conv2d(y, p(cout, cin, 1, 1), null, stride), cout) : y;
      return out.add_(identity).relu_();
    };
    let y = torch.max_pool2d(bn(torch.conv2d(x, p(64, 3, 7, 7), null, 2, 3), 64).relu_(), 3, 2, 1);
    for (const [cin, cout, stride] of [[64, 64, 1], [64, 64, 1], [64, 128, 2], [128, 128, 1], [128, 256, 2], [256, 256, 1], [256, 512, 2], [512, 512, 1]] as const) {
      y = block(y, cin, cout, stride);
    }
    return torch.linear(torch.flatten(torch.adaptive_avg_pool2d(y, [1, 1]), 1), p(1000, 512), p(1000));
  },
  divisible: (x: Tensor) => x.reshape(-1, 2, 8).sum(1),
  concat: (x: Tensor, y: Tensor) => torch.cat([x, y], 0).relu(),
  reshapeProduct(x: Tensor): Tensor {
    const [b, t, c] = x.shape as [SymInt, Size, Size];
    return x.reshape(b.mul(t), c).softmax(-1).reshape(b, t, c);
  },
  addTwo: (x: Tensor, y: Tensor) => x.add(y),
  sliceAdd: (x: Tensor, y: Tensor) => x.at("1:").add(y),
  viewSpecialize: (x: Tensor) => x.view(4, -1),
};

/** Fake inputs: "L['x'].size()[0]"-style sources become symbols; numbers stay static. */
function fakeInputs(env: ShapeEnv, specs: (number | string | ((sym: (src: string, hint: number) => Size) => Size))[][], hints: number[][], dtype = torch.float32): Tensor[] {
  const made = new Map<string, Size>();
  const sym = (src: string, hint: number) => {
    if (!made.has(src)) made.set(src, SymInt.of(env, env.createSymbol(src, hint)));
    return made.get(src)!;
  };
  return specs.map((spec, i) =>
    Tensor.fake(spec.map((d, j) => (typeof d === "number" ? d : typeof d === "string" ? sym(d, hints[i]![j]!) : d(sym))), dtype));
}

function run(name: string, model: (...xs: Tensor[]) => unknown, specs: Parameters<typeof fakeInputs>[1]) {
  const c = cases[name]!;
  const env = new ShapeEnv();
  try {
    const xs = fakeInputs(env, specs, c.inputs, name.includes("tinygpt") ? torch.int64 : torch.float32);
    let calls: string[] = [];
    let error: unknown;
    try {
      calls = trace(() => model(...xs));
    } catch (e) {
      error = e;
    }
    return { calls, error, guards: env.guards.map((g) => env.printGuard(g.expr)) };
  } finally {
    env.free();
  }
}

const X = (i: number) => `L['x'].size()[${i}]`;
const Y = (i: number) => `L['y'].size()[${i}]`;

describe("meta functions reproduce PyTorch's symbolic shapes", () => {
  it.each([
    ["zoo/cnn_dynamic_hw_fixed", models.cnn, [[X(0), 3, (s: any) => (s("_h", 8) as SymInt).mul(2), (s: any) => (s("_w", 8) as SymInt).mul(2)]]],
    ["zoo/tinygpt_dynamic", models.tinygpt, [["L['idx'].size()[0]", "L['idx'].size()[1]"]]],
    ["zoo/divisible_reshape", models.divisible, [[X(0), 16]]],
    ["big/resnet18_dynamic_batch", models.resnet18, [[X(0), 3, 64, 64]]],
    ["zoo/concat_two_dims", models.concat, [[X(0), 4], [Y(0), 4]]],
    ["zoo/reshape_symbolic_product", models.reshapeProduct, [[X(0), X(1), 8]]],
    ["shapes/broadcast_unspecified", models.addTwo, [[X(0), 3], [1, 3]]],
    ["shapes/derived_dim_ok", models.sliceAdd, [[(s: any) => (s(Y(0), 4) as SymInt).add(1), 3], [(s: any) => s(Y(0), 4), 3]]],
    ["shapes/derived_dim_2x", models.concat, [[X(0), 3], [(s: any) => (s(X(0), 4) as SymInt).mul(2), 3]]],
  ] as const)("%s: every node's shape", (name, model, specs) => {
    const r = run(name, model as (...xs: Tensor[]) => unknown, specs as never);
    expect(r.error).toBeUndefined();
    const want = printedCalls(cases[name]!.printed!);
    expect(want.length).toBeGreaterThan(0);
    expect(r.calls).toEqual(want);
  });

  it.each([
    ["zoo/cnn_dynamic_hw", models.cnn, [[X(0), 3, X(2), X(3)]], "(((-2) + L['x'].size()[2]) % 2) == 0"],
    ["shapes/equal_dims_error", models.addTwo, [[X(0), 3], [Y(0), 3]], "L['x'].size()[0] == L['y'].size()[0]"],
    ["shapes/derived_dim_error", models.sliceAdd, [[X(0), 3], [Y(0), 3]], "((-1) + L['x'].size()[0]) == L['y'].size()[0]"],
    ["shapes/view_specialization_error", models.viewSpecialize, [[X(0), 6]], "L['x'].size()[0] == 4"],
  ] as const)("%s: records the guard export reports", (name, model, specs, guard) => {
    const c = cases[name]!;
    expect(c.ok).toBe(false);
    const r = run(name, model as (...xs: Tensor[]) => unknown, specs as never);
    expect(r.guards).toContain(guard);
    // The guard is what PyTorch's error is about.
    const err = c.error!;
    if (name === "zoo/cnn_dynamic_hw") expect(err).toContain(guard);
    if (name === "shapes/view_specialization_error") expect(err).toContain("specialized it to be a constant (4)");
    if (name === "shapes/equal_dims_error") expect(err).toContain("must always be equal");
    if (name === "shapes/derived_dim_error") expect(err).toContain("dx = dy + 1");
  });
});
