/** Images as images: sharp pipelines (encoded to PNG, or JPEG when that is their format) and PNG/JPEG bytes. */
import type { Bundle as MimeBundle } from "./grid";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether `v` holds PNG bytes (by the signature of the format). */
export function isPngBytes(v: unknown): boolean {
  return v instanceof Uint8Array && v.length > 24 && PNG_MAGIC.every((b, i) => v[i] === b);
}

/** Whether `v` holds JPEG bytes (start-of-image marker). */
export function isJpegBytes(v: unknown): boolean {
  return v instanceof Uint8Array && v.length > 3 && v[0] === 0xff && v[1] === 0xd8 && v[2] === 0xff;
}

/** The bundle of encoded image bytes; PNG says its size (from the IHDR chunk). */
export function imageBytesBundle(bytes: Uint8Array): MimeBundle {
  if (isPngBytes(bytes)) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = `${view.getUint32(16)}×${view.getUint32(20)}`;
    return { "image/png": bytes, "text/plain": `<PNG image ${size}, ${bytes.length} bytes>` };
  }
  return { "image/jpeg": bytes, "text/plain": `<JPEG image, ${bytes.length} bytes>` };
}

/** The members of a sharp pipeline this module uses. */
export interface SharpLike {
  clone(): SharpLike;
  metadata(): Promise<{ format?: string; width?: number; height?: number }>;
  png(): SharpLike;
  jpeg(): SharpLike;
  toBuffer(): Promise<Buffer>;
}

/** Whether `v` looks like a sharp image pipeline. */
export function isSharp(v: unknown): v is SharpLike {
  const s = v as Partial<SharpLike> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    ["clone", "metadata", "png", "jpeg", "toBuffer"].every(
      (m) => typeof (s as Record<string, unknown>)[m] === "function",
    )
  );
}

/** A sharp image encoded on a clone (the pipeline shown stays as it was): JPEG sources stay JPEG. */
export async function sharpBundle(img: SharpLike): Promise<MimeBundle> {
  const meta = await img.clone().metadata();
  const jpeg = meta.format === "jpeg";
  const bytes = await (jpeg ? img.clone().jpeg() : img.clone().png()).toBuffer();
  const text =
    `<sharp image ${meta.width ?? "?"}×${meta.height ?? "?"} ${meta.format ?? ""}>`.trim();
  return { [jpeg ? "image/jpeg" : "image/png"]: bytes, "text/plain": text };
}
