/** Resizing of HWC float images in plain JS (no decoder round trip): a separable triangle filter whose
 * support widens when shrinking, the same scheme as Pillow's BILINEAR, so shrinking averages instead of
 * aliasing. Used to bring array sources to a requested image size and to make 32x32 hash thumbnails. */

interface Taps {
  start: Int32Array;
  length: Int32Array;
  weights: Float64Array;
  width: number;
}

/** The filter taps mapping `inSize` samples to `outSize` samples. */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const width = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const length = new Int32Array(outSize);
  const weights = new Float64Array(outSize * width);
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    let total = 0;
    for (let i = lo; i < hi; i++) {
      const w = Math.max(0, 1 - Math.abs((i - center + 0.5) / filterScale));
      weights[o * width + i - lo] = w;
      total += w;
    }
    if (total > 0) for (let i = lo; i < hi; i++) weights[o * width + i - lo] /= total;
    start[o] = lo;
    length[o] = hi - lo;
  }
  return { start, length, weights, width };
}

/** `src` (h x w x c, row-major HWC) resized to outH x outW, written to `out` at `outOffset` (or a new array). */
export function resample(
  src: ArrayLike<number>,
  h: number,
  w: number,
  c: number,
  outH: number,
  outW: number,
  out: Float32Array = new Float32Array(outH * outW * c),
  outOffset = 0,
): Float32Array {
  if (src.length < h * w * c)
    throw new RangeError(`resample: ${src.length} values cannot hold ${h}x${w}x${c}`);
  const tx = taps(w, outW);
  const ty = taps(h, outH);
  const mid = new Float64Array(h * outW * c);
  for (let y = 0; y < h; y++) {
    for (let o = 0; o < outW; o++) {
      const base = o * tx.width;
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < tx.length[o]; k++)
          acc += tx.weights[base + k] * src[(y * w + tx.start[o] + k) * c + ch];
        mid[(y * outW + o) * c + ch] = acc;
      }
    }
  }
  for (let o = 0; o < outH; o++) {
    const base = o * ty.width;
    for (let x = 0; x < outW; x++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < ty.length[o]; k++)
          acc += ty.weights[base + k] * mid[((ty.start[o] + k) * outW + x) * c + ch];
        out[outOffset + (o * outW + x) * c + ch] = acc;
      }
    }
  }
  return out;
}
