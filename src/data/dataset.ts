/** What a dataset is to the rest of the project: class list plus labelled images per split,
 * read in batches (NHWC float32 in [0, 1]) so that sources may stream from disk. */
import type { Rng } from "../util/rng";

export type ImageShape = readonly [height: number, width: number, channels: number];

export interface Batch {
  /** count*h*w*c floats in [0, 1], NHWC. */
  x: Float32Array;
  /** count class indices into the dataset's `classes`. */
  y: Int32Array;
  /** Set only when items were left out (undecodable files): positions, into the requested indices, of the
   * items present, in order (so per-example results stay aligned). */
  kept?: Int32Array;
}

export interface BatchOptions {
  /** Apply the source's training augmentation (random resized crop, flip), drawing from `rng`. */
  augment?: boolean;
  rng?: Rng;
}

/** An item that comes from an image file: its path and original (EXIF-oriented) size. */
export interface ImageFile {
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

/** One split of a dataset: `count` labelled images of one shape. */
export interface LabeledImages {
  readonly count: number;
  readonly imageShape: ImageShape;
  /** Per item, in item order, where the items are image files (folders); absent for array sources. */
  readonly files?: readonly ImageFile[];
  /** Labels of all items, in item order (for class counts and stratified splits). */
  labels(): Int32Array;
  /** The images and labels at `indices`. File sources leave out items that fail to decode (and report
   * them), so a batch may hold fewer items than `indices`: use `y.length` as its size. */
  batch(indices: ArrayLike<number>, opts?: BatchOptions): Promise<Batch>;
}

export interface Dataset {
  /** Short name used in run records and tables, e.g. "mnist". */
  readonly name: string;
  /** Class ids (WordNet ids where the classes are synsets) in label order. */
  readonly classes: readonly string[];
  /** Human-readable class names, same order, where known. */
  readonly classNames?: readonly string[];
  readonly train: LabeledImages;
  readonly test: LabeledImages;
  /** Where the data came from (a path or a package), recorded with runs. */
  readonly source: string;
}

/** An in-memory split from pixels already in [0, 1] (or bytes 0..255, scaled on read). */
export function inMemoryImages(
  pixels: Float32Array | Uint8Array,
  labels: Int32Array,
  imageShape: ImageShape,
): LabeledImages {
  const per = imageShape[0] * imageShape[1] * imageShape[2];
  if (pixels.length !== labels.length * per) {
    throw new RangeError(
      `inMemoryImages: ${pixels.length} values do not make ${labels.length} images of ${imageShape.join("x")}`,
    );
  }
  const scale = pixels instanceof Uint8Array ? 1 / 255 : 1;
  return {
    count: labels.length,
    imageShape,
    labels: () => labels,
    async batch(indices) {
      const n = indices.length;
      const x = new Float32Array(n * per);
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = indices[i];
        if (!(k >= 0 && k < labels.length))
          throw new RangeError(`batch: index ${k} outside 0..${labels.length - 1}`);
        const src = pixels.subarray(k * per, (k + 1) * per);
        if (scale === 1) x.set(src, i * per);
        else for (let j = 0; j < per; j++) x[i * per + j] = src[j] * scale;
        y[i] = labels[k];
      }
      return { x, y };
    },
  };
}
