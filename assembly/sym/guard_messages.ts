// Error text for guards that cannot be decided (ShapeEnv._make_data_dependent_error).
import { ExprId, symbolName } from "./expr_store";
import { toStr } from "./print";
import { ShapeEnv } from "./shape_env";
import { symbolsOf } from "./shape_env_subst";

/** The data-dependent guard message for `e` (after replacements), as PyTorch 2.11 words it.
 * `sloc` is the user's source line ("Caused by"). */
export function dataDependentMessage(env: ShapeEnv, e: ExprId, isBool: bool, sloc: string): string {
  const desc = isBool
    ? "Could not guard on data-dependent expression"
    : "Could not extract specialized integer from data-dependent expression";
  const sizeLike = new Array<string>();
  for (let i = 0; i < env.syms.length; i++) {
    if (env.sizeLike.has(env.syms[i])) sizeLike.push(symbolName(env.syms[i]));
  }
  const free = symbolsOf(e);
  const names = new Array<string>();
  for (let i = 0; i < free.length; i++) names.push(symbolName(free[i]));
  names.sort();
  const s = toStr(e);
  let msg = `${desc} ${s} (unhinted: ${s}).  (Size-like symbols: ${sizeLike.length > 0 ? sizeLike.join(", ") : "none"})\n\n`;
  if (isBool) {
    msg += "consider using data-dependent friendly APIs such as guard_or_false, guard_or_true and statically_known_true.\n";
  }
  msg += `Caused by: ${sloc}\n`;
  msg += 'For more information, run with TORCH_LOGS="dynamic"\n';
  msg += `For extended logs when we create symbols, also add TORCHDYNAMO_EXTENDED_DEBUG_CREATE_SYMBOL="${names.join(",")}"\n`;
  msg += "If you suspect the guard was triggered from C++, add TORCHDYNAMO_EXTENDED_DEBUG_CPP=1\n";
  msg += "For more debugging help, see https://docs.google.com/document/d/1HSuTTVvYH1pTew89Rtpeu84Ht3nQEFTYhAX3Ypa_xJs/edit?usp=sharing\n";
  msg += "\nFor C++ stack trace, run with TORCHDYNAMO_EXTENDED_DEBUG_CPP=1";
  return msg;
}
