/** The input gradient of a convolution (plain or depthwise) as forward convolutions on the wasm backend.
 * Along each axis dx[h] = sum over y, i with y*s + i*d - top = h of dy[y] * W[i] (s stride, d dilation):
 * - stride 1: one stride-1 convolution of dy with the filter turned by 180 degrees;
 * - stride s > 1 (polyphase): the outputs h = q*s + a of each phase a use only the taps i = r + s*t with
 *   r = (a + top) mod s, so each of the s*s phases is a small stride-1 convolution of dy with a sub-filter,
 *   interleaved into dx: 1/s^2 of the work of convolving dy spread out with zeros.
 * Stride and dilation both above 1 do not occur: tfjs allows neither in gradients. */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { call, free, heapView, zeros, type Info } from "./wasm-call";

export type Padding = [[number, number], [number, number], [number, number], [number, number]];

/** A stride-1 forward convolution of `x` with `reversed` (a filter, or a sub-filter, already turned by 180
 * degrees) at the given padding and dilation, giving [n, rows, cols, input channels]; the caller lays the
 * filter out for its kernel. */
export type TurnedConvolution = (
  x: Info,
  reversed: Info,
  padding: Padding,
  dilations: [number, number],
) => Info;

/** dx for a convolution described by `info`, from dy and the (unturned) filter. */
export function inputGradient(
  backend: BackendWasm,
  dy: Info,
  filter: Info,
  info: tf.backend_util.Conv2DInfo,
  conv: TurnedConvolution,
): Info {
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  if (sh > 1 || sw > 1) {
    if (dh > 1 || dw > 1)
      throw new Error(
        `input gradient on wasm: strides ${sh}x${sw} with dilations ${dh}x${dw}; one of them must be 1`,
      );
    return polyphase(backend, dy, filter, info, conv);
  }
  const reversed = turnedTaps(backend, filter, [0, 0], [1, 1]);
  const top = (info.filterHeight - 1) * dh - info.padInfo.top;
  const left = (info.filterWidth - 1) * dw - info.padInfo.left;
  const bottom = info.inHeight + (info.filterHeight - 1) * dh - top - info.outHeight;
  const right = info.inWidth + (info.filterWidth - 1) * dw - left - info.outWidth;
  const dx = padAndConvolve(backend, dy, reversed, [top, bottom], [left, right], [dh, dw], conv);
  free(backend, reversed);
  // At stride 1 every input pixel lies in some window, so dy is never cropped away; if it were, dx is zero.
  return dx ?? zeros(backend, [info.batchSize, info.inHeight, info.inWidth, info.inChannels]);
}

/** Convolves x padded by rows [before, after] and cols [before, after]; negative amounts crop x instead.
 * Null when the crop leaves no rows or columns: the convolution then sees only padding, its result is zero,
 * and XNNPACK, given an empty input, would fail. */
function padAndConvolve(
  backend: BackendWasm,
  x: Info,
  reversed: Info,
  rows: [number, number],
  cols: [number, number],
  dilations: [number, number],
  conv: TurnedConvolution,
): Info | null {
  const [n, h, w, c] = x.shape;
  const [top, bottom] = rows,
    [left, right] = cols;
  const t = Math.max(0, -top),
    l = Math.max(0, -left);
  const keptRows = h - t - Math.max(0, -bottom),
    keptCols = w - l - Math.max(0, -right);
  if (keptRows <= 0 || keptCols <= 0) return null;
  let source = x;
  if (keptRows < h || keptCols < w)
    source = call(
      backend,
      "Slice",
      { x },
      { begin: [0, t, l, 0], size: [n, keptRows, keptCols, c] },
    );
  const padding: Padding = [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ];
  const out = conv(source, reversed, padding, dilations);
  if (source !== x) free(backend, source);
  return out;
}

