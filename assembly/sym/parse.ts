// Parsers for sympy's srepr() (PyTorch's serialized `expr_str`) and str() (printed sizes,
// guards, range-constraint keys). Both build through the canonicalizing constructors, so a
// parsed expression is the same id as the one built by calls. On malformed input they record
// ErrorCode.Parse naming the position and return NO_EXPR.
import {
  ExprId, Kind, NO_EXPR, TRUE, FALSE, INT_OO, NEG_INT_OO, internSymbol, findSymbolByName,
} from "./expr_store";
import { integer, add, sub, mul, neg, pow, isInt } from "./expr_arith";
import { floorDiv } from "./expr_div";
import { eq, ne, lt, le, gt, ge, and, or, not } from "./expr_rel";
import { construct } from "./expr_subst";
import { CLASS_NAME } from "./print_order";
import { payloadOf } from "./expr_store";
import { Cursor, MAX_DEPTH } from "./parse_lexer";
import { floatConst } from "./expr_float";

function finish(c: Cursor, e: ExprId): ExprId {
  if (!c.failed && e != NO_EXPR && !c.atEnd()) c.fail("unexpected text after the expression");
  // A constructor that failed (ZeroDivision, Overflow, ...) recorded its error and gave NO_EXPR.
  if (c.failed || e == NO_EXPR) return NO_EXPR;
  return e;
}

