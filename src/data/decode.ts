/** Image files to RGB pixels with sharp (libvips): EXIF orientation applied, alpha dropped, grey expanded
 * to three channels, then either a crop box (augmentation) or the evaluation view (shorter side to the
 * target size, centre crop). */
import sharp from "sharp";
import type { CropBox } from "./augment";

/** The formats a folder source reads, by sharp's format name. */
export const IMAGE_FORMATS = ["jpeg", "png", "webp"] as const;

/** `path` as `size` x `size` x 3 bytes (HWC): `crop` cut from the oriented image and stretched to size, or
 * without `crop` the shorter side scaled to `size` and the centre kept. Truncated or damaged files reject. */
export async function decodeImageFile(path: string, size: number, crop?: CropBox): Promise<Buffer> {
  let image = sharp(path, { failOn: "warning" }).rotate();
  image = crop
    ? image.extract(crop).resize(size, size, { fit: "fill" })
    : image.resize(size, size, { fit: "cover", position: "centre" });
  return image.removeAlpha().toColourspace("srgb").raw({ depth: "uchar" }).toBuffer();
}

/** Bytes (HWC, 0..255) into floats in [0, 1] at `offset`, mirrored left-right when `mirror`. */
export function bytesToFloats(
  bytes: Uint8Array,
  h: number,
  w: number,
  c: number,
  mirror: boolean,
  out: Float32Array,
  offset: number,
): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = (y * w + (mirror ? w - 1 - x : x)) * c;
      const to = offset + (y * w + x) * c;
      for (let ch = 0; ch < c; ch++) out[to + ch] = bytes[from + ch] / 255;
    }
  }
}
