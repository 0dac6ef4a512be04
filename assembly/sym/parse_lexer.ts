// A cursor over an expression string shared by the str and srepr parsers. Errors are recorded
// as ErrorCode.Parse with the 0-based position and the text around it.
import { raise, ErrorCode } from "../errors";

export class Cursor {
  pos: i32 = 0;
  failed: bool = false;
  /** Nesting depth, bounded so hostile input cannot exhaust the stack. */
  depth: i32 = 0;

  constructor(public text: string) {}

  fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    const near = this.pos < this.text.length ? `'${this.text.substr(this.pos, 12)}'` : "end of input";
    raise(ErrorCode.Parse, `cannot parse expression '${this.text}': ${message} at position ${this.pos} (near ${near})`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c != 32 && c != 9 && c != 10 && c != 13) break;
      this.pos++;
    }
  }

  atEnd(): bool {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  peek(): i32 {
    this.skipSpace();
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  /** Consumes `s` if the input continues with it. */
  accept(s: string): bool {
    this.skipSpace();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  /** Whether the input continues with `s` (without consuming). */
  looking(s: string): bool {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  expect(s: string): bool {
    if (this.accept(s)) return true;
    this.fail(`expected '${s}'`);
    return false;
  }

  /** An identifier [A-Za-z_][A-Za-z0-9_]*, or "" when none starts here. */
  identifier(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95;
      const digit = c >= 48 && c <= 57;
      if (!(alpha || (digit && this.pos > start))) break;
      this.pos++;
    }
    return this.text.substring(start, this.pos);
  }

  /** Whether a decimal digit (optionally after '-') starts here. */
  atDigit(): bool {
    const c = this.peek();
    return c >= 48 && c <= 57;
  }

  /** A decimal integer with optional leading '-'; records Overflow beyond i64. */
  integerLiteral(): i64 {
    this.skipSpace();
    let negative = false;
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 45) {
      negative = true;
      this.pos++;
    }
    const start = this.pos;
    let v: i64 = 0;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c < 48 || c > 57) break;
      const d = <i64>(c - 48);
      // Accumulate negatively so i64.MIN_VALUE is representable.
      if (v < (i64.MIN_VALUE + d) / 10) {
        raise(ErrorCode.Overflow, `integer literal at position ${start} does not fit in 64 bits`);
        this.failed = true;
        return 0;
      }
      v = v * 10 - d;
      this.pos++;
    }
    if (this.pos == start) {
      this.fail("expected an integer");
      return 0;
    }
    if (!negative) {
      if (v == i64.MIN_VALUE) {
        raise(ErrorCode.Overflow, `integer literal at position ${start} does not fit in 64 bits`);
        this.failed = true;
        return 0;
      }
      return -v;
    }
    return v;
  }

  /** Whether the number starting here is a float literal (has '.' or an exponent). */
  atFloat(): bool {
    this.skipSpace();
    let i = this.pos;
    while (i < this.text.length) {
      const c = this.text.charCodeAt(i);
      if (c >= 48 && c <= 57) i++;
      else return c == 46 || c == 101 || c == 69;
    }
    return false;
  }

  private digitAt(i: i32): bool {
    if (i >= this.text.length) return false;
    const c = this.text.charCodeAt(i);
    return c >= 48 && c <= 57;
  }

  /** A decimal float literal `1.5`, `1.50000000000000`, `1.0e+20` (optional leading '-'). */
  floatLiteral(): f64 {
    this.skipSpace();
    const start = this.pos;
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 45) this.pos++;
    while (this.digitAt(this.pos)) this.pos++;
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 46) {
      this.pos++;
      while (this.digitAt(this.pos)) this.pos++;
    }
    if (this.pos < this.text.length && (this.text.charCodeAt(this.pos) == 101 || this.text.charCodeAt(this.pos) == 69)) {
      this.pos++;
      if (this.pos < this.text.length && (this.text.charCodeAt(this.pos) == 43 || this.text.charCodeAt(this.pos) == 45)) this.pos++;
      if (!this.digitAt(this.pos)) {
        this.fail("expected an exponent");
        return 0;
      }
      while (this.digitAt(this.pos)) this.pos++;
    }
    const text = this.text.substring(start, this.pos);
    const v = parseFloat(text);
    if (text.length == 0 || isNaN(v)) {
      this.pos = start;
      this.fail("expected a number");
      return 0;
    }
    return v;
  }

  /** A Python string literal in single or double quotes (backslash escapes kept simple). */
  stringLiteral(): string {
    this.skipSpace();
    if (this.pos >= this.text.length) {
      this.fail("expected a quoted name");
      return "";
    }
    const q = this.text.charCodeAt(this.pos);
    if (q != 39 && q != 34) {
      this.fail("expected a quoted name");
      return "";
    }
    this.pos++;
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c == q) {
        this.pos++;
        return out;
      }
      if (c == 92 && this.pos + 1 < this.text.length) {
        this.pos++;
      }
      out += String.fromCharCode(this.text.charCodeAt(this.pos));
      this.pos++;
    }
    this.fail("unterminated string");
    return "";
  }
}

/** Deepest nesting the parsers accept. */
export const MAX_DEPTH: i32 = 200;
