// sympy Float text: mpmath's to_str(value, dps, strip_zeros) as sympy's printers call it
// (str: 15 digits, zeros kept at the top level and stripped inside an expression; srepr and the
// guard printer: 17 digits). The digits come from the shortest round-trip representation,
// which equals the exact binary value rounded to 15 digits; at 17 digits a value whose shortest
// form is shorter prints that form (mpmath would print the exact expansion's 17 digits).

/** Decimal digits (no leading zeros) and the exponent of the first digit: v = 0.d1d2... * 10^(exp+1). */
class Digits {
  constructor(public digits: string, public exponent: i32) {}
}

function digitsOf(v: f64): Digits {
  let s = v.toString();
  if (s.startsWith("-")) s = s.substring(1);
  let exp: i32 = 0;
  const e = s.indexOf("e");
  if (e >= 0) {
    exp = I32.parseInt(s.substring(e + 1).replace("+", ""));
    s = s.substring(0, e);
  }
  let point = s.indexOf(".");
  if (point < 0) point = s.length;
  const intPart = s.substring(0, point);
  const frac = point < s.length ? s.substring(point + 1) : "";
  let all = intPart + frac;
  // Position of the decimal point relative to the start of `all`.
  let pointPos: i32 = intPart.length + exp;
  let lead = 0;
  while (lead < all.length - 1 && all.charCodeAt(lead) == 48) lead++;
  all = all.substring(lead);
  pointPos -= lead;
  let end = all.length;
  while (end > 1 && all.charCodeAt(end - 1) == 48) end--;
  all = all.substring(0, end);
  return new Digits(all, pointPos - 1);
}

/** mpmath.libmp.to_str(v, dps, strip_zeros) with default min_fixed / max_fixed. */
export function floatToStr(v: f64, dps: i32, stripZeros: bool): string {
  if (v == 0) return "0.0";
  const sign = v < 0 ? "-" : "";
  const d = digitsOf(v);
  let digits = d.digits;
  let exponent = d.exponent;
  if (digits.length > dps) {
    const next = digits.charCodeAt(dps);
    digits = digits.substring(0, dps);
    if (next >= 53) {
      let i = dps - 1;
      while (i >= 0 && digits.charCodeAt(i) == 57) i--;
      if (i >= 0) {
        digits = digits.substring(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + "0".repeat(dps - i - 1);
      } else {
        digits = "1" + "0".repeat(dps - 1);
        exponent += 1;
      }
    }
  }
  if (digits.length < dps) digits += "0".repeat(dps - digits.length);
  const minFixed = min<i32>(-(dps / 3), -5);
  const maxFixed = dps;
  let split: i32 = 1;
  if (minFixed < exponent && exponent < maxFixed) {
    if (exponent < 0) {
      digits = "0".repeat(-exponent) + digits;
      split = 1;
    } else {
      split = exponent + 1;
      if (split > dps) digits += "0".repeat(split - dps);
    }
    exponent = 0;
  }
  let text = digits.substring(0, split) + "." + digits.substring(split);
  if (stripZeros) {
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) == 48) end--;
    text = text.substring(0, end);
    if (text.endsWith(".")) text += "0";
  }
  if (exponent == 0) return sign + text;
  return sign + text + (exponent > 0 ? "e+" + exponent.toString() : "e" + exponent.toString());
}
