// Direct convolution kernels on logical-order arrays, 2-D spatial (1-D uses H = 1).

export interface ConvGeom {
  N: number; C: number; H: number; W: number; // input
  O: number; KH: number; KW: number; // weight [O, C/g, KH, KW] (transposed: [C, O/g, KH, KW])
  OH: number; OW: number;
  sh: number; sw: number; ph: number; pw: number; dh: number; dw: number; groups: number;
}

/** Cross-correlation (PyTorch's conv) with zero padding. */
export function conv2d(x: Float64Array, w: Float64Array, bias: ArrayLike<number> | null, g: ConvGeom): Float64Array {
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, ph, pw, dh, dw, groups } = g;
  const cg = C / groups;
  const og = O / groups;
  const out = new Float64Array(N * O * OH * OW);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const grp = Math.floor(o / og);
      const b = bias ? bias[o]! : 0;
      const ob = ((n * O + o) * OH) * OW;
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) {
          let acc = b;
          for (let c = 0; c < cg; c++) {
            const ic = grp * cg + c;
            const xb = (n * C + ic) * H;
            const wb = (o * cg + c) * KH;
            for (let ky = 0; ky < KH; ky++) {
              const iy = oy * sh - ph + ky * dh;
              if (iy < 0 || iy >= H) continue;
              const xr = (xb + iy) * W;
              const wr = (wb + ky) * KW;
              for (let kx = 0; kx < KW; kx++) {
                const ix = ox * sw - pw + kx * dw;
                if (ix < 0 || ix >= W) continue;
                acc += x[xr + ix]! * w[wr + kx]!;
              }
            }
          }
          out[ob + oy * OW + ox] = acc;
        }
      }
    }
  }
  return out;
}

/** Transposed convolution: scatter each input pixel through the kernel. */
export function convTranspose2d(x: Float64Array, w: Float64Array, bias: ArrayLike<number> | null, g: ConvGeom): Float64Array {
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, ph, pw, dh, dw, groups } = g;
  const cg = C / groups;
  const og = O / groups;
  const out = new Float64Array(N * O * OH * OW);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const grp = Math.floor(c / cg);
      for (let iy = 0; iy < H; iy++) {
        for (let ix = 0; ix < W; ix++) {
          const v = x[((n * C + c) * H + iy) * W + ix]!;
          for (let oo = 0; oo < og; oo++) {
            const o = grp * og + oo;
            const wb = (c * og + oo) * KH;
            for (let ky = 0; ky < KH; ky++) {
              const oy = iy * sh - ph + ky * dh;
              if (oy < 0 || oy >= OH) continue;
              for (let kx = 0; kx < KW; kx++) {
                const ox = ix * sw - pw + kx * dw;
                if (ox < 0 || ox >= OW) continue;
                out[((n * O + o) * OH + oy) * OW + ox] += v * w[(wb + ky) * KW + kx]!;
              }
            }
          }
        }
      }
    }
  }
  if (bias) {
    for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) {
      const b = bias[o]!;
      const base = (n * O + o) * OH * OW;
      for (let i = 0; i < OH * OW; i++) out[base + i] += b;
    }
  }
  return out;
}
