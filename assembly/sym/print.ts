// sympy's str() and srepr() of expressions, as PyTorch prints sizes, guards and range
// constraints (StrPrinter with torch's _sympystr overrides) and as its serializer writes
// `expr_str` (ReprPrinter).
import { ExprId, Kind, NO_EXPR, kindOf, argCount, argAt, payloadOf, symbolName, symbolPositive, symbolInteger, isValid } from "./expr_store";
import {
  CLASS_NAME, orderedTerms, sortedArgs,
  PREC_OR, PREC_AND, PREC_REL, PREC_ADD, PREC_MUL, PREC_POW, PREC_NOT, PREC_ATOM, PREC_FUNC, PREC_BITWISE_OR, PREC_BITWISE_AND,
} from "./print_order";
import { floatToStr } from "./print_float";
import { floatValue } from "./expr_float";


function hasNegativeCoeff(e: ExprId): bool {
  return kindOf(e) == Kind.Mul && kindOf(argAt(e, 0)) == Kind.Integer && payloadOf(argAt(e, 0)) < 0;
}

/** sympy's precedence(expr) for our kinds. */
function precedence(e: ExprId): i32 {
  switch (kindOf(e)) {
    case Kind.Integer: return payloadOf(e) < 0 ? PREC_ADD : PREC_ATOM;
    case Kind.Add: return PREC_ADD;
    case Kind.Mul: return hasNegativeCoeff(e) ? PREC_ADD : PREC_MUL;
    case Kind.Pow: return PREC_POW;
    case Kind.FloorDiv:
    case Kind.CleanDiv:
    case Kind.Mod:
    case Kind.ModularIndexing:
      return PREC_REL;
    // sympy's PRECEDENCE_VALUES: Equality / Unequality print as functions at Mul's level.
    case Kind.Eq: case Kind.Ne: return PREC_MUL;
    case Kind.Lt: case Kind.Le: case Kind.Gt: case Kind.Ge:
      return PREC_REL;
    case Kind.And: return PREC_AND;
    case Kind.Or: return PREC_OR;
    case Kind.Not: return PREC_NOT;
    case Kind.Float: return floatValue(e) < 0 ? PREC_ADD : PREC_ATOM;
    case Kind.IntTrueDiv: return PREC_REL; // IntTrueDiv.precedence = 35
    case Kind.ToFloat:
    case Kind.RoundToInt: return PREC_FUNC;
  }
  return PREC_ATOM;
}

/** StrPrinter.parenthesize with strict=False: parentheses when precedence <= level. */
function paren(e: ExprId, level: i32): string {
  const s = strOf(e);
  return precedence(e) <= level ? "(" + s + ")" : s;
}

export function toStr(e: ExprId): string {
  if (e == NO_EXPR || !isValid(e)) return "<invalid expression>";
  // sympy keeps a Float's trailing zeros only at the top level (full_prec="auto").
  if (kindOf(e) == Kind.Float) return floatToStr(floatValue(e), 15, false);
  return strOf(e);
}

function joinArgs(args: Array<u32>, sep: string, level: i32): string {
  let s = "";
  for (let i = 0; i < args.length; i++) {
    if (i > 0) s += sep;
    s += level > 0 ? paren(args[i], level) : strOf(args[i]);
  }
  return s;
}

