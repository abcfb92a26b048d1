/** The filter gradient of a convolution on the wasm backend, dW[i,j,c,o] = sum over n,y,x of
 * xPadded[n, s*y+i, s*x+j, c] * dy[n,y,x,o] (s the stride), by one of two methods, both run by XNNPACK:
 * - as one convolution (`asConvolution`): with the batch moved into the channels and the stride turned into
 *   a dilation, x convolved with dy as the filter. XNNPACK repacks that filter on every call, which
 *   dominates when dy is large and the filter small (64x32x32x3 -> 32);
 * - by taps (`byTaps`): x split into its s*s stride phases (one for stride 1); phase (p,q) holds the pixels
 *   s*u+p, s*v+q, which the taps i = s*a+p, j = s*b+q read at (y+a, x+b). The phase (channel-major) and dy
 *   ([pixels][o]) are laid out on one grid of rows x cols per image, zero where there is no data, and tap
 *   (a,b) is the matrix product of the phase read from offset a*cols+b, [c x K], with dy, [K x o]: the left
 *   operand is a view into the phase, not a copy, and its rows run on into the next channel's only where
 *   dy is zero. dy is packed once for all taps. It pays for the grid's margins (rows*cols against
 *   outH*outW) and a call per tap.
 * `filterGradientMethod` picks one by a rule fit to 13 shapes timed both ways (`npm run bench --
 * filter-gradient`: batch 16-64, 4x4 to 56x56 images, 1-256 channels, kernels 1-7, strides 1-2, 2 threads).
 * In one idle run, taps were 1.03-1.46x faster on the benchmark net's four convolutions and 1.20x on a
 * 56x56x64 one, and the rule kept the convolution where that was up to 2.7x faster (a 7x7 stride-2 layer
 * on one channel); on three shapes near the boundary it picked the slower, by 4-8%. Runs differ by some
 * percent, so the boundary cases flip between runs. */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { call, free, freeView, heapView, transpose, view, zeros, type Info } from "./wasm-call";

/** dW [filterHeight, filterWidth, inChannels, outChannels] of the convolution `info` from x and dy, by the
 * method `filterGradientMethod` picks. */
export function filterGradient(
  backend: BackendWasm,
  x: Info,
  dy: Info,
  info: tf.backend_util.Conv2DInfo,
): Info {
  return filterGradientMethod(info) === "taps"
    ? byTaps(backend, x, dy, info)
    : asConvolution(backend, x, dy, info);
}

/** The method expected to be faster: taps where the convolution's repacking of dy costs more than the
 * grid's margins (c * taps * (margin - 1) < 250, margin = rows*cols / (outH*outW)) and each tap's product
 * is big enough (>= 4 MFLOP) to outweigh a call's overhead. */
export function filterGradientMethod(info: tf.backend_util.Conv2DInfo): "taps" | "convolution" {
  const { rows, cols } = tapGrid(info);
  const { inChannels: c, outChannels: o, batchSize: n, outHeight, outWidth } = info;
  const margin = (rows * cols) / (outHeight * outWidth);
  const taps = info.filterHeight * info.filterWidth;
  const tapFlops = 2 * c * o * n * rows * cols;
  return c * taps * (margin - 1) < 250 && tapFlops >= 4e6 ? "taps" : "convolution";
}

/** The grid byTaps lays x's phases and dy on: room for the most taps any phase has along each axis. */
function tapGrid(info: tf.backend_util.Conv2DInfo): { rows: number; cols: number } {
  return {
    rows: info.outHeight + Math.ceil(info.filterHeight / info.strideHeight) - 1,
    cols: info.outWidth + Math.ceil(info.filterWidth / info.strideWidth) - 1,
  };
}

/** The filter gradient as one matrix product per tap (see the top of this file). */
export function byTaps(
  backend: BackendWasm,
  x: Info,
  dy: Info,
  info: tf.backend_util.Conv2DInfo,
): Info {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { inChannels: c, outChannels: o, batchSize: n } = info;
  const { rows, cols } = tapGrid(info);
  const k = n * rows * cols;
  const dyGrid = dyOnGrid(backend, dy, rows, cols);
  const dw = backend.makeOutput([kh, kw, c, o], "float32");
  for (let p = 0; p < Math.min(sh, kh); p++) {
    for (let q = 0; q < Math.min(sw, kw); q++) {
      const tapsDown = Math.ceil((kh - p) / sh);
      const tapsAcross = Math.ceil((kw - q) / sw);
      // The last tap's view reads this far past the phase's last row.
      const tail = (tapsDown - 1) * cols + tapsAcross - 1;
      const phase = phaseOnGrid(backend, x, info, p, q, rows, cols, tail);
      for (let a = 0; a < tapsDown; a++) {
        for (let b = 0; b < tapsAcross; b++) {
          const shifted = view(backend, phase, a * cols + b, [1, c, k]);
          const tap = call(
            backend,
            "BatchMatMul",
            { a: shifted, b: dyGrid },
            { transposeA: false, transposeB: false },
          );
          const at = ((sh * a + p) * kw + sw * b + q) * c * o;
          heapView(backend, dw).set(heapView(backend, tap), at);
          free(backend, tap);
          freeView(backend, shifted);
        }
      }
      free(backend, phase);
    }
  }
  free(backend, dyGrid);
  return dw;
}

