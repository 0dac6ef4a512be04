// Ports of the random-DAG unflatten tests of pytorch/pytorch test/export/test_export.py (commit in
// docs/pytorch-tests.md): each class's forward lines are copied from the Python test (see random_dag.ts).
import { describe, expect } from "vitest";
import { torch as torchTyped } from "../../src/index.js";
import { port, fails, allclose } from "./harness.js";
import { dagModel } from "./random_dag.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
const torch: any = torchTyped;

function run(make: () => any, mutatingNew: boolean, fqns?: string[]): void {
  const inp = [torch.ones(1)];
  // The tests without preserved signatures export n0 itself; the others export a fresh N0().
  const n0 = make();
  const eager = n0(...inp);
  const ep = torch.export.export(mutatingNew ? make() : n0, inp, fqns === undefined ? {} : { preserve_module_call_signature: fqns });
  const epm = ep.module();
  const ufm = torch.export.unflatten(ep);
  expect(allclose(epm(...inp), eager)).toBe(true);
  expect(allclose(ufm(...inp), eager)).toBe(true);
}

describe("test_export.py TestExport random DAGs", () => {
  port("test_unflatten_random_dag_5", () =>
    run(
      dagModel([
    { state: null, body: ["x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3(x + 1)", "return x + 1"] },
    { state: null, body: ["x = self.n2(x + 1)", "x = self.n2.n3.n4(x + 1)", "return x + 1"] },
    { state: null, body: ["x = self.n3.n4(x + 1)", "return x + 1"] },
    { state: null, body: ["return x + 1"] },
    { state: null, body: ["return x + 1"] },
      ]),
      false,
    ),
  );
  port("test_unflatten_random_dag_6", () =>
    run(
      dagModel([
    { state: null, body: ["x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3.n4(x + 1)", "x = self.n1.n2.n3.n4.n5(x + 1)", "return x + 1"] },
    { state: null, body: ["x = self.n2.n3(x + 1)", "x = self.n2.n3.n4.n5(x + 1)", "return x + 1"] },
    { state: null, body: ["x = self.n3.n4(x + 1)", "x = self.n3.n4.n5(x + 1)", "return x + 1"] },
    { state: null, body: ["return x + 1"] },
    { state: null, body: ["x = self.n5(x + 1)", "return x + 1"] },
    { state: null, body: ["return x + 1"] },
      ]),
      false,
    ),
  );
  port("test_unflatten_random_dag_buf_8", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.n2.buf", "x = x + self.n1.n2.n3.n4.buf", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3.n4(x + 1)", "x = self.n1.n2.n3.n4.n5.n6.n7(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.n3.n4.n5.buf", "x = x + self.n2.n3.n4.n5.n6.n7.buf", "x = self.n2(x + 1)", "x = self.n2.n3.n4(x + 1)", "x = self.n2.n3.n4.n5(x + 1)", "x = self.n2.n3.n4.n5.n6.n7(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.n4.n5.n6.n7.buf", "x = self.n3(x + 1)", "x = self.n3.n4(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n4.buf", "x = x + self.n4.n5.n6.n7.buf", "x = self.n4(x + 1)", "x = self.n4.n5.n6(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n5.buf", "x = self.n5(x + 1)", "x = self.n5.n6(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n6.n7.buf", "x = self.n6(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = self.n7(x + 1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      false,
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_4", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.buf", "x = x + self.n1.n2.n3.buf", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3(x + 1)", "self.n1.buf.add_(1)", "self.n1.n2.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.n3.buf", "x = self.n2(x + 1)", "x = self.n2.n3(x + 1)", "self.n2.n3.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.buf", "x = self.n3(x + 1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true,
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_6", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.n2.buf", "x = x + self.n1.n2.n3.buf", "x = x + self.n1.n2.n3.n4.buf", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3(x + 1)", "x = self.n1.n2.n3.n4(x + 1)", "x = self.n1.n2.n3.n4.n5(x + 1)", "self.n1.n2.buf.add_(1)", "self.n1.n2.n3.n4.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.n3.n4.buf", "x = self.n2.n3(x + 1)", "x = self.n2.n3.n4(x + 1)", "x = self.n2.n3.n4.n5(x + 1)", "self.n2.buf.add_(1)", "self.n2.n3.buf.add_(1)", "self.n2.n3.n4.n5.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.buf", "x = x + self.n3.n4.n5.buf", "x = self.n3(x + 1)", "x = self.n3.n4(x + 1)", "x = self.n3.n4.n5(x + 1)", "self.n3.n4.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n4.buf", "x = self.n4(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n5.buf", "self.n5.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true,
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_9", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.buf", "x = x + self.n1.n2.n3.n4.buf", "x = x + self.n1.n2.n3.n4.n5.n6.n7.buf", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3(x + 1)", "x = self.n1.n2.n3.n4(x + 1)", "x = self.n1.n2.n3.n4.n5.n6.n7(x + 1)", "self.n1.n2.n3.buf.add_(1)", "self.n1.n2.n3.n4.n5.n6.buf.add_(1)", "self.n1.n2.n3.n4.n5.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.n3.buf", "x = x + self.n2.n3.n4.n5.buf", "x = x + self.n2.n3.n4.n5.n6.buf", "x = x + self.n2.n3.n4.n5.n6.n7.n8.buf", "x = self.n2(x + 1)", "x = self.n2.n3.n4(x + 1)", "self.n2.buf.add_(1)", "self.n2.n3.n4.n5.n6.buf.add_(1)", "self.n2.n3.n4.n5.n6.n7.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.n4.n5.n6.buf", "x = x + self.n3.n4.n5.n6.n7.buf", "x = self.n3(x + 1)", "x = self.n3.n4(x + 1)", "x = self.n3.n4.n5(x + 1)", "x = self.n3.n4.n5.n6.n7.n8(x + 1)", "self.n3.n4.buf.add_(1)", "self.n3.n4.n5.buf.add_(1)", "self.n3.n4.n5.n6.buf.add_(1)", "self.n3.n4.n5.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n4.buf", "x = x + self.n4.n5.n6.n7.buf", "x = x + self.n4.n5.n6.n7.n8.buf", "x = self.n4(x + 1)", "x = self.n4.n5.n6(x + 1)", "self.n4.n5.n6.n7.buf.add_(1)", "self.n4.n5.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n5.buf", "x = x + self.n5.n6.buf", "x = self.n5(x + 1)", "x = self.n5.n6.n7(x + 1)", "x = self.n5.n6.n7.n8(x + 1)", "self.n5.n6.n7.buf.add_(1)", "self.n5.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n6.n7.buf", "x = self.n6.n7(x + 1)", "self.n6.buf.add_(1)", "self.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n7.buf", "x = x + self.n7.n8.buf", "x = self.n7.n8(x + 1)", "self.n7.buf.add_(1)", "self.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = self.n8(x + 1)", "self.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true,
    ),
  );
  port("test_unflatten_random_dag_preserving_4", () =>
    run(
      dagModel([
    { state: null, body: ["x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3(x + 1)", "return x + 1"] },
    { state: null, body: ["x = self.n2(x + 1)", "return x + 1"] },
    { state: null, body: ["return x + 1"] },
    { state: null, body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2", "n1.n2.n3"],
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_preserving_4", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.n2.buf", "x = x + self.n1.n2.n3.buf", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.buf", "x = self.n2(x + 1)", "self.n2.n3.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.buf", "x = self.n3(x + 1)", "self.n3.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2", "n1.n2.n3"],
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_preserving_4_1", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.n2.buf", "x = self.n1(x + 1)", "self.n1.n2.buf.add_(1)", "self.n1.n2.n3.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.n3.buf", "x = self.n2.n3(x + 1)", "self.n2.n3.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.buf", "self.n3.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2", "n1.n2.n3"],
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_preserving_5", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.buf", "x = x + self.n1.n2.buf", "x = x + self.n1.n2.n3.buf", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "self.n1.n2.n3.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.n3.buf", "x = x + self.n2.n3.n4.buf", "x = self.n2(x + 1)", "x = self.n2.n3(x + 1)", "self.n2.n3.n4.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.buf", "x = x + self.n3.n4.buf", "x = self.n3(x + 1)", "x = self.n3.n4(x + 1)", "self.n3.buf.add_(1)", "self.n3.n4.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n4.buf", "self.n4.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2", "n1.n2.n3", "n1.n2.n3.n4"],
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_preserving_7", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.n2.n3.buf", "x = x + self.n1.n2.n3.n4.buf", "x = x + self.n1.n2.n3.n4.n5.buf", "x = x + self.n1.n2.n3.n4.n5.n6.buf", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3(x + 1)", "x = self.n1.n2.n3.n4(x + 1)", "x = self.n1.n2.n3.n4.n5(x + 1)", "x = self.n1.n2.n3.n4.n5.n6(x + 1)", "self.n1.n2.buf.add_(1)", "self.n1.n2.n3.n4.buf.add_(1)", "self.n1.n2.n3.n4.n5.buf.add_(1)", "self.n1.n2.n3.n4.n5.n6.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.buf", "x = x + self.n2.n3.buf", "x = x + self.n2.n3.n4.buf", "x = x + self.n2.n3.n4.n5.buf", "x = x + self.n2.n3.n4.n5.n6.buf", "x = self.n2(x + 1)", "x = self.n2.n3(x + 1)", "x = self.n2.n3.n4(x + 1)", "self.n2.n3.buf.add_(1)", "self.n2.n3.n4.buf.add_(1)", "self.n2.n3.n4.n5.n6.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.buf", "x = x + self.n3.n4.buf", "x = x + self.n3.n4.n5.buf", "x = self.n3.n4(x + 1)", "x = self.n3.n4.n5(x + 1)", "x = self.n3.n4.n5.n6(x + 1)", "self.n3.n4.n5.n6.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n4.n5.buf", "x = x + self.n4.n5.n6.buf", "x = self.n4(x + 1)", "x = self.n4.n5(x + 1)", "x = self.n4.n5.n6(x + 1)", "self.n4.n5.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n5.n6.buf", "x = self.n5(x + 1)", "x = self.n5.n6(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n6.buf", "x = self.n6(x + 1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2", "n1.n2.n3", "n1.n2.n3.n4", "n1.n2.n3.n4.n5", "n1.n2.n3.n4.n5.n6"],
    ),
  );
  port("test_unflatten_random_dag_mutating_buf_preserving_10", () =>
    run(
      dagModel([
    { state: "buf", body: ["x = x + self.n1.n2.buf", "x = x + self.n1.n2.n3.buf", "x = x + self.n1.n2.n3.n4.n5.buf", "x = x + self.n1.n2.n3.n4.n5.n6.buf", "x = x + self.n1.n2.n3.n4.n5.n6.n7.buf", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "x = self.n1.n2.n3.n4(x + 1)", "x = self.n1.n2.n3.n4.n5.n6.n7(x + 1)", "x = self.n1.n2.n3.n4.n5.n6.n7.n8(x + 1)", "x = self.n1.n2.n3.n4.n5.n6.n7.n8.n9(x + 1)", "self.n1.n2.n3.buf.add_(1)", "self.n1.n2.n3.n4.n5.n6.n7.n8.buf.add_(1)", "self.n1.n2.n3.n4.n5.n6.n7.n8.n9.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n2.buf", "x = x + self.n2.n3.buf", "x = x + self.n2.n3.n4.n5.n6.buf", "x = x + self.n2.n3.n4.n5.n6.n7.n8.buf", "x = self.n2(x + 1)", "x = self.n2.n3(x + 1)", "x = self.n2.n3.n4(x + 1)", "x = self.n2.n3.n4.n5(x + 1)", "x = self.n2.n3.n4.n5.n6(x + 1)", "x = self.n2.n3.n4.n5.n6.n7(x + 1)", "self.n2.buf.add_(1)", "self.n2.n3.n4.n5.n6.n7.n8.buf.add_(1)", "self.n2.n3.n4.n5.n6.n7.n8.n9.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n3.buf", "x = x + self.n3.n4.buf", "x = x + self.n3.n4.n5.n6.n7.n8.buf", "x = self.n3(x + 1)", "x = self.n3.n4(x + 1)", "x = self.n3.n4.n5(x + 1)", "x = self.n3.n4.n5.n6(x + 1)", "x = self.n3.n4.n5.n6.n7.n8(x + 1)", "x = self.n3.n4.n5.n6.n7.n8.n9(x + 1)", "self.n3.buf.add_(1)", "self.n3.n4.buf.add_(1)", "self.n3.n4.n5.buf.add_(1)", "self.n3.n4.n5.n6.buf.add_(1)", "self.n3.n4.n5.n6.n7.buf.add_(1)", "self.n3.n4.n5.n6.n7.n8.n9.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n4.buf", "x = x + self.n4.n5.n6.buf", "x = x + self.n4.n5.n6.n7.buf", "x = x + self.n4.n5.n6.n7.n8.n9.buf", "x = self.n4(x + 1)", "x = self.n4.n5(x + 1)", "x = self.n4.n5.n6(x + 1)", "x = self.n4.n5.n6.n7.n8(x + 1)", "x = self.n4.n5.n6.n7.n8.n9(x + 1)", "self.n4.n5.n6.buf.add_(1)", "self.n4.n5.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n5.n6.buf", "x = x + self.n5.n6.n7.n8.buf", "x = x + self.n5.n6.n7.n8.n9.buf", "x = self.n5(x + 1)", "x = self.n5.n6(x + 1)", "x = self.n5.n6.n7.n8(x + 1)", "x = self.n5.n6.n7.n8.n9(x + 1)", "self.n5.buf.add_(1)", "self.n5.n6.buf.add_(1)", "self.n5.n6.n7.buf.add_(1)", "self.n5.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n6.buf", "x = x + self.n6.n7.buf", "x = x + self.n6.n7.n8.buf", "x = self.n6(x + 1)", "x = self.n6.n7.n8.n9(x + 1)", "self.n6.n7.buf.add_(1)", "self.n6.n7.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n7.n8.buf", "x = self.n7(x + 1)", "x = self.n7.n8.n9(x + 1)", "return x + 1"] },
    { state: "buf", body: ["x = self.n8(x + 1)", "x = self.n8.n9(x + 1)", "self.n8.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["x = x + self.n9.buf", "self.n9.buf.add_(1)", "return x + 1"] },
    { state: "buf", body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2", "n1.n2.n3", "n1.n2.n3.n4", "n1.n2.n3.n4.n5", "n1.n2.n3.n4.n5.n6", "n1.n2.n3.n4.n5.n6.n7", "n1.n2.n3.n4.n5.n6.n7.n8", "n1.n2.n3.n4.n5.n6.n7.n8.n9"],
    ),
  );
  port("test_unflatten_random_dag_const_preserving_3", () =>
    run(
      dagModel([
    { state: "const", body: ["x = x + self.n1.n2.const", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "return x + 1"] },
    { state: "const", body: ["x = x + self.n2.const", "x = self.n2(x + 1)", "return x + 1"] },
    { state: "const", body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2"],
    ),
  );
  port("test_unflatten_random_dag_const_preserving_3_1", () =>
    run(
      dagModel([
    { state: "const", body: ["x = x + self.n1.const", "x = self.n1(x + 1)", "x = self.n1.n2(x + 1)", "return x + 1"] },
    { state: "const", body: ["x = x + self.n2.const", "x = self.n2(x + 1)", "return x + 1"] },
    { state: "const", body: ["return x + 1"] },
      ]),
      true, ["n1", "n1.n2"],
    ),
  );
});
