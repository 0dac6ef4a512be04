// The guard printer PyTorch uses in constraint-violation text (ShapeGuardPythonPrinter, a
// PythonPrinter whose symbols print as their first source): `L['x'].size()[0] <= 1024`,
// `(((-2) + L['x'].size()[2]) % 2) == 0`, `(1 + (((-1) + (L['x'].size()[3] // 2)) // 2)) != 1`.
// Arguments print in sympy's `.args` order (Basic.compare), with sympy's precedence rules:
// an argument is parenthesized when its precedence is <= the context's.
import { ExprId, Kind, NO_EXPR, kindOf, argCount, argAt, payloadOf, symbolName } from "./expr_store";
import {
  sortedArgs, PREC_OR, PREC_AND, PREC_REL, PREC_ADD, PREC_MUL, PREC_POW, PREC_FUNC, PREC_NOT, PREC_ATOM,
} from "./print_order";
import { floatToStr } from "./print_float";
import { floatValue } from "./expr_float";


/** precedence(expr) as sympy computes it for the classes PyTorch uses. */
export function precedenceOf(e: ExprId): i32 {
  switch (kindOf(e)) {
    case Kind.Integer: return payloadOf(e) < 0 ? PREC_ADD : PREC_ATOM;
    case Kind.Add: return PREC_ADD;
    case Kind.Mul: {
      const c = argAt(e, 0);
      return kindOf(c) == Kind.Integer && payloadOf(c) < 0 ? PREC_ADD : PREC_MUL;
    }
    case Kind.Pow: return PREC_POW;
    case Kind.FloorDiv:
    case Kind.CleanDiv: return PREC_MUL; // FloorDiv.precedence = 50
    case Kind.Eq:
    case Kind.Ne: return PREC_MUL; // Equality/Unequality print at Mul precedence in sympy
    case Kind.Lt:
    case Kind.Le:
    case Kind.Gt:
    case Kind.Ge: return PREC_REL;
    case Kind.And: return PREC_AND;
    case Kind.Or: return PREC_OR;
    case Kind.Not: return PREC_NOT;
    case Kind.Mod:
    case Kind.ModularIndexing:
    case Kind.Max:
    case Kind.Min: return PREC_FUNC; // torch Functions without their own precedence
    case Kind.Float: return floatValue(e) < 0 ? PREC_ADD : PREC_ATOM;
    case Kind.IntTrueDiv: return PREC_REL; // IntTrueDiv.precedence = 35
    case Kind.ToFloat:
    case Kind.RoundToInt: return PREC_FUNC;
  }
  return PREC_ATOM;
}

// ------------------------------------------------------------------ sympy argument order

const UNKNOWN_RANK: i32 = 1000;

/** Index of the node's class in sympy's ordering_of_classes (UNKNOWN_RANK when absent). */
function classRank(e: ExprId): i32 {
  switch (kindOf(e)) {
    case Kind.Integer: {
      const v = payloadOf(e);
      return v == 0 ? 0 : v == 1 ? 1 : v == -1 ? 5 : 7;
    }
    case Kind.Float: return 9;
    case Kind.Symbol: return 13;
    case Kind.Pow: return 15;
    case Kind.Mul: return 16;
    case Kind.Add: return 17;
    case Kind.Eq: return 100;
    case Kind.Ne: return 101;
    case Kind.Gt: return 102;
    case Kind.Lt: return 103;
    case Kind.Ge: return 104;
    case Kind.Le: return 105;
  }
  return UNKNOWN_RANK;
}

/** sympy class name of nodes outside ordering_of_classes (they compare by name). */
function className(e: ExprId): string {
  switch (kindOf(e)) {
    case Kind.FloorDiv: return "FloorDiv";
    case Kind.CleanDiv: return "CleanDiv";
    case Kind.Mod: return "PythonMod";
    case Kind.ModularIndexing: return "ModularIndexing";
    case Kind.Max: return "Max";
    case Kind.Min: return "Min";
    case Kind.And: return "And";
    case Kind.Or: return "Or";
    case Kind.Not: return "Not";
    case Kind.True: return "BooleanTrue";
    case Kind.False: return "BooleanFalse";
    case Kind.IntInfinity: return "IntInfinity";
    case Kind.NegIntInfinity: return "NegativeIntInfinity";
    case Kind.IntTrueDiv: return "IntTrueDiv";
    case Kind.ToFloat: return "ToFloat";
    case Kind.RoundToInt: return "RoundToInt";
  }
  return "";
}

function cmpStr(a: string, b: string): i32 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Basic.compare: class order, then hashable content (number value, symbol name, or the
 * argument tuples by length and then element-wise). */
