// module(x, { y }) is Python's module(x, y=y): the user's forward binds keywords by its parameter names.
import { expect, it } from "vitest";
import { torch, nn, type Tensor } from "../../src/index.js";

class Two extends nn.Module {
  override forward(x: Tensor, y: Tensor, scale = 1) {
    return x.sub(y).mul(scale);
  }
}
class Kw extends nn.Module {
  override forward(a: Tensor, b: Tensor, kwargs: { d: Tensor }) {
    return a.sub(b).add(kwargs.d);
  }
}
class Dict extends nn.Module {
  override forward(x: Tensor, cfg: { w: Tensor }) {
    return x.mul(cfg.w);
  }
}

it("keywords bind by forward's parameter names; other objects stay values", () => {
  const x = torch.ones(3), y = torch.full([3], 3, { dtype: torch.float32 });
  // Modules are callable with forward's signature; the keyword forms are the untyped call.
  const m = new Two() as unknown as (...a: unknown[]) => unknown;
  const pos = Array.from((m(x, y, 2) as Tensor)._values());
  expect(Array.from((m(x, { y, scale: 2 }) as Tensor)._values())).toEqual(pos);
  expect(Array.from((m({ x, y, scale: 2 }) as Tensor)._values())).toEqual(pos);
  expect(Array.from((m(x, { scale: 2, y }) as Tensor)._values())).toEqual(pos);
  // unknown keys are forward's **kwargs object (its last parameter)
  expect(Array.from(((new Kw() as unknown as (...a: unknown[]) => unknown)(x, { b: y, d: y }) as Tensor)._values())).toEqual([1, 1, 1]);
  // a dict argument whose keys are not parameters is passed as it is
  expect(Array.from(((new Dict() as unknown as (...a: unknown[]) => unknown)(x, { w: y }) as Tensor)._values())).toEqual([3, 3, 3]);
  // exported and eager agree on the keyword form
  const ep = torch.export.export(m as unknown as Two, [x], { kwargs: { y, scale: 2 } });
  expect(Array.from(((ep.module() as unknown as (...a: unknown[]) => unknown)(x, { y, scale: 2 }) as Tensor)._values())).toEqual(pos);
});