function strOf(e: ExprId): string {
  const k = kindOf(e);
  switch (k) {
    case Kind.Integer: return payloadOf(e).toString();
    case Kind.Symbol: return symbolName(e);
    case Kind.True: return "True";
    case Kind.False: return "False";
    case Kind.IntInfinity: return "int_oo";
    case Kind.NegIntInfinity: return "-int_oo";
    case Kind.Add: return strAdd(e);
    case Kind.Mul: return strMul(e);
    case Kind.Pow: return paren(argAt(e, 0), PREC_POW) + "**" + paren(argAt(e, 1), PREC_POW);
    case Kind.FloorDiv:
    case Kind.CleanDiv: {
      // torch FloorDiv._sympystr: parenthesize at PRECEDENCE["Atom"] - 0.5.
      return "(" + parenBelowAtom(argAt(e, 0)) + "//" + parenBelowAtom(argAt(e, 1)) + ")";
    }
    case Kind.Mod:
      return modName(e) + "(" + joinArgs(argsOfNode(e), ", ", 0) + ")";
    case Kind.ModularIndexing:
      return CLASS_NAME[<i32>k] + "(" + joinArgs(argsOfNode(e), ", ", 0) + ")";
    case Kind.Max:
    case Kind.Min:
      return CLASS_NAME[<i32>k] + "(" + joinArgs(sortedArgs(e), ", ", 0) + ")";
    case Kind.Eq:
      return "Eq(" + strOf(argAt(e, 0)) + ", " + strOf(argAt(e, 1)) + ")";
    case Kind.Ne:
      return "Ne(" + strOf(argAt(e, 0)) + ", " + strOf(argAt(e, 1)) + ")";
    case Kind.Lt: return strRel(e, "<");
    case Kind.Le: return strRel(e, "<=");
    case Kind.Gt: return strRel(e, ">");
    case Kind.Ge: return strRel(e, ">=");
    case Kind.And: return joinArgs(sortedArgs(e), " & ", PREC_BITWISE_AND);
    case Kind.Or: return joinArgs(sortedArgs(e), " | ", PREC_BITWISE_OR);
    case Kind.Not: return "~" + paren(argAt(e, 0), PREC_NOT);
    case Kind.Float: return floatToStr(floatValue(e), 15, true);
    case Kind.IntTrueDiv:
    case Kind.ToFloat:
    case Kind.RoundToInt:
      // Plain sympy Functions: Name(args).
      return CLASS_NAME[<i32>k] + "(" + joinArgs(argsOfNode(e), ", ", 0) + ")";
  }
  return "<unknown>";
}

/** torch's _sympy_mod: `Mod` when both operands are known non-negative (sympy assumptions: positive
 * symbols, non-negative literals and what they build), else `PythonMod` (e.g. `u0 % 2`). */
function modName(e: ExprId): string {
  return nonNegative(argAt(e, 0)) && nonNegative(argAt(e, 1)) ? "Mod" : "PythonMod";
}

function nonNegative(e: ExprId): bool {
  return lowerBound(e) >= 0;
}

/** A lower bound from the assumptions alone (a positive integer symbol is >= 1), as sympy's
 * `_monotonic_sign` sees `s77 - 1 >= 0`; -inf when unknown. */
function lowerBound(e: ExprId): f64 {
  switch (kindOf(e)) {
    case Kind.Integer: return <f64>payloadOf(e);
    case Kind.Symbol: return symbolPositive(e) ? (symbolInteger(e) ? 1.0 : 0.0) : -Infinity;
    case Kind.Add: {
      let lb = 0.0;
      for (let i = 0, n = argCount(e); i < n; i++) lb += lowerBound(argAt(e, i));
      return lb;
    }
    case Kind.Mul: {
      let lb = 1.0;
      for (let i = 0, n = argCount(e); i < n; i++) {
        const f = lowerBound(argAt(e, i));
        if (!(f >= 0)) return -Infinity;
        lb *= f;
      }
      return lb;
    }
    case Kind.Pow: return lowerBound(argAt(e, 0)) >= 0 ? 0.0 : -Infinity;
    case Kind.FloorDiv:
    case Kind.CleanDiv:
      return lowerBound(argAt(e, 0)) >= 0 && lowerBound(argAt(e, 1)) > 0 ? 0.0 : -Infinity;
    case Kind.Mod: return lowerBound(argAt(e, 1)) > 0 ? 0.0 : -Infinity;
  }
  return -Infinity;
}