function enter(c: Cursor): bool {
  if (++c.depth > MAX_DEPTH) {
    c.fail(`expression nested deeper than ${MAX_DEPTH} levels`);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- srepr

export function parseSrepr(s: string): ExprId {
  const c = new Cursor(s);
  return finish(c, sreprExpr(c));
}

function kindOfClassName(name: string): i32 {
  if (name == "PythonMod") return <i32>Kind.Mod; // torch's PythonMod and Mod are one kind here
  for (let i = 0; i < CLASS_NAME.length; i++) if (CLASS_NAME[i] == name) return i;
  return -1;
}

function sreprExpr(c: Cursor): ExprId {
  if (c.failed || !enter(c)) return NO_EXPR;
  const r = sreprInner(c);
  c.depth--;
  return r;
}

function sreprInner(c: Cursor): ExprId {
  const start = c.pos;
  const name = c.identifier();
  if (name.length == 0) {
    c.fail("expected an expression such as Integer(1) or Symbol('s0')");
    return NO_EXPR;
  }
  if (name == "true") return TRUE;
  if (name == "false") return FALSE;
  if (!c.expect("(")) return NO_EXPR;
  if (name == "Integer") {
    const v = c.integerLiteral();
    if (!c.expect(")")) return NO_EXPR;
    return integer(v);
  }
  if (name == "Symbol") return sreprSymbol(c);
  if (name == "Float") return sreprFloat(c);
  if (name == "IntInfinity" || name == "NegativeIntInfinity") {
    if (!c.expect(")")) return NO_EXPR;
    return name == "IntInfinity" ? INT_OO : NEG_INT_OO;
  }
  const kind = kindOfClassName(name);
  if (kind < 0 || kind == <i32>Kind.True || kind == <i32>Kind.False) {
    c.pos = start;
    c.fail(`unknown expression class '${name}'`);
    return NO_EXPR;
  }
  const args = new Array<u32>();
  if (!c.accept(")")) {
    do {
      const a = sreprExpr(c);
      if (a == NO_EXPR) return NO_EXPR;
      args.push(a);
    } while (c.accept(","));
    if (!c.expect(")")) return NO_EXPR;
  }
  return construct(<Kind>kind, args);
}

/** Float('1.5', precision=53): the value from its decimal text; only double precision. */
function sreprFloat(c: Cursor): ExprId {
  const text = c.stringLiteral();
  if (c.failed) return NO_EXPR;
  const inner = new Cursor(text);
  const v = inner.floatLiteral();
  if (inner.failed || !inner.atEnd()) {
    c.fail(`bad Float literal '${text}'`);
    return NO_EXPR;
  }
  if (c.accept(",")) {
    const key = c.identifier();
    if (key != "precision" || !c.expect("=")) {
      c.fail("expected precision=53");
      return NO_EXPR;
    }
    if (c.integerLiteral() != 53) {
      c.fail("only Float precision 53 (double) is supported");
      return NO_EXPR;
    }
  }
  if (!c.expect(")")) return NO_EXPR;
  return floatConst(v);
}

function sreprSymbol(c: Cursor): ExprId {
  const name = c.stringLiteral();
  if (c.failed) return NO_EXPR;
  if (name.length == 0) {
    c.fail("a symbol needs a non-empty name");
    return NO_EXPR;
  }
  let positive = false;
  let integerFlag = false;
  while (c.accept(",")) {
    const key = c.identifier();
    if (!c.expect("=")) return NO_EXPR;
    const value = c.identifier();
    if (value != "True" && value != "False") {
      c.fail("expected True or False");
      return NO_EXPR;
    }
    if (key == "positive") positive = value == "True";
    else if (key == "integer") integerFlag = value == "True";
    else {
      c.fail(`unsupported symbol assumption '${key}'`);
      return NO_EXPR;
    }
  }
  if (!c.expect(")")) return NO_EXPR;
  return internSymbol(name, positive, integerFlag);
}

// ---------------------------------------------------------------- str

/** Parses sympy str() text. A name resolves to the first symbol already created with that name;
 * new names follow PyTorch's convention: `u0`, `u1`, ... (unbacked) are integer, every other
 * name positive integer (backed sizes `s0`, `s77`, ...). */
export function parseStr(s: string): ExprId {
  const c = new Cursor(s);
  return finish(c, strOr(c));
}

function strOr(c: Cursor): ExprId {
  if (c.failed || !enter(c)) return NO_EXPR;
  let r = strAnd(c);
  while (!c.failed && c.accept("|")) r = or(r, strAnd(c));
  c.depth--;
  return r;
}

function strAnd(c: Cursor): ExprId {
  let r = strNot(c);
  while (!c.failed && c.accept("&")) r = and(r, strNot(c));
  return r;
}

function strNot(c: Cursor): ExprId {
  if (c.accept("~")) {
    if (!enter(c)) return NO_EXPR;
    const r = not(strNot(c));
    c.depth--;
    return r;
  }
  return strRelation(c);
}

function strRelation(c: Cursor): ExprId {
  const lhs = strArith(c);
  if (c.failed) return NO_EXPR;
  if (c.accept("<=")) return le(lhs, strArith(c));
  if (c.accept(">=")) return ge(lhs, strArith(c));
  if (c.accept("<")) return lt(lhs, strArith(c));
  if (c.accept(">")) return gt(lhs, strArith(c));
  if (c.accept("==")) return eq(lhs, strArith(c));
  if (c.accept("!=")) return ne(lhs, strArith(c));
  return lhs;
}

function strArith(c: Cursor): ExprId {
  let r = strTerm(c);
  while (!c.failed) {
    if (c.accept("+")) r = add(r, strTerm(c));
    else if (c.accept("-")) r = sub(r, strTerm(c));
    else break;
  }
  return r;
}

function strTerm(c: Cursor): ExprId {
  let r = strUnary(c);
  while (!c.failed) {
    if (c.accept("//")) r = floorDiv(r, strUnary(c));
    else if (c.looking("**")) break;
    else if (c.accept("*")) r = mul(r, strUnary(c));
    else break;
  }
  return r;
}

function strUnary(c: Cursor): ExprId {
  if (c.accept("-")) {
    if (!enter(c)) return NO_EXPR;
    const r = neg(strUnary(c));
    c.depth--;
    return r;
  }
  return strPower(c);
}

function strPower(c: Cursor): ExprId {
  const base = strAtom(c);
  if (c.failed || !c.accept("**")) return base;
  const expPos = c.pos;
  const e = strUnary(c);
  if (c.failed || e == NO_EXPR) return NO_EXPR;
  if (!isInt(e)) {
    c.pos = expPos;
    c.fail("exponent must be an integer constant");
    return NO_EXPR;
  }
  return pow(base, payloadOf(e));
}

const STR_FUNCTIONS: StaticArray<string> = [
  "Eq", "Ne", "Max", "Min", "Mod", "ModularIndexing", "FloorDiv", "CleanDiv", "IntTrueDiv", "ToFloat", "RoundToInt", "PythonMod",
];
const STR_FUNCTION_KINDS: StaticArray<Kind> = [
  Kind.Eq, Kind.Ne, Kind.Max, Kind.Min, Kind.Mod, Kind.ModularIndexing, Kind.FloorDiv, Kind.CleanDiv,
  Kind.IntTrueDiv, Kind.ToFloat, Kind.RoundToInt, Kind.Mod,
];

function strAtom(c: Cursor): ExprId {
  if (c.failed) return NO_EXPR;
  if (c.accept("(")) {
    const r = strOr(c);
    if (!c.expect(")")) return NO_EXPR;
    return r;
  }
  if (c.atDigit()) return c.atFloat() ? floatConst(c.floatLiteral()) : integer(c.integerLiteral());
  const start = c.pos;
  const name = c.identifier();
  if (name.length == 0) {
    c.fail("expected a number, a name or '('");
    return NO_EXPR;
  }
  if (name == "int_oo") return INT_OO;
  if (name == "True") return TRUE;
  if (name == "False") return FALSE;
  if (c.looking("(")) {
    const i = STR_FUNCTIONS.indexOf(name);
    if (i < 0) {
      c.pos = start;
      c.fail(`unknown function '${name}'`);
      return NO_EXPR;
    }
    c.accept("(");
    const args = new Array<u32>();
    if (!c.accept(")")) {
      do {
        const a = strOr(c);
        if (a == NO_EXPR || c.failed) return NO_EXPR;
        args.push(a);
      } while (c.accept(","));
      if (!c.expect(")")) return NO_EXPR;
    }
    return construct(STR_FUNCTION_KINDS[i], args);
  }
  const existing = findSymbolByName(name);
  if (existing != NO_EXPR) return existing;
  const unbacked = name.length > 1 && name.charCodeAt(0) == 117 && isDigits(name.substring(1));
  return internSymbol(name, !unbacked, true);
}

function isDigits(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
  }
  return s.length > 0;
}

