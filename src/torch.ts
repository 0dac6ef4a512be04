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
import { truth } from "./export/truth.js";

export { nn };
export * as F from "./nn/functional.js";

export const torch = { ...tensorTorch, nn, _check, _check_is_size, sym_constrain_range, sym_float, sym_round, sym_int, sym_max, sym_min, sym_not, sym_ite, sym_sum, cond, map, truth };
export default torch;