function argsOfNode(e: ExprId): Array<u32> {
  const out = new Array<u32>();
  for (let i = 0, n = argCount(e); i < n; i++) out.push(argAt(e, i));
  return out;
}

function parenBelowAtom(e: ExprId): string {
  const s = strOf(e);
  return precedence(e) < PREC_ATOM ? "(" + s + ")" : s;
}

function strRel(e: ExprId, op: string): string {
  return paren(argAt(e, 0), PREC_REL) + " " + op + " " + paren(argAt(e, 1), PREC_REL);
}

/** StrPrinter._print_Add: terms in as_ordered_terms order, a leading '-' becomes ' - '. */
function strAdd(e: ExprId): string {
  const terms = orderedTerms(e);
  let out = "";
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    let s = strOf(t);
    let negative = false;
    if (s.startsWith("-")) {
      negative = true;
      s = s.substring(1);
    }
    // Only strictly lower precedence is wrapped here (unlike parenthesize).
    if (precedence(t) < PREC_ADD) s = "(" + s + ")";
    if (i == 0) out = negative ? "-" + s : s;
    else out += (negative ? " - " : " + ") + s;
  }
  return out;
}

/** StrPrinter._print_Mul: sign pulled out, factors in sort_key order joined by '*'. */
function strMul(e: ExprId): string {
  const prec = precedence(e);
  const factors = sortedArgs(e);
  let sign = "";
  let s = "";
  let first = true;
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i];
    let fs: string;
    if (i == 0 && kindOf(f) == Kind.Integer) {
      const c = payloadOf(f);
      fs = c.toString();
      if (c < 0) {
        sign = "-";
        fs = fs.substring(1); // as text, so that i64.MIN_VALUE needs no negation
      }
      if (fs == "1") continue; // _keep_coeff(1, rest) drops the coefficient
    } else {
      fs = paren(f, prec);
    }
    s += first ? fs : "*" + fs;
    first = false;
  }
  return sign + s;
}

// ---- srepr ----

export function toSrepr(e: ExprId): string {
  if (e == NO_EXPR || !isValid(e)) return "<invalid expression>";
  return sreprOf(e);
}

function reprName(name: string): string {
  // Python's repr of a str: single quotes unless the text has a single quote and no double.
  if (name.includes("'") && !name.includes('"')) return '"' + name + '"';
  return "'" + name.replaceAll("\\", "\\\\").replaceAll("'", "\\'") + "'";
}

function sreprList(args: Array<u32>): string {
  let s = "";
  for (let i = 0; i < args.length; i++) {
    if (i > 0) s += ", ";
    s += sreprOf(args[i]);
  }
  return s;
}

function sreprOf(e: ExprId): string {
  const k = kindOf(e);
  switch (k) {
    case Kind.Integer: return "Integer(" + payloadOf(e).toString() + ")";
    case Kind.Symbol: {
      let s = "Symbol(" + reprName(symbolName(e));
      // Assumptions in the order PyTorch passes them: positive=..., integer=...
      if (symbolPositive(e)) s += ", positive=True";
      if (symbolInteger(e)) s += ", integer=True";
      return s + ")";
    }
    case Kind.True: return "true";
    case Kind.False: return "false";
    case Kind.IntInfinity: return "IntInfinity()";
    case Kind.NegIntInfinity: return "NegativeIntInfinity()";
    case Kind.Float: return "Float('" + floatToStr(floatValue(e), 17, true) + "', precision=53)";
    case Kind.Add: return "Add(" + sreprList(orderedTerms(e)) + ")";
    case Kind.Mul:
    case Kind.Max:
    case Kind.Min:
    case Kind.And:
    case Kind.Or:
      return CLASS_NAME[<i32>k] + "(" + sreprList(sortedArgs(e)) + ")";
  }
  if (k == Kind.Mod) return modName(e) + "(" + sreprList(argsOfNode(e)) + ")";
  return CLASS_NAME[<i32>k] + "(" + sreprList(argsOfNode(e)) + ")";
}
