/** Real image files for data and comparison tests: seeded smooth pictures written by sharp in a temp folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { Rng } from "../../src/util/rng";

/** A fresh temp folder, removed when the test process ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `imagenot-${prefix}-`));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An RGB picture (HWC bytes) of a few soft coloured blobs and a gradient, different for every seed. */
export function smoothImage(seed: number, width: number, height: number): Buffer {
  const rng = new Rng(seed);
  const blobs = Array.from({ length: 5 }, () => ({
    x: rng.next() * width,
    y: rng.next() * height,
    r: (0.1 + 0.3 * rng.next()) * Math.max(width, height),
    rgb: [rng.next(), rng.next(), rng.next()].map((v) => 255 * v),
  }));
  const tilt = [rng.next() - 0.5, rng.next() - 0.5];
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let v = 128 + 100 * (tilt[0] * (x / width) + tilt[1] * (y / height));
        for (const b of blobs)
          v += (b.rgb[c] - 128) * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
        out[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return out;
}

/** Writes `rgb` (width x height x 3) to `path` as JPEG, PNG or WebP (WebP lossless, so it decodes exactly). */
export async function writeImage(
  path: string,
  rgb: Buffer,
  width: number,
  height: number,
  format: "jpeg" | "png" | "webp",
  quality = 90,
): Promise<void> {
  const img = sharp(rgb, { raw: { width, height, channels: 3 } });
  if (format === "jpeg") await img.jpeg({ quality }).toFile(path);
  else if (format === "png") await img.png().toFile(path);
  else await img.webp({ lossless: true }).toFile(path);
}