export function compareExpr(a: ExprId, b: ExprId): i32 {
  if (a == b) return 0;
  const ra = classRank(a);
  const rb = classRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == UNKNOWN_RANK) {
    const c = cmpStr(className(a), className(b));
    if (c != 0) return c;
  }
  const k = kindOf(a);
  if (k == Kind.Integer) {
    const x = payloadOf(a);
    const y = payloadOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (k == Kind.Symbol) return cmpStr(symbolName(a), symbolName(b));
  if (k == Kind.Float) {
    const x = floatValue(a), y = floatValue(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const na = argCount(a);
  const nb = argCount(b);
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = 0; i < na; i++) {
    const c = compareExpr(orderedArgAt(a, i), orderedArgAt(b, i));
    if (c != 0) return c;
  }
  return 0;
}

/** The node's arguments in sympy's `.args` order: Add puts the constant first, Mul the
 * coefficient first, and the rest sort by Basic.compare; other nodes keep their order. */
export function orderedArgs(e: ExprId): Array<u32> {
  const n = argCount(e);
  const out = new Array<u32>(n);
  for (let i = 0; i < n; i++) unchecked((out[i] = argAt(e, i)));
  const k = kindOf(e);
  if (k == Kind.Add || k == Kind.Mul) {
    out.sort((x: u32, y: u32): i32 => {
      const xi = kindOf(x) == Kind.Integer;
      const yi = kindOf(y) == Kind.Integer;
      if (xi != yi) return xi ? -1 : 1;
      return compareExpr(x, y);
    });
  }
  return out;
}

function orderedArgAt(e: ExprId, i: i32): ExprId {
  const k = kindOf(e);
  if (k == Kind.Add || k == Kind.Mul) return orderedArgs(e)[i];
  return argAt(e, i);
}

// ------------------------------------------------------------------ printing

/** Prints `e` as Python guard code; each symbol prints as `names.get(sym)`, else its name. */
export function pyPrint(e: ExprId, syms: Array<u32>, names: Array<string>): string {
  if (e == NO_EXPR) return "<invalid>";
  const k = kindOf(e);
  switch (k) {
    case Kind.Integer: return payloadOf(e).toString();
    case Kind.Symbol: {
      const i = syms.indexOf(e);
      return i >= 0 ? names[i] : symbolName(e);
    }
    case Kind.True: return "True";
    case Kind.False: return "False";
    case Kind.IntInfinity: return "math.inf";
    case Kind.NegIntInfinity: return "-math.inf";
    case Kind.Add: return join(orderedArgs(e), " + ", PREC_ADD, syms, names);
    case Kind.Mul: return join(orderedArgs(e), "*", precedenceOf(e), syms, names);
    case Kind.Pow: {
      // x**k prints as x*x*...*x (ExprPrinter._print_Pow)
      const times = <i32>payloadOf(argAt(e, 1));
      if (times == 0) return "1";
      const parts = new Array<u32>(times);
      for (let i = 0; i < times; i++) parts[i] = argAt(e, 0);
      return join(parts, "*", PREC_MUL, syms, names);
    }
    case Kind.FloorDiv:
    case Kind.CleanDiv: {
      const x = paren(argAt(e, 0), PREC_MUL, syms, names);
      const d = paren(argAt(e, 1), PREC_MUL, syms, names);
      return `(${x} // ${d})`;
    }
    case Kind.Mod:
      return "(" + join([argAt(e, 0), argAt(e, 1)], " % ", PREC_FUNC, syms, names) + ")";
    case Kind.ModularIndexing: {
      let x = paren(argAt(e, 0), PREC_FUNC, syms, names);
      const d = paren(argAt(e, 1), PREC_FUNC, syms, names);
      const m = paren(argAt(e, 2), PREC_FUNC, syms, names);
      if (d != "1") x = `(${x} // ${d})`;
      return `(${x} % ${m})`;
    }
    case Kind.Max:
    case Kind.Min: {
      // Max/Min keep sympy's ordered() arguments.
      const args = sortedArgs(e);
      const parts = new Array<string>();
      for (let i = 0; i < args.length; i++) parts.push(pyPrint(args[i], syms, names));
      return (k == Kind.Max ? "max(" : "min(") + parts.join(", ") + ")";
    }
    case Kind.Eq: return join([argAt(e, 0), argAt(e, 1)], " == ", PREC_MUL, syms, names);
    case Kind.Ne: return join([argAt(e, 0), argAt(e, 1)], " != ", PREC_MUL, syms, names);
    case Kind.Lt: return join([argAt(e, 0), argAt(e, 1)], " < ", PREC_REL, syms, names);
    case Kind.Le: return join([argAt(e, 0), argAt(e, 1)], " <= ", PREC_REL, syms, names);
    case Kind.Gt: return join([argAt(e, 0), argAt(e, 1)], " > ", PREC_REL, syms, names);
    case Kind.Ge: return join([argAt(e, 0), argAt(e, 1)], " >= ", PREC_REL, syms, names);
    case Kind.And: return join(sortedArgs(e), " and ", PREC_AND, syms, names);
    case Kind.Or: return join(sortedArgs(e), " or ", PREC_OR, syms, names);
    case Kind.Not: return `not (${pyPrint(argAt(e, 0), syms, names)})`;
    // ExprPrinter._print_Float: str(Float(expr, dps=17)).
    case Kind.Float: return floatToStr(floatValue(e), 17, false);
    // PythonPrinter._print_IntTrueDiv: stringify(args, " / ", PRECEDENCE["Atom"] - 0.5).
    case Kind.IntTrueDiv: return join([argAt(e, 0), argAt(e, 1)], " / ", PREC_ATOM - 1, syms, names);
    case Kind.ToFloat: return `torch.sym_float(${pyPrint(argAt(e, 0), syms, names)})`;
    case Kind.RoundToInt: return `round(${pyPrint(argAt(e, 0), syms, names)})`;
  }
  return "<unknown>";
}

function paren(e: ExprId, level: i32, syms: Array<u32>, names: Array<string>): string {
  const s = pyPrint(e, syms, names);
  return precedenceOf(e) <= level ? `(${s})` : s;
}

function join(items: Array<u32>, sep: string, level: i32, syms: Array<u32>, names: Array<string>): string {
  let s = "";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) s += sep;
    s += paren(items[i], level, syms, names);
  }
  return s;
}
