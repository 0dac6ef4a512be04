// Not part of CI: prepares the check that PyTorch 2.11 itself opens what pt2js writes. Exports the
// ported reference models (zoo, shapes, ExportDB), their run_decompositions() programs and a
// prefer_deferred_runtime_asserts_over_guards export, saves each with torch.export.save, and writes
// DIR/manifest.json: per archive, the inputs, pt2js's outputs (ep.module()) and pt2js's printed
// program. tools/torch-check/check.py then loads every archive with torch.export.load and compares.
//
//   npx tsx tools/torch-check/prepare.ts [DIR=build/torch-check]
//   python3 tools/torch-check/check.py DIR        (where PyTorch 2.11 is: the device machine)
//
// With the torch-oracle (PyTorch 2.6 in a chroot on this machine), prepare inside its work folder:
//   npx tsx tools/torch-check/prepare.ts /opt/torch-oracle/oracle-work/torch-check
//   ../shared/tools/torch-oracle/run.sh tools/torch-check/check.py /oracle-work/torch-check
//
// On the device machine (no Node there): prepare here, then
//   run(command="python3 tools/torch-check/check.py build/torch-check", carry=["build/torch-check"]).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init } from "../../src/core/loader.js";

await init(readFileSync(new URL("../../build/core.wasm", import.meta.url)));
const { save } = await import("../../src/program/save_load.js");
const { exportModule } = await import("../../src/export/export.js");
const { EXPORT_CASES, exportCase, caseInputs } = await import("../../test/serde_program/exports.js");
const { EXPORTDB_CASES } = await import("../../test/models/exportdb/index.js");
const { inputsOf, loadFixtures } = await import("../../test/conformance/runner.js");
const { MLP } = await import("../../test/models/index.js");
const { Tensor } = await import("../../src/tensor/tensor.js");
const { randn } = await import("../../src/tensor/factories.js");
const { Dim } = await import("../../src/export/dim.js");
const { tree_leaves } = await import("../../src/pytree/index.js");
type EP = ReturnType<typeof exportCase>;
type T = InstanceType<typeof Tensor>;

const dir = process.argv[2] ?? "build/torch-check";
mkdirSync(dir, { recursive: true });
const manifest: unknown[] = [];

/** `args` null: the program takes keyword arguments, which check.py does not pass; it is only loaded. */
function add(name: string, ep: EP, args: unknown[] | null): void {
  const file = `${name.replace(/\//g, "__")}.pt2`;
  writeFileSync(join(dir, file), save(ep));
  const runnable = args !== null && args.every((a) => a instanceof Tensor);
  // Recorded before running: a program may write to its inputs (user_input_mutation).
  const inputs = runnable ? (args as T[]).map((t) => ({ dtype: t.dtype.name, shape: t.shape, data: Array.from(t.contiguous()._values(), Number) })) : null;
  let outputs: number[][] | null = null;
  let error: string | null = null;
  if (runnable) {
    try {
      const out = (ep.module() as unknown as (...a: unknown[]) => unknown)(...args!);
      outputs = tree_leaves(out).map((t) => (t instanceof Tensor ? Array.from((t as T).contiguous()._values(), Number) : [Number(t)]));
    } catch (e) {
      error = `${(e as Error).constructor.name}: ${(e as Error).message.split("\n")[0]}`;
    }
  }
  manifest.push({
    name,
    archive: file,
    inputs,
    outputs,
    error,
    printed: ep.toString(),
  });
}

for (const name of EXPORT_CASES) {
  const { args, kwargs } = caseInputs(name);
  const ep = exportCase(name);
  add(name, ep, kwargs === undefined ? args : null);
  if (name === "zoo/mlp_dynamic_batch" || name === "zoo/cnn_eval_dynamic_batch" || name === "zoo/cnn_train_buffer_mutation") {
    add(`${name}.decomposed`, ep.run_decompositions(), kwargs === undefined ? args : null);
  }
}
const edb = loadFixtures("exportdb");
for (const [name, c] of Object.entries(EXPORTDB_CASES)) {
  if (!edb[name]?.ok) continue;
  const call = c.call();
  const leaves = inputsOf(edb[name]!);
  const built = call.inputs ? call.inputs(leaves) : { args: leaves };
  const { args, kwargs, dynamic_shapes } = built as { args: unknown[]; kwargs?: Record<string, unknown>; dynamic_shapes?: unknown };
  const options = { ...call, kwargs, dynamic_shapes: dynamic_shapes ?? call.dynamic_shapes };
  delete (options as { inputs?: unknown }).inputs;
  add(`exportdb/${name}`, exportModule(c.make() as never, args, options as never), kwargs === undefined || Object.keys(kwargs).length === 0 ? args : null);
}
const x = randn(8, 16);
add(
  "extra/mlp_prefer_deferred",
  exportModule(new MLP() as never, [x], { dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 1024 }) } }, prefer_deferred_runtime_asserts_over_guards: true }),
  [randn(3, 16)],
);
writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
console.log(`${manifest.length} archives in ${dir}`);
