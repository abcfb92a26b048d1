/** Images per second that a folder source decodes and augments (batches with prefetch, concurrent sharp
 * decodes), against a plain sequential sharp decode of the same JPEGs in the same run; prints the ratio.
 * `--json` prints one JSON line. Options: --images N (default 240), --size S (default 160). */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { openDataset } from "../src/data/index";
import { batches } from "../src/data/batches";
import { parseArgs, intOption } from "../app/args";
import { Rng } from "../src/util/rng";

/** Writes `count` 480x360 JPEGs of seeded wavy colour patterns into four class folders. */
async function writeJpegs(root: string, count: number): Promise<string[]> {
  const rng = new Rng(1);
  const paths: string[] = [];
  for (let c = 0; c < 4; c++) mkdirSync(join(root, `class${c}`));
  for (let i = 0; i < count; i++) {
    const [fx, fy, phase] = [rng.next() * 0.05, rng.next() * 0.05, rng.next() * 6];
    const rgb = Buffer.alloc(480 * 360 * 3);
    for (let p = 0; p < 480 * 360; p++) {
      const x = p % 480;
      const y = Math.floor(p / 480);
      for (let ch = 0; ch < 3; ch++)
        rgb[p * 3 + ch] = 128 + 120 * Math.sin(fx * x * (ch + 1) + fy * y + phase + ch);
    }
    const path = join(root, `class${i % 4}`, `${i}.jpg`);
    await sharp(rgb, { raw: { width: 480, height: 360, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

/** The peer: one file at a time, sharp's resize and centre crop to raw bytes, then floats. */
async function sequentialDecode(paths: string[], size: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (const path of paths) {
    const bytes = await sharp(path)
      .resize(size, size, { fit: "cover" })
      .removeAlpha()
      .raw()
      .toBuffer();
    Float32Array.from(bytes, (v) => v / 255);
  }
  return paths.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Ours: one augmented, shuffled pass in batches of 32 with prefetch. */
async function streamedDecode(root: string, size: number): Promise<number> {
  const ds = await openDataset(`folder:${root}`, {
    imageSize: size,
    testFraction: 0.01,
    warn: null,
  });
  const rng = new Rng(2);
  let n = 0;
  const start = process.hrtime.bigint();
  for await (const b of batches(ds.train, {
    batchSize: 32,
    shuffle: rng,
    augment: true,
    prefetch: 2,
  }))
    n += b.y.length;
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    json: { kind: "flag" },
    images: { kind: "value" },
    size: { kind: "value" },
  });
  const count = intOption(args, "images", 240, 8);
  const size = intOption(args, "size", 160, 8, 1024);
  const root = mkdtempSync(join(tmpdir(), "imagenot-bench-data-"));
  try {
    const paths = await writeJpegs(root, count);
    // Alternate the two and keep each one's best, so a busy moment on the machine hurts neither alone.
    let ours = 0;
    let peer = 0;
    for (let round = 0; round < 2; round++) {
      peer = Math.max(peer, await sequentialDecode(paths, size));
      ours = Math.max(ours, await streamedDecode(root, size));
    }
    const result = {
      bench: "data",
      images: count,
      size,
      ours_images_per_s: ours,
      peer_images_per_s: peer,
      ratio: ours / peer,
    };
    if (args.flags.has("json")) process.stdout.write(JSON.stringify(result) + "\n");
    else {
      process.stdout.write(
        `folder source, ${count} JPEGs 480x360 -> ${size}x${size}, random resized crop + flip, batches of 32, prefetch 2\n`,
      );
      process.stdout.write(`  ours (concurrent, augmented): ${ours.toFixed(1)} images/s\n`);
      process.stdout.write(
        `  peer (sequential sharp decode, centre crop): ${peer.toFixed(1)} images/s\n`,
      );
      process.stdout.write(`  ratio ours/peer: ${(ours / peer).toFixed(2)}\n`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench data: ${(e as Error).message}\n`);
  process.exit(1);
});
