// torch.export.save / load / unflatten bind by PyTorch's signatures: no option is ignored.
import { expect, it } from "vitest";
import { torch, nn, TorchTypeError } from "../../src/index.js";

const caught = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
};

it("unknown keywords and extra arguments of save/load/unflatten are TypeErrors", () => {
  class M extends nn.Module {
    fc = new nn.Linear(4, 2);
    override forward(x: ReturnType<typeof torch.randn>) {
      return this.fc.forward(x).relu();
    }
  }
  const ep = torch.export.export(new M(), [torch.randn(2, 4)]);
  const bytes = torch.export.save(ep);
  const cases: [() => unknown, string][] = [
    [() => torch.export.load(bytes, { bogus: 1 } as never), "load() got an unexpected keyword argument 'bogus'"],
    [() => torch.export.save(ep, { bogus: 1 } as never), "save() got an unexpected keyword argument 'bogus'"],
    [() => (torch.export.unflatten as (...a: unknown[]) => unknown)(ep, null, 3), "unflatten() takes from 1 to 2 positional arguments but 3 were given"],
  ];
  for (const [f, text] of cases) {
    const e = caught(f);
    expect(e).toBeInstanceOf(TorchTypeError);
    expect(e.message).toBe(text);
  }
  // The documented forms still work, keywords included.
  const extra = new Map<string, string>([["note", ""]]); // the keys asked for are filled in place, as in PyTorch
  const again = torch.export.load(torch.export.save(ep, { extra_files: { note: "hi" } }), { extra_files: extra, max_bytes: 1 << 20 });
  const code = (s: string) => s.replace(/ *# .*\n/g, "");
  expect(code(again.toString())).toBe(code(ep.toString()));
  expect(extra.get("note") ?? (extra as unknown as Record<string, string>).note).toBe("hi");
});
