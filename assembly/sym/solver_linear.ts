// Univariate linear forms p*s + q with rational coefficients, the shape every guard takes after
// DimConstraints.rewrite_with_congruences replaces `b % d` by its value under the hints and
// `b // d` by (b - k) / d. Also the congruence arithmetic the solver needs (CRT).
import { Kind } from "./expr_store";

function gcd(a: i64, b: i64): i64 {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function gcd64(a: i64, b: i64): i64 {
  return gcd(a, b);
}

/** A reduced fraction n/d with d > 0. */
export class Rat {
  n: i64;
  d: i64;
  constructor(n: i64, d: i64 = 1) {
    if (d < 0) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    this.n = g > 1 ? n / g : n;
    this.d = g > 1 ? d / g : d;
  }
  static of(v: i64): Rat { return new Rat(v, 1); }
  add(o: Rat): Rat { return new Rat(this.n * o.d + o.n * this.d, this.d * o.d); }
  sub(o: Rat): Rat { return new Rat(this.n * o.d - o.n * this.d, this.d * o.d); }
  mul(o: Rat): Rat { return new Rat(this.n * o.n, this.d * o.d); }
  div(o: Rat): Rat { return new Rat(this.n * o.d, this.d * o.n); }
  neg(): Rat { return new Rat(-this.n, this.d); }
  isZero(): bool { return this.n == 0; }
  isInt(): bool { return this.d == 1; }
  floor(): i64 {
    const q = this.n / this.d;
    return q * this.d > this.n ? q - 1 : q;
  }
  ceil(): i64 {
    const q = this.n / this.d;
    return q * this.d < this.n ? q + 1 : q;
  }
  cmp(o: Rat): i32 {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
}

/** p*s + q. */
export class Lin {
  constructor(public p: Rat, public q: Rat) {}
  static constant(v: Rat): Lin { return new Lin(Rat.of(0), v); }
  add(o: Lin): Lin { return new Lin(this.p.add(o.p), this.q.add(o.q)); }
  sub(o: Lin): Lin { return new Lin(this.p.sub(o.p), this.q.sub(o.q)); }
  scale(k: Rat): Lin { return new Lin(this.p.mul(k), this.q.mul(k)); }
  isConstant(): bool { return this.p.isZero(); }
  at(v: i64): Rat { return this.p.mul(Rat.of(v)).add(this.q); }
}

/** A univariate relation p*s + q (kind) 0. */
export class LinRel {
  constructor(public kind: Kind, public form: Lin) {}
}

/** A congruence base ≡ 0 (mod m), base linear in the symbol. */
export class Congruence {
  constructor(public base: Lin, public modulus: i64) {}
}

/** Python's a % m for m > 0. */
export function pyMod(a: i64, m: i64): i64 {
  const r = a % m;
  return r < 0 ? r + m : r;
}

/** sympy.ntheory.modular.solve_congruence for pairs (r_i, m_i): returns [r, m] with
 * 0 <= r < m, or an empty array when the congruences are inconsistent. */
export function solveCongruences(rs: Array<i64>, ms: Array<i64>): Array<i64> {
  let r: i64 = 0;
  let m: i64 = 1;
  for (let i = 0; i < rs.length; i++) {
    const ri = pyMod(rs[i], ms[i]);
    const mi = ms[i];
    // Find x ≡ r (mod m), x ≡ ri (mod mi) by stepping through r + k*m (moduli here are small).
    const g = gcd(m, mi);
    if (pyMod(ri - r, g) != 0) return [];
    const l = (m / g) * mi;
    let x = r;
    let steps: i64 = 0;
    while (pyMod(x - ri, mi) != 0) {
      x += m;
      steps++;
      if (steps > mi) return [];
    }
    r = pyMod(x, l);
    m = l;
  }
  return [r, m];
}