/** One phase along one axis: output positions q*s + a for q < count, taps i = r + s*t for t < taps, and
 * the padding of dy (before, after) that makes the phase a stride-1 convolution. */
function phase(a: number, s: number, top: number, inSize: number, outSize: number, k: number) {
  const r = (((a + top) % s) + s) % s;
  const taps = r < k ? Math.ceil((k - r) / s) : 0;
  const count = Math.ceil((inSize - a) / s);
  const base = (a + top - r) / s;
  const before = taps - 1 - base;
  return { r, taps, count, before, after: count + taps - 1 - before - outSize };
}

function polyphase(
  backend: BackendWasm,
  dy: Info,
  filter: Info,
  info: tf.backend_util.Conv2DInfo,
  conv: TurnedConvolution,
): Info {
  const {
    batchSize: n,
    inHeight,
    inWidth,
    inChannels: c,
    outHeight,
    outWidth,
    strideHeight: sh,
    strideWidth: sw,
    filterHeight,
    filterWidth,
    padInfo,
  } = info;
  const out = zeros(backend, [n, inHeight, inWidth, c]);
  for (let a = 0; a < Math.min(sh, inHeight); a++) {
    const py = phase(a, sh, padInfo.top, inHeight, outHeight, filterHeight);
    for (let b = 0; b < Math.min(sw, inWidth); b++) {
      const px = phase(b, sw, padInfo.left, inWidth, outWidth, filterWidth);
      if (py.taps === 0 || px.taps === 0 || py.count <= 0 || px.count <= 0) continue;
      const reversed = turnedTaps(backend, filter, [py.r, px.r], [sh, sw]);
      const part = padAndConvolve(
        backend,
        dy,
        reversed,
        [py.before, py.after],
        [px.before, px.after],
        [1, 1],
        conv,
      );
      // A phase whose dy rows or columns are all cropped away adds nothing: out is already zero there.
      if (part) {
        interleave(backend, part, out, a, b, sh, sw);
        free(backend, part);
      }
      free(backend, reversed);
    }
  }
  return out;
}

/** The taps r + s*t (t = 0, 1, ...) of `filter` [kh, kw, a, b] along its two spatial axes, turned by 180
 * degrees: out[t][u] = filter[rh + sh*(th-1-t)][rw + sw*(tw-1-u)], each tap's a x b block copied whole. The
 * backend's StridedSlice and Reverse, which did this before, take 2-3 ms each on a 3x3x64x64 filter. */
function turnedTaps(
  backend: BackendWasm,
  filter: Info,
  [rh, rw]: [number, number],
  [sh, sw]: [number, number],
): Info {
  const [kh, kw, a, b] = filter.shape;
  const th = Math.ceil((kh - rh) / sh),
    tw = Math.ceil((kw - rw) / sw);
  const block = a * b;
  const out = backend.makeOutput([th, tw, a, b], "float32");
  const src = heapView(backend, filter);
  const dst = heapView(backend, out);
  for (let t = 0; t < th; t++) {
    for (let u = 0; u < tw; u++) {
      const from = ((rh + sh * (th - 1 - t)) * kw + rw + sw * (tw - 1 - u)) * block;
      dst.set(src.subarray(from, from + block), (t * tw + u) * block);
    }
  }
  return out;
}

/** Writes part [n, rows, cols, c] into out[:, a::sh, b::sw, :]. */
function interleave(
  backend: BackendWasm,
  part: Info,
  out: Info,
  a: number,
  b: number,
  sh: number,
  sw: number,
): void {
  const [n, rows, cols, c] = part.shape;
  const [, h, w] = out.shape;
  const src = heapView(backend, part);
  const dst = heapView(backend, out);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < rows; q++) {
      let from = (i * rows + q) * cols * c;
      let to = ((i * h + a + q * sh) * w + b) * c;
      for (let p = 0; p < cols; p++, from += c, to += sw * c)
        dst.set(src.subarray(from, from + c), to);
    }
  }
}
