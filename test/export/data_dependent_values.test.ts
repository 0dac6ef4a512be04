// Data-dependent values under export (tolist, item, torch.tensor of symbolic data, constants),
// against PyTorch's graphs (torch-oracle runs of the same models, non-strict export).
import { describe, expect, it } from "vitest";
import { torch, nn, type Tensor } from "../../src/index.js";

const code = (ep: { graph_module: { code: string } }) => ep.graph_module.code.trim();

describe("data-dependent values", () => {
  it("tolist() of a 2-d tensor: unbind per row, then item() per element", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return x.tolist();
      }
    }
    const ep = torch.export.export(new M(), [torch.ones([2, 2], { dtype: torch.int })]);
    expect(code(ep)).toBe(`def forward(self, x):
    unbind = torch.ops.aten.unbind.int(x);  x = None
    getitem = unbind[0]
    getitem_1 = unbind[1];  unbind = None
    unbind_1 = torch.ops.aten.unbind.int(getitem);  getitem = None
    getitem_2 = unbind_1[0]
    getitem_3 = unbind_1[1];  unbind_1 = None
    item = torch.ops.aten.item.default(getitem_2);  getitem_2 = None
    item_1 = torch.ops.aten.item.default(getitem_3);  getitem_3 = None
    unbind_2 = torch.ops.aten.unbind.int(getitem_1);  getitem_1 = None
    getitem_4 = unbind_2[0]
    getitem_5 = unbind_2[1];  unbind_2 = None
    item_2 = torch.ops.aten.item.default(getitem_4);  getitem_4 = None
    item_3 = torch.ops.aten.item.default(getitem_5);  getitem_5 = None
    return (item, item_1, item_2, item_3)`);
    expect((ep.module() as unknown as (x: Tensor) => unknown)(torch.tensor([[1, 2], [3, 4]]))).toEqual([[1, 2], [3, 4]]);
  });

  it("item() of a small torch.tensor constant is its value; a 2-element constant's sum is not a constant", () => {
    class M extends nn.Module {
      override forward(y: Tensor) {
        const a = torch.tensor(5).item() as number;
        const b = torch.tensor(5.0).item() as number;
        const c = torch.tensor([1, 2]).sum().item();
        const d = torch.tensor(3).add(1).item() as number;
        return y.mul(a * b).add(c as never).add(d);
      }
    }
    const ep = torch.export.export(new M(), [torch.ones(3)]);
    const text = code(ep);
    expect(text).toContain("torch.ops.aten.mul.Tensor(y, 25)");
    expect(text).toContain("add_2 = torch.ops.aten.add.Tensor(add_1, 4)");
    expect(text.match(/torch\.ops\.aten\.item\.default/g)?.length).toBe(1);
    expect(ep.toString()).toContain("Range constraints: {u0: VR[-int_oo, int_oo]}");
  });

  it("item() twice on one tensor is one symbol (item_memo), a fresh one after a write", () => {
    class Bar extends nn.Module {
      override forward(y: Tensor) {
        const a = y.item() as unknown as Tensor;
        const b = y.item() as unknown as Tensor;
        y.add_(1);
        const c = y.item() as unknown as Tensor;
        return [a, b, c];
      }
    }
    const ep = torch.export.export(new Bar(), [torch.tensor(6)]);
    expect(ep.toString()).toContain("Range constraints: {u0: VR[-int_oo, int_oo], u1: VR[-int_oo, int_oo]}");
    expect(code(ep).match(/torch\.ops\.aten\.item\.default/g)?.length).toBe(2);
  });

  it("torch.tensor of item() values is scalar_tensor + stack (torch._refs.tensor), float ones zuf0", () => {
    class Foo extends nn.Module {
      override forward(u: Tensor, f: Tensor, b: Tensor) {
        return [torch.tensor([u.item()] as never), torch.tensor([f.item()] as never), torch.tensor([b.item()] as never)];
      }
    }
    const inputs = [torch.tensor([3]), torch.tensor([3.5]), torch.tensor([true])];
    const ep = torch.export.export(new Foo(), inputs);
    const text = ep.toString();
    expect(text).toContain(`item_1: "Sym(zuf0)" = torch.ops.aten.item.default(f)`);
    expect(text).toContain("scalar_tensor_1: \"f32[]\" = torch.ops.aten.scalar_tensor.default(item_1, dtype = torch.float32");
    expect(text).toContain(`item_2: "Sym(Eq(u1, 1))" = torch.ops.aten.item.default(b)`);
    expect(text).toContain("Range constraints: {u0: VR[-int_oo, int_oo], zuf0: VR[-oo, oo], u1: VR[0, 1]}");
    const out = (ep.module() as unknown as (...a: Tensor[]) => Tensor[])(torch.tensor([5]), torch.tensor([-1.5]), torch.tensor([false]));
    expect(out.map((t) => t.tolist())).toEqual([[5], [-1.5], [false]]);
  });

  it("item()/tolist() of a tensor the model captured are its values (no item nodes)", () => {
    const cap = torch.tensor([2, 3]);
    const one = torch.tensor(4);
    class M extends nn.Module {
      override forward(x: Tensor) {
        const l = cap.tolist() as number[];
        const k = one.item() as number;
        return x.add(l[1]!).add(k).add(cap);
      }
    }
    const text = code(torch.export.export(new M(), [torch.ones(2)]));
    expect(text).toContain("add = torch.ops.aten.add.Tensor(x, 3)");
    expect(text).toContain("add_1 = torch.ops.aten.add.Tensor(add, 4)");
    expect(text).not.toContain("item");
  });

  it("is_nonzero raises PyTorch's ambiguity errors and is never traced itself", () => {
    const isNonzero = torch.ops.aten.is_nonzero as unknown as (x: Tensor) => boolean;
    expect(() => isNonzero(torch.ones(2))).toThrow("Boolean value of Tensor with more than one value is ambiguous");
    expect(() => isNonzero(torch.ones(0))).toThrow("Boolean value of Tensor with no values is ambiguous");
    expect(isNonzero(torch.tensor([0.5]))).toBe(true);
    expect(isNonzero(torch.tensor(0))).toBe(false);
  });
});
