/** A split held as bytes in memory (CIFAR, IDX, the built-in sets), read at a chosen size with the
 * shift-and-flip augmentation suited to small images. */
import { inMemoryImages, type ImageShape, type LabeledImages } from "./dataset";
import { applyShiftFlip, drawShiftFlip } from "./augment";
import { resample } from "./resample";

/** Images as bytes (count x h x w x c, HWC) with their labels. */
export interface LabeledBytes {
  pixels: Uint8Array;
  labels: Int32Array;
}

/** The parts one after another (CIFAR's five batches, the built-in sets' per-class files). */
export function concatLabeledBytes(parts: readonly LabeledBytes[]): LabeledBytes {
  if (parts.length === 1) return parts[0];
  const pixels = new Uint8Array(parts.reduce((s, p) => s + p.pixels.length, 0));
  const labels = new Int32Array(parts.reduce((s, p) => s + p.labels.length, 0));
  let po = 0;
  let lo = 0;
  for (const p of parts) {
    pixels.set(p.pixels, po);
    labels.set(p.labels, lo);
    po += p.pixels.length;
    lo += p.labels.length;
  }
  return { pixels, labels };
}

export interface ArrayAugment {
  /** Largest shift in output pixels (zero fill). */
  pad: number;
  /** Mirror left-right with probability 1/2 (off for digits, which are not mirror-symmetric). */
  flip: boolean;
}

/** A split over `pixels` (count x h x w x c bytes, HWC) read at `size` x `size` when given (resampled),
 * augmented by `augment` when a batch asks for it. */
export function arrayImages(
  pixels: Uint8Array,
  labels: Int32Array,
  native: ImageShape,
  augment: ArrayAugment,
  size?: number,
): LabeledImages {
  const base = inMemoryImages(pixels, labels, native);
  const [h, w, c] = native;
  const outH = size ?? h;
  const outW = size ?? w;
  const per = outH * outW * c;
  const resized = outH !== h || outW !== w;
  return {
    count: base.count,
    imageShape: [outH, outW, c],
    labels: base.labels,
    async batch(indices, opts) {
      const raw = await base.batch(indices);
      if (!resized && !opts?.augment) return raw;
      if (opts?.augment && !opts.rng) throw new Error("batch: augment needs an rng");
      const n = raw.y.length;
      const x = new Float32Array(n * per);
      const scratch = new Float32Array(per);
      for (let i = 0; i < n; i++) {
        const item = raw.x.subarray(i * h * w * c, (i + 1) * h * w * c);
        const plain = resized ? resample(item, h, w, c, outH, outW, scratch) : item;
        if (opts?.augment)
          applyShiftFlip(
            plain,
            outH,
            outW,
            c,
            drawShiftFlip(augment.pad, augment.flip, opts.rng!),
            x,
            i * per,
          );
        else x.set(plain, i * per);
      }
      return { x, y: raw.y };
    },
  };
}
