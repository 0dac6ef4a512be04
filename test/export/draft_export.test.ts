// torch.export.draft_export against PyTorch 2.11's draft/ reference: the program, and the report.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { draftExport } from "../../src/export/draft_export.js";
import { exportModule } from "../../src/export/export.js";
import { GuardOnDataDependentSymNode } from "../../src/export/errors.js";
import { tensor } from "../../src/tensor/factories.js";
import { float32 } from "../../src/tensor/dtype.js";
import { DataDepBranch, NonZero } from "../models/index.js";
import { inputsOf, loadFixtures, withoutComments } from "../conformance/runner.js";

const draft = (name: string): { printed: string; report: string } =>
  JSON.parse(readFileSync(new URL(`../fixtures/torch-2.11/draft/${name}.json`, import.meta.url), "utf8"));
const zoo = loadFixtures("zoo");

describe("draft_export", () => {
  it("nonzero: the same program as export, and the all-clear report", () => {
    const ref = draft("nonzero");
    const ep = draftExport(new NonZero() as never, inputsOf(zoo.nonzero_unbacked!));
    expect(withoutComments(ep.toString())).toBe(withoutComments(ref.printed));
    expect(ep._report.toString()).toBe(ref.report);
    expect(ep._report.successful()).toBe(true);
  });

  it("data_dependent_branch: specializes the branch to the real value and reports it", () => {
    const ref = draft("data_dependent_branch");
    const x = tensor([0.5, -0.25, 1], { dtype: float32 }); // x.sum() > 0: the `x + 1` branch
    expect(() => exportModule(new DataDepBranch() as never, [x])).toThrow(GuardOnDataDependentSymNode);
    const ep = draftExport(new DataDepBranch() as never, [x]);
    expect(withoutComments(ep.toString())).toBe(withoutComments(ref.printed));
    expect(ep._report.successful()).toBe(false);
    expect(ep._report.failures).toMatchObject([{ kind: "DATA_DEPENDENT_ERROR", expr: "Eq(u0, 1)", value: 1, count: 1 }]);
    // PyTorch's text but for what JavaScript cannot give: the source line (pt2js names the
    // TypeScript file and line), the frame's locals and the framework stack.
    const ours = ep._report.toString();
    const theirs = ref.report
      .replace(/            if x\.sum\(\) > 0:\n        \n        Locals:\n            x: \[.*\]\n\n    And the following framework stacktrace: \n            return func\(\*args, \*\*kwargs\)\n/, "WHERE\n");
    expect(ours.replace(/          File "models\/data_dep_branch\.ts", line \d+, in forward\n            \.\.\.\n/, "WHERE\n")).toBe(theirs);
    // The program runs the branch it was specialized to.
    const m = ep.module() as unknown as (t: typeof x) => typeof x;
    expect(Array.from(m(x)._values())).toEqual([1.5, 0.75, 2]);
  });
});
