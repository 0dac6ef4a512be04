// nn.Module: callable instances, registration by assignment, traversal order, state dicts, modes,
// hooks — with PyTorch's orders and error messages.
import { describe, expect, it } from "vitest";
import { torch, nn, F } from "../../src/torch.js";
import { Tensor } from "../../src/tensor/index.js";
import { setModuleCallHook, moduleCallStack, moduleTypeName, swap_tensor, _reparametrize_module, type Module } from "../../src/nn/index.js";

class MLP extends nn.Module {
  fc1 = new nn.Linear(4, 8);
  fc2 = new nn.Linear(8, 2);
  override forward(x: Tensor): Tensor {
    return this.fc2(F.relu(this.fc1(x)));
  }
}

class WithState extends nn.Module {
  declare count: Tensor;
  declare scratch: Tensor;
  lin = new nn.Linear(2, 2);
  offset = torch.ones(2);
  // TypeScript sees Function's name/length on callable modules, hence `override`.
  override name = "state";
  override length = 3;
  constructor() {
    super();
    this.register_buffer("count", torch.zeros(1));
    this.register_buffer("scratch", torch.zeros(2), { persistent: false });
  }
  override forward(x: Tensor): Tensor {
    return this.lin(x).add(this.offset);
  }
}

describe("nn.Module", () => {
  it("is callable and runs forward", () => {
    const m = new MLP();
    expect(typeof m).toBe("function");
    expect(m).toBeInstanceOf(nn.Module);
    expect(m).toBeInstanceOf(MLP);
    const y = m(torch.ones(3, 4));
    expect(y.shape).toEqual([3, 2]);
    expect(Array.from(y._values())).toEqual(Array.from(m.forward(torch.ones(3, 4))._values()));
  });

  it("lets modules have name and length attributes", () => {
    const m = new WithState();
    expect(m.name).toBe("state");
    expect(m.length).toBe(3);
  });

  it("registers parameters, buffers and submodules in definition order", () => {
    const m = new WithState();
    expect([...m.named_parameters()].map(([k]) => k)).toEqual(["lin.weight", "lin.bias"]);
    expect([...m.named_buffers()].map(([k]) => k)).toEqual(["count", "scratch"]);
    expect([...m.named_children()].map(([k]) => k)).toEqual(["lin"]);
    expect([...m.named_modules()].map(([k]) => k)).toEqual(["", "lin"]);
    expect([...m.non_persistent_buffers()]).toEqual(["scratch"]);
    expect([...m.named_tensor_constants()].map(([k]) => k)).toEqual(["offset"]);
    expect(m.lin.weight).toBeInstanceOf(nn.Parameter);
    expect(m.lin.weight.requires_grad).toBe(true);
  });

  it("state_dict lists parameters, then persistent buffers, per module, children after", () => {
    class Outer extends nn.Module {
      declare stat: Tensor;
      inner = new WithState();
      w = new nn.Parameter(torch.zeros(2));
      constructor() {
        super();
        this.register_buffer("stat", torch.zeros(1));
      }
    }
    const m = new Outer();
    expect([...m.state_dict().keys()]).toEqual(["w", "stat", "inner.count", "inner.lin.weight", "inner.lin.bias"]);
    expect(m.state_dict().get("w")).not.toBeInstanceOf(nn.Parameter);
    expect(m.state_dict({ keep_vars: true }).get("w")).toBe(m.w);
    expect([...m.state_dict({ prefix: "model." }).keys()][0]).toBe("model.w");
  });

  it("named_parameters removes duplicates (shared modules) unless asked not to", () => {
    class Tied extends nn.Module {
      a = new nn.Linear(2, 2);
      b = this.a;
    }
    const m = new Tied();
    expect([...m.named_parameters()].map(([k]) => k)).toEqual(["a.weight", "a.bias"]);
    expect([...m.named_parameters("", true, false)].map(([k]) => k)).toEqual(["a.weight", "a.bias", "b.weight", "b.bias"]);
    expect([...m.state_dict().keys()]).toEqual(["a.weight", "a.bias", "b.weight", "b.bias"]);
  });

  it("load_state_dict copies values and reports PyTorch's key errors", () => {
    const src = new MLP();
    const dst = new MLP();
    expect(dst.load_state_dict(src.state_dict())).toEqual({ missing_keys: [], unexpected_keys: [] });
    expect(Array.from(dst.fc1.weight._values())).toEqual(Array.from(src.fc1.weight._values()));
    expect(dst.fc1.weight).not.toBe(src.fc1.weight);

    const sd = src.state_dict();
    sd.delete("fc2.bias");
    sd.set("fc3.weight", torch.zeros(1));
    sd.set("fc1.extra", torch.zeros(1));
    expect(() => dst.load_state_dict(sd)).toThrow(
      'Error(s) in loading state_dict for MLP:\n\tMissing key(s) in state_dict: "fc2.bias". \n\tUnexpected key(s) in state_dict: "fc3.weight", "fc1.extra". ',
    );
    expect(dst.load_state_dict(sd, { strict: false })).toEqual({ missing_keys: ["fc2.bias"], unexpected_keys: [] });

    const bad = src.state_dict();
    bad.set("fc1.weight", torch.zeros(3, 3));
    expect(() => dst.load_state_dict(bad)).toThrow(
      "Error(s) in loading state_dict for MLP:\n\tsize mismatch for fc1.weight: copying a param with shape torch.Size([3, 3]) from checkpoint, the shape in current model is torch.Size([8, 4]).",
    );
  });

  it("load_state_dict accepts a plain object and assign replaces the tensors", () => {
    const src = new MLP();
    const dst = new MLP();
    const obj = Object.fromEntries(src.state_dict());
    dst.load_state_dict(obj, { assign: true });
    expect(dst.fc1.weight).toBeInstanceOf(nn.Parameter);
    expect(dst.fc1.weight._storage).toBe(src.fc1.weight._storage);
  });

  it("train/eval propagate to children; apply visits children first", () => {
    const m = new MLP();
    expect(m.training).toBe(true);
    expect(m.eval()).toBe(m);
    expect([...m.modules()].map((x) => x.training)).toEqual([false, false, false]);
    m.train();
    expect(m.fc2.training).toBe(true);
    const order: string[] = [];
    m.apply((x) => order.push(x.constructor.name));
    expect(order).toEqual(["Linear", "Linear", "MLP"]);
  });

  it("get_submodule / get_parameter / get_buffer with PyTorch's errors", () => {
    const m = new WithState();
    expect(m.get_submodule("lin")).toBe(m.lin);
    expect(m.get_submodule("")).toBe(m);
    expect(m.get_parameter("lin.bias")).toBe(m.lin.bias);
    expect(m.get_buffer("count")).toBe(m.count);
    expect(() => m.get_submodule("nope")).toThrow("WithState has no attribute `nope`");
    expect(() => m.get_submodule("offset")).toThrow("`offset` is not an nn.Module");
    expect(() => m.get_parameter("offset")).toThrow("`offset` is not an nn.Parameter");
  });

  it("checks assignments and names as Module.__setattr__ / register_* do", () => {
    const m = new MLP() as MLP & Record<string, unknown>;
    expect(() => {
      (m.fc1 as unknown as Record<string, unknown>).weight = torch.zeros(8, 4);
    }).toThrow("cannot assign 'torch.Tensor' as parameter 'weight' (torch.nn.Parameter or None expected)");
    expect(() => {
      m.fc1 = 3 as never;
    }).toThrow("cannot assign 'int' as child module 'fc1' (torch.nn.Module or None expected)");
    expect(() => m.register_buffer("a.b", torch.zeros(1))).toThrow('buffer name can\'t contain "."');
    expect(() => m.register_buffer("fc1", torch.zeros(1))).toThrow("attribute 'fc1' already exists");
    expect(() => m.register_parameter("", null)).toThrow('parameter name can\'t be empty string ""');
    expect(() => m.register_parameter("p", torch.zeros(1) as never)).toThrow(
      "cannot assign 'torch.Tensor' object to parameter 'p' (torch.nn.Parameter or None required)",
    );
    expect(() => new nn.Parameter(torch.tensor([1]))).toThrow("Only Tensors of floating point and complex dtype can require gradients");
    expect(new nn.Parameter(torch.tensor([1]), false).dtype.name).toBe("int64");
    expect(() => m.add_module("x.y", new nn.ReLU())).toThrow('module name can\'t contain ".", got: x.y');
    expect(() => new nn.Module()(torch.ones(1))).toThrow('Module [Module] is missing the required "forward" function');
  });

  it("assigning None keeps the slot; delete removes it; a Parameter moves between registries", () => {
    const m = new WithState();
    m.lin.bias = null;
    expect([...m.named_parameters()].map(([k]) => k)).toEqual(["lin.weight"]);
    expect(m.lin._parameters.has("bias")).toBe(true);
    delete (m as unknown as { offset?: Tensor }).offset;
    expect([...m.named_tensor_constants()]).toEqual([]);
    m.count = new nn.Parameter(torch.zeros(1));
    expect([...m.named_buffers()].map(([k]) => k)).toEqual(["scratch"]);
    expect([...m.named_parameters()].map(([k]) => k)).toEqual(["count", "lin.weight"]);
    m.scratch = torch.ones(2);
    expect(m.get_buffer("scratch")).toBe(m.scratch);
  });

  it("qualified type names for nn_module_stack", () => {
    const m = new MLP();
    expect(moduleTypeName(m)).toBe("__main__.MLP");
    expect(m.__module_type__).toBe("__main__.MLP");
    expect(moduleTypeName(m.fc1)).toBe("torch.nn.modules.linear.Linear");
    class MyLinear extends nn.Linear {}
    expect(moduleTypeName(new MyLinear(1, 1))).toBe("__main__.MyLinear");
  });

  it("module call hook wraps every submodule call, with the call stack", () => {
    const m = new MLP();
    const seen: string[] = [];
    const prev = setModuleCallHook({
      call(mod: Module, args, next) {
        seen.push(`enter ${moduleTypeName(mod)} [${moduleCallStack().map((x) => x.constructor.name).join(">")}]`);
        const out = next(args);
        seen.push(`exit ${mod.constructor.name}`);
        return out;
      },
    });
    try {
      m(torch.ones(1, 4));
    } finally {
      setModuleCallHook(prev);
    }
    expect(seen).toEqual([
      "enter __main__.MLP [MLP]",
      "enter torch.nn.modules.linear.Linear [MLP>Linear]",
      "exit Linear",
      "enter torch.nn.modules.linear.Linear [MLP>Linear]",
      "exit Linear",
      "exit MLP",
    ]);
    expect(moduleCallStack()).toEqual([]);
    class Boom extends nn.Module {
      inner = new nn.Identity();
      override forward(): never {
        this.inner(torch.ones(1));
        throw new Error("boom");
      }
    }
    expect(() => new Boom()()).toThrow("boom");
    expect(moduleCallStack()).toEqual([]);
  });

  it("forward pre-hooks and hooks can replace inputs and outputs; handles remove them", () => {
    const lin = new nn.Identity();
    const h1 = lin.register_forward_pre_hook((_m, args) => [(args[0] as Tensor).mul(2)]);
    const h2 = lin.register_forward_hook((_m, _a, out) => (out as Tensor).add(1));
    expect(lin(torch.ones(1)).item()).toBe(3);
    h1.remove();
    h2.remove();
    expect(lin(torch.ones(1)).item()).toBe(1);
  });

  it("swap_tensor and _reparametrize_module put any tensor in a parameter slot and restore it", () => {
    const m = new MLP();
    const real = m.fc1.weight;
    const fake = Tensor.fake([8, 4]);
    const seen = _reparametrize_module(m, new Map([["fc1.weight", fake]]), () => m.fc1.weight);
    expect(seen).toBe(fake);
    expect(m.fc1.weight).toBe(real);
    expect(swap_tensor(m, "fc1.weight", fake)).toBe(real);
    expect([...m.named_parameters()][0]![1]).toBe(fake);
    swap_tensor(m, "fc1.weight", real);
    expect(() => swap_tensor(m, "fc1.nope", fake)).toThrow("Linear has no attribute `nope`");
  });

  it("prints PyTorch's repr", () => {
    class Net extends nn.Module {
      conv = new nn.Conv2d(3, 8, 3, { padding: 1, bias: false });
      bn = new nn.BatchNorm2d(8);
      seq = new nn.Sequential(new nn.ReLU(), new nn.Dropout(0.1));
      ln = new nn.LayerNorm(32);
      emb = new nn.Embedding(10, 4, { padding_idx: 0 });
    }
    expect(String(new Net())).toBe(
      [
        "Net(",
        "  (conv): Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)",
        "  (bn): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
        "  (seq): Sequential(",
        "    (0): ReLU()",
        "    (1): Dropout(p=0.1, inplace=False)",
        "  )",
        "  (ln): LayerNorm((32,), eps=1e-05, elementwise_affine=True)",
        "  (emb): Embedding(10, 4, padding_idx=0)",
        ")",
      ].join("\n"),
    );
  });

  it("to(dtype) / double() convert floating parameters and buffers only", () => {
    const m = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
    const w = m.state_dict().get("0.weight")!.tolist();
    m.double();
    const sd = m.state_dict();
    expect(sd.get("0.weight")!.dtype.name).toBe("float64");
    expect(sd.get("0.weight")!.tolist()).toEqual(w);
    expect(sd.get("1.running_var")!.dtype.name).toBe("float64");
    expect(sd.get("1.num_batches_tracked")!.dtype.name).toBe("int64");
    expect((m[0] as nn.Linear).weight).toBeInstanceOf(nn.Parameter);
    expect((m(torch.randn(4, 2, { dtype: torch.float64 })) as Tensor).dtype.name).toBe("float64");
    m.to(torch.float32);
    expect(m.state_dict().get("0.bias")!.dtype.name).toBe("float32");
    expect(() => m.to(torch.int32)).toThrow("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int32");
  });

  it("ModuleList collapses repeated entries in its repr and is not callable", () => {
    const ml = new nn.ModuleList([new nn.ReLU(), new nn.ReLU(), new nn.Linear(1, 2), new nn.ReLU()]);
    expect(String(ml)).toBe(
      ["ModuleList(", "  (0-1): 2 x ReLU()", "  (2): Linear(in_features=1, out_features=2, bias=True)", "  (3): ReLU()", ")"].join("\n"),
    );
    expect(() => (ml as unknown as () => void)()).toThrow('Module [ModuleList] is missing the required "forward" function');
  });
});