/** The filter gradient as one convolution (see the top of this file): dW^T [c, i, j, o] is the convolution
 * of x' = x^T [c, h, w, n] with the filter dy' [y, x, n, o] at dilation s. */
export function asConvolution(
  backend: BackendWasm,
  x: Info,
  dy: Info,
  info: tf.backend_util.Conv2DInfo,
): Info {
  const {
    inHeight,
    inWidth,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
    padInfo,
  } = info;
  const filterShape = [filterHeight, filterWidth, info.inChannels, info.outChannels];
  // Rows and columns of x the convolution reads; trailing ones a strided "valid" convolution skips are cut off.
  const needH = strideHeight * (outHeight - 1) + filterHeight - padInfo.top;
  const needW = strideWidth * (outWidth - 1) + filterWidth - padInfo.left;
  const usedH = Math.min(inHeight, needH);
  const usedW = Math.min(inWidth, needW);
  // Every window lies in the padding (a stride beyond the input): the gradient is zero, and XNNPACK would
  // fail on an empty input.
  if (usedH <= 0 || usedW <= 0) return zeros(backend, filterShape);
  const xt = batchLast(backend, x, usedH, usedW);
  const dyt = transpose(backend, dy, [1, 2, 0, 3]);
  const padding = [
    [0, 0],
    [padInfo.top, needH - usedH],
    [padInfo.left, needW - usedW],
    [0, 0],
  ];
  const dwt = call(
    backend,
    "Conv2D",
    { x: xt, filter: dyt },
    { strides: [1, 1], dilations: [strideHeight, strideWidth], pad: padding, dataFormat: "NHWC" },
  );
  const dw = transpose(backend, dwt, [1, 2, 0, 3]);
  free(backend, xt, dyt, dwt);
  return dw;
}

/** The top-left usedH x usedW of x [n, h, w, c] as [c, usedH, usedW, n]. In tiles of 16 images, reads stay
 * near each other and writes run along n: 3x faster than the backend's general Transpose. */
function batchLast(backend: BackendWasm, x: Info, usedH: number, usedW: number): Info {
  const [n, h, w, c] = x.shape;
  const out = backend.makeOutput([c, usedH, usedW, n], "float32");
  const src = heapView(backend, x);
  const dst = heapView(backend, out);
  const imageSize = h * w * c,
    plane = usedH * usedW * n,
    tile = 16;
  for (let y = 0; y < usedH; y++) {
    for (let xx = 0; xx < usedW; xx++) {
      const pixel = (y * w + xx) * c,
        outPixel = (y * usedW + xx) * n;
      for (let b0 = 0; b0 < n; b0 += tile) {
        const bEnd = Math.min(n, b0 + tile);
        for (let k = 0; k < c; k++) {
          let from = b0 * imageSize + pixel + k;
          let to = k * plane + outPixel + b0;
          for (let b = b0; b < bEnd; b++, to++, from += imageSize) dst[to] = src[from];
        }
      }
    }
  }
  return out;
}

/** dy [n, outH, outW, o] as [1, n*rows*cols, o]: each image's pixels at the top left of its rows x cols
 * block, zeros elsewhere. */
function dyOnGrid(backend: BackendWasm, dy: Info, rows: number, cols: number): Info {
  const [n, outH, outW, o] = dy.shape;
  const out = backend.makeOutput([1, n * rows * cols, o], "float32");
  const src = heapView(backend, dy);
  const dst = heapView(backend, out);
  dst.fill(0);
  for (let img = 0; img < n; img++) {
    for (let y = 0; y < outH; y++) {
      const from = (img * outH + y) * outW * o;
      dst.set(src.subarray(from, from + outW * o), (img * rows + y) * cols * o);
    }
  }
  return out;
}

/** Phase (p,q) of x padded as the convolution pads it, channel-major on the grid: element
 * [ch][img][u][v] = xPadded[img, sh*u+p, sw*v+q, ch], followed by `tail` zeros. */
function phaseOnGrid(
  backend: BackendWasm,
  x: Info,
  info: tf.backend_util.Conv2DInfo,
  p: number,
  q: number,
  rows: number,
  cols: number,
  tail: number,
): Info {
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [n, h, w, c] = x.shape;
  const plane = n * rows * cols;
  const out = backend.makeOutput([c * plane + tail], "float32");
  const src = heapView(backend, x);
  const dst = heapView(backend, out);
  dst.fill(0);
  // Grid columns v whose source column sw*v+q-left lies inside x.
  const colOf = (v: number) => sw * v + q - padInfo.left;
  let v0 = 0;
  while (v0 < cols && colOf(v0) < 0) v0++;
  let v1 = v0;
  while (v1 < cols && colOf(v1) < w) v1++;
  for (let img = 0; img < n; img++) {
    for (let u = 0; u < rows; u++) {
      const row = sh * u + p - padInfo.top;
      if (row < 0 || row >= h) continue;
      const rowStart = (img * h + row) * w;
      const gridStart = (img * rows + u) * cols;
      for (let ch = 0; ch < c; ch++) {
        let to = ch * plane + gridStart + v0;
        let from = (rowStart + colOf(v0)) * c + ch;
        for (let v = v0; v < v1; v++, to++, from += sw * c) dst[to] = src[from];
      }
    }
  }
  return out;
}
