// User passes over exported graphs with the FX API: editing ep.module()'s graph (inserting_after,
// replace_all_uses_with, erase_node, recompile) changes what it computes; fx.Interpreter runs a
// GraphModule; fx.Transformer rewrites one.
import { describe, expect, it } from "vitest";
import { torch, nn, fx, type Tensor } from "../../src/index.js";

class AddRelu extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    return x.add(y).relu();
  }
}
const call = (m: unknown, ...a: unknown[]): Tensor => (m as (...x: unknown[]) => Tensor)(...a);
const aten = torch.ops.aten as unknown as Record<string, Record<string, fx.Target & ((...a: unknown[]) => Tensor)>>;

describe("FX passes on exported programs", () => {
  it("OpOverloads are callable and are node.target", () => {
    const x = torch.tensor([1, -2, 3]);
    expect(aten.add!.Tensor!(x, x).tolist()).toEqual([2, -4, 6]);
    expect(aten.add!.Tensor!(x, x, { alpha: 2 }).tolist()).toEqual([3, -6, 9]);
    // A packet picks the overload the arguments bind to (add.Tensor here, add.Scalar is tried after).
    const packets = torch.ops.aten as unknown as Record<string, (...a: unknown[]) => Tensor>;
    expect(packets.add!(x, x).tolist()).toEqual([2, -4, 6]);
    expect(() => packets.add!("not a tensor")).toThrow(/add\(\)/);
    const ep = torch.export.export(new AddRelu(), [torch.randn(3), torch.randn(3)]);
    const add = ep.graph.nodes.find((n) => n.name === "add")!;
    expect(add.target).toBe(aten.add!.Tensor);
  });

  it("an edit of ep.module()'s graph plus recompile() changes the module's code and results", () => {
    const ep = torch.export.export(new AddRelu(), [torch.randn(3), torch.randn(3)]);
    const m = ep.module();
    const g = m.graph;
    const add = g.nodes.find((n) => n.name === "add")!;
    // x + y  ->  (x + y) * 2, inserted after add; then relu reads the product.
    const point = g.inserting_after(add);
    const mul = g.call_function(aten.mul!.Tensor!, [add, 2]);
    point.restore();
    add.replace_all_uses_with(mul, (user) => user !== mul);
    m.recompile();
    expect(m.code).toContain("mul = torch.ops.aten.mul.Tensor(add, 2);  add = None");
    expect(call(m, torch.tensor([1, -3, 0]), torch.tensor([1, 1, 1])).tolist()).toEqual([4, 0, 2]);
    // Erase the multiplication again: relu reads add directly.
    mul.replace_all_uses_with(add);
    g.erase_node(mul);
    m.recompile();
    expect(m.code).not.toContain("mul");
    expect(call(m, torch.tensor([1, -3, 0]), torch.tensor([1, 1, 1])).tolist()).toEqual([2, 0, 1]);
  });

  it("fx.Interpreter runs a graph module; an override sees each call", () => {
    const ep = torch.export.export(new AddRelu(), [torch.randn(3), torch.randn(3)]);
    const seen: string[] = [];
    class Tracing extends fx.Interpreter {
      override call_function(target: fx.Target, args: unknown[], kwargs: Record<string, unknown>): unknown {
        seen.push(String(target));
        return super.call_function(target, args, kwargs);
      }
    }
    const out = new Tracing(ep.graph_module).run(torch.tensor([1, -3]), torch.tensor([1, 1])) as { items: Tensor[] };
    expect(out.items[0]!.tolist()).toEqual([2, 0]);
    expect(seen).toEqual(["aten.add.Tensor", "aten.relu.default"]);
  });

  it("fx.Transformer rewrites add into mul", () => {
    const ep = torch.export.export(new AddRelu(), [torch.randn(3), torch.randn(3)]);
    class AddToMul extends fx.Transformer {
      override call_function(target: fx.Target, args: unknown[], kwargs: Record<string, unknown>): unknown {
        return super.call_function(target === aten.add!.Tensor ? aten.mul!.Tensor! : target, args, kwargs);
      }
    }
    const gm = new AddToMul(ep.graph_module).transform();
    expect(gm.code.trim()).toBe(
      "def forward(self, x, y):\n" +
        "    mul = torch.ops.aten.mul.Tensor(x, y);  x = y = None\n" +
        "    relu = torch.ops.aten.relu.default(mul);  mul = None\n" +
        "    return (relu,)",
    );
    const out = new fx.Interpreter(gm).run(torch.tensor([2, -3]), torch.tensor([3, 1])) as { items: Tensor[] };
    expect(out.items[0]!.tolist()).toEqual([6, 0]);
  });

  it("gm.code is plain; print_readable keeps annotations", () => {
    const ep = torch.export.export(new AddRelu(), [torch.randn(3), torch.randn(3)]);
    expect(ep.graph_module.code).toBe(
      "\n\n\ndef forward(self, x, y):\n    add = torch.ops.aten.add.Tensor(x, y);  x = y = None\n    relu = torch.ops.aten.relu.default(add);  add = None\n    return (relu,)\n    ",
    );
    expect(ep.graph_module.print_readable()).toContain('add: "f32[3]" = torch.ops.aten.add.Tensor(x, y);  x = y = None');
    expect(ep.module().print_readable()).toContain('x: "f32[3]"; y: "f32[3]"; ');
    expect(ep.module().code).toContain("x, y, = fx_pytree.tree_flatten_spec(([x, y], {}), self._in_spec)");
  });
});
