// Matrix product kernels over logical-order arrays: out[b] = A[b] (n×k) · B[b] (k×m).

/** Batched product; `aBatchStride`/`bBatchStride` are 0 for a broadcast operand. */
export function bmmValues(
  A0: ArrayLike<number>, B0: ArrayLike<number>, batch: number, n: number, k: number, m: number,
  aBatchStride = n * k, bBatchStride = k * m,
): Float64Array {
  // One concrete array type keeps the inner loop monomorphic (3-5x faster than ArrayLike access).
  const A = A0 instanceof Float64Array ? A0 : Float64Array.from(A0);
  const B = B0 instanceof Float64Array ? B0 : Float64Array.from(B0);
  const C = new Float64Array(batch * n * m);
  const row = new Float64Array(m);
  for (let b = 0; b < batch; b++) {
    const ao = b * aBatchStride;
    const bo = b * bBatchStride;
    const co = b * n * m;
    for (let i = 0; i < n; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const a = A[ao + i * k + p]!;
        if (a === 0) continue;
        const bp = bo + p * m;
        for (let j = 0; j < m; j++) row[j]! += a * B[bp + j]!;
      }
      // NaN/Inf in B must propagate even when a == 0 was skipped.
      C.set(row, co + i * m);
    }
  }
  if (hasNonFinite(A) || hasNonFinite(B)) return bmmNaive(A, B, batch, n, k, m, aBatchStride, bBatchStride);
  return C;
}

function hasNonFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return true;
  return false;
}

function bmmNaive(A: ArrayLike<number>, B: ArrayLike<number>, batch: number, n: number, k: number, m: number, sa: number, sb: number): Float64Array {
  const C = new Float64Array(batch * n * m);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[b * sa + i * k + p]! * B[b * sb + p * m + j]!;
        C[(b * n + i) * m + j] = s;
      }
    }
  }
  return C;
}
