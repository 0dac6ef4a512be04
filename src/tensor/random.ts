// PyTorch's CPU generator: mt19937 seeded by torch.manual_seed, with the samplers of
// aten/src/ATen/core/DistributionsHelper.h and the CPU normal_ kernel (Box–Muller, 16 at a time for
// tensors of 16+ elements). Checked against torch.manual_seed(0) values in test/tensor.

class MT19937 {
  private mt = new Uint32Array(624);
  private idx = 625;
  seed(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, in 32-bit arithmetic
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.idx = 624;
  }
  next(): number {
    const mt = this.mt;
    if (this.idx >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % 624]! & 0x7fffffff);
        mt[i] = mt[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.idx = 0;
    }
    let y = mt[this.idx++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

const engine = new MT19937();
engine.seed(67280421310721 % 2 ** 32); // PyTorch's default seed, truncated as mt19937 takes it
let nextNormal: number | null = null;

/** torch.manual_seed */
export function manual_seed(seed: number): void {
  engine.seed(Number(BigInt.asUintN(32, BigInt(seed))));
  nextNormal = null;
}

/** 32 random bits. */
export const random32 = () => engine.next();
/** 64 random bits as [hi, lo]. */
const random64 = (): [number, number] => [engine.next(), engine.next()];

/** uniform_real_distribution<float>: 24 random bits. */
export function uniformFloat(from = 0, to = 1): number {
  const x = (engine.next() & 0xffffff) * 2 ** -24;
  return Math.fround(x * (to - from) + from);
}

/** uniform_real_distribution<double>: 53 random bits of random64(). */
export function uniformDouble(from = 0, to = 1): number {
  const [hi, lo] = random64();
  const bits53 = (hi & 0x1fffff) * 2 ** 32 + lo; // low 53 bits of (hi << 32 | lo)
  return bits53 * 2 ** -53 * (to - from) + from;
}

/** normal_distribution<double> with its cached second sample. */
export function normalDouble(mean = 0, std = 1): number {
  if (nextNormal !== null) {
    const v = nextNormal;
    nextNormal = null;
    return v * std + mean;
  }
  const u1 = uniformDouble();
  const u2 = uniformDouble();
  const r = Math.sqrt(-2 * Math.log1p(-u2));
  const theta = 2 * Math.PI * u1;
  nextNormal = r * Math.sin(theta);
  return r * Math.cos(theta) * std + mean;
}

function normalFill16(data: Float32Array | Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[at + j]!;
    const u2 = data[at + j + 8]!;
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    data[at + j] = radius * Math.cos(theta) * std + mean;
    data[at + j + 8] = radius * Math.sin(theta) * std + mean;
  }
}

/** Fills `data` as torch.randn / normal_ does for a contiguous float tensor. */
export function fillNormal(data: Float32Array | Float64Array, mean = 0, std = 1, isDouble = false): void {
  const n = data.length;
  const uni = isDouble ? () => uniformDouble() : () => uniformFloat();
  if (n >= 16) {
    for (let i = 0; i < n; i++) data[i] = uni();
    for (let i = 0; i + 16 <= n; i += 16) normalFill16(data, i, mean, std);
    if (n % 16 !== 0) {
      const at = n - 16;
      for (let i = 0; i < 16; i++) data[at + i] = uni();
      normalFill16(data, at, mean, std);
    }
  } else {
    for (let i = 0; i < n; i++) data[i] = normalDouble(mean, std);
  }
}

/** Fills `data` as torch.rand / uniform_ does. */
export function fillUniform(data: Float32Array | Float64Array, from = 0, to = 1, isDouble = false): void {
  for (let i = 0; i < data.length; i++) data[i] = isDouble ? uniformDouble(from, to) : uniformFloat(from, to);
}

/** random_(low, high): PyTorch's random_from_to for ranges below 2^32. */
export function randomInt(low: number, high: number): number {
  const range = high - low;
  if (range >= 2 ** 32) {
    const [hi, lo] = random64();
    return Number((BigInt(hi) * 2n ** 32n + BigInt(lo)) % BigInt(range)) + low;
  }
  return (engine.next() % range) + low;
}
