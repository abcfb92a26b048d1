/** Training augmentation drawn from a seeded Rng: torchvision's random resized crop (for image files, cut
 * by the decoder) and a shift-and-flip for small array images (CIFAR, the MNIST family), where a crop of
 * 8% of a 28x28 digit would leave nothing to learn. */
import type { Rng } from "../util/rng";

/** A rectangle in pixel coordinates of the original image. */
export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** torchvision's RandomResizedCrop parameters: an area fraction in `scale` and an aspect ratio in `ratio`
 * (log-uniform), ten tries, then the largest central crop within `ratio`. */
export function randomResizedCropBox(
  width: number,
  height: number,
  rng: Rng,
  scale: [number, number] = [0.08, 1],
  ratio: [number, number] = [3 / 4, 4 / 3],
): CropBox {
  const area = width * height;
  const logLo = Math.log(ratio[0]);
  const logHi = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (scale[0] + (scale[1] - scale[0]) * rng.next());
    const aspect = Math.exp(logLo + (logHi - logLo) * rng.next());
    const w = Math.round(Math.sqrt(target * aspect));
    const h = Math.round(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { left: rng.int(width - w + 1), top: rng.int(height - h + 1), width: w, height: h };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < ratio[0]) h = Math.round(w / ratio[0]);
  else if (inRatio > ratio[1]) w = Math.round(h * ratio[1]);
  return {
    left: Math.floor((width - w) / 2),
    top: Math.floor((height - h) / 2),
    width: w,
    height: h,
  };
}

/** The shift and mirror for one small image: offsets in [-pad, pad] (zero fill) and a coin flip when `flip`. */
export interface ShiftFlip {
  dy: number;
  dx: number;
  mirror: boolean;
}

/** Draws a ShiftFlip (dy, dx, then the coin, in that order). */
export function drawShiftFlip(pad: number, flip: boolean, rng: Rng): ShiftFlip {
  const dy = rng.int(2 * pad + 1) - pad;
  const dx = rng.int(2 * pad + 1) - pad;
  return { dy, dx, mirror: flip && rng.next() < 0.5 };
}

/** Writes `src` (h x w x c) shifted by (dy, dx) with zero fill, mirrored left-right if asked, into `out` at
 * `offset`. */
export function applyShiftFlip(
  src: ArrayLike<number>,
  h: number,
  w: number,
  c: number,
  t: ShiftFlip,
  out: Float32Array,
  offset: number,
): void {
  for (let y = 0; y < h; y++) {
    const sy = y + t.dy;
    for (let x = 0; x < w; x++) {
      const ux = t.mirror ? w - 1 - x : x;
      const sx = ux + t.dx;
      const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
      for (let ch = 0; ch < c; ch++)
        out[offset + (y * w + x) * c + ch] = inside ? src[(sy * w + sx) * c + ch] : 0;
    }
  }
}
