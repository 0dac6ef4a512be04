// The user-facing `torch` namespace: dtypes, tensor factories and functions (src/tensor), plus
// `torch.nn` (with `torch.nn.functional` and `torch.nn.init`). A plain object assembled from the
// other modules; `torch.export` is added by the export layer. `nn` and `F` are also exported as
// ES namespaces, so `nn.Linear` works as a type as well as a value.
import { torch as tensorTorch } from "./tensor/index.js";
import * as nn from "./nn/index.js";
import { _check, _check_is_size, sym_constrain_range } from "./symbolic/checks.js";
import { sym_float, sym_round } from "./symbolic/symfloat.js";
import { sym_int, sym_max, sym_min, sym_not, sym_ite, sym_sum } from "./symbolic/sym_ops.js";
import { cond } from "./export/cond.js";
import { map } from "./export/map.js";
import { while_loop } from "./export/while_loop.js";
import { scan } from "./export/scan.js";
import { associative_scan } from "./export/associative_scan.js";
import { compiler } from "./export/compiler.js";
import { utils as exportUtils } from "./export/utils.js";
import { truth } from "./export/truth.js";
import { PySignature, param, kwOnly, type PyParam } from "./bind/python.js";
import { pyBind, pythonSignature } from "./bind/signatures.js";
import type { Tensor } from "./tensor/tensor.js";

export { nn };
export * as F from "./nn/functional.js";

// The torch.* Python functions bind by PyTorch's own signatures (src/bind): positional or keyword.
const py = <F extends (...a: never[]) => unknown>(name: string, impl: F, params?: PyParam[]): F =>
  pyBind(params ? new PySignature(name, params) : pythonSignature("torch", name), impl) as unknown as F;
const P = param;
const KW = kwOnly;

export const torch = {
  ...tensorTorch,
  nn,
  _check: py("_check", (cond: Parameters<typeof _check>[0], message: (() => string) | null) => _check(cond, message ?? undefined)) as unknown as typeof _check,
  // 2.11: _check_is_size(i, message=None, *, max=None)
  _check_is_size: py("_check_is_size", (i: Parameters<typeof _check_is_size>[0], _message: unknown, max: number | null) => _check_is_size(i, max ?? undefined),
    [P("i"), P("message", null), KW("max", null)]) as unknown as (i: Parameters<typeof _check_is_size>[0], message?: unknown, kwargs?: { max?: number | null }) => void,
  sym_constrain_range: py("sym_constrain_range", (size: Parameters<typeof sym_constrain_range>[0], min: number | null, max: number | null) =>
    sym_constrain_range(size, { ...(min === null ? {} : { min }), ...(max === null ? {} : { max }) }), [P("size"), KW("min", null), KW("max", null)]) as unknown as typeof sym_constrain_range,
  sym_float: py("sym_float", sym_float) as typeof sym_float,
  sym_round: py("sym_round", sym_round, [P("number"), P("ndigits", null)]) as typeof sym_round,
  sym_int: py("sym_int", sym_int) as typeof sym_int,
  sym_max: py("sym_max", sym_max) as typeof sym_max,
  sym_min: py("sym_min", sym_min) as typeof sym_min,
  sym_not: py("sym_not", sym_not) as typeof sym_not,
  sym_ite: py("sym_ite", sym_ite) as typeof sym_ite,
  sym_sum: py("sym_sum", sym_sum) as typeof sym_sum,
  cond: py("cond", cond) as typeof cond,
  // torch._higher_order_ops.map(f, xs, *args)
  map: py("map", (f: Parameters<typeof map>[0], xs: unknown, args: Tensor[]) => map(f, xs, ...args), [P("f"), P("xs"), { name: "args", kind: "VAR_POSITIONAL" }]) as unknown as typeof map,
  truth,
  compiler,
  // torch._export.utils: is_param / get_param / is_buffer / get_buffer / ...
  _export: { utils: exportUtils },
  // torch._higher_order_ops: while_loop(cond_fn, body_fn, carried_inputs), scan(combine_fn, init, xs, *, dim=0, reverse=False)
  _higher_order_ops: {
    while_loop: py("while_loop", while_loop, [P("cond_fn"), P("body_fn"), P("carried_inputs")]) as typeof while_loop,
    scan: py("scan", (f: Parameters<typeof scan>[0], init: unknown, xs: unknown, dim: number, reverse: boolean) => scan(f, init, xs, { dim, reverse }),
      [P("combine_fn"), P("init"), P("xs"), KW("dim", 0), KW("reverse", false)]) as unknown as (combine_fn: Parameters<typeof scan>[0], init: unknown, xs: unknown, kwargs?: { dim?: number; reverse?: boolean }) => [unknown, unknown],
    // associative_scan(combine_fn, xs, dim, reverse=False, combine_mode="pointwise")
    associative_scan: py("associative_scan", associative_scan, [P("combine_fn"), P("xs"), P("dim"), P("reverse", false), P("combine_mode", "pointwise")]) as typeof associative_scan,
  },
};
export default torch;
