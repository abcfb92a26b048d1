/** Image folders as ImageNet and ImageNot sit on disk: ROOT/CLASS/IMAGE (or ROOT/train|val/CLASS/IMAGE),
 * JPEG, PNG or WebP, read with sharp at a square size.
 *
 * Files are listed by name first; only the files chosen for the splits (all, or a workshop subset) are
 * then opened and checked, so a subset of a large folder opens quickly (and may hold fewer items than
 * asked when some chosen files are bad).
 *
 * Refused (InputError naming the path): a root that is missing or not a folder, a root without class
 * folders, a folder in which no image is readable.
 * Skipped and reported (`DataProblem`): a file outside any class folder, a file that is not .jpg/.jpeg/
 * .png/.webp, a file whose header sharp cannot read or whose format is not JPEG/PNG/WebP, a truncated file
 * (JPEG without its end marker, PNG without IEND, WebP shorter than its RIFF size; with verify "full" any
 * file that does not decode completely), an empty class folder (the class is kept, with no items), and at
 * batch time a file that fails to decode after all (left out of that batch, see Batch.kept). Hidden files
 * and folders (.DS_Store, .git) are ignored without a report. */
import { promises as fs, type Dirent } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import sharp from "sharp";
import type { ImageFile, LabeledImages } from "./dataset";
import { InputError } from "../errors";
import { randomResizedCropBox, type CropBox } from "./augment";
import { bytesToFloats, decodeImageFile, IMAGE_FORMATS } from "./decode";
import { decodeConcurrency, mapConcurrent } from "./concurrency";
import type { ProblemLog } from "./problems";

const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp"]);
const SPLIT_NAMES = { train: ["train"], test: ["val", "validation", "test"] };

/** How much of every chosen file to check before it is used: "header" reads sharp's metadata and the
 * file's end marker (fast, catches truncation); "full" decodes every file (slow, catches everything). */
export type VerifyMode = "header" | "full";

/** An image file found in a class folder, not yet checked. */
export interface ListedFile {
  path: string;
  label: number;
}

/** A checked image with its class index and oriented size. */
export interface LabeledFile extends ImageFile {
  label: number;
}

/** The listed folder: class names (folder names, sorted) and the image files of each split found on disk. */
export interface ListedFolder {
  classes: string[];
  train: ListedFile[];
  /** Present when the root holds train/ and val/ (or validation/, test/) folders. */
  test?: ListedFile[];
}

/** Lists `root`'s class folders and image files by name only (no file is opened); stray and non-image files
 * and class folders without images go to `log`; a root that is missing or holds no class folder throws
 * InputError. */
export async function listImageFolder(root: string, log: ProblemLog): Promise<ListedFolder> {
  const top = await listFolder(root);
  const dirs = top.filter((e) => e.isDir).map((e) => e.name);
  const trainDir = SPLIT_NAMES.train.find((n) => dirs.includes(n));
  const testDir = SPLIT_NAMES.test.find((n) => dirs.includes(n));
  const splitRoots =
    trainDir && testDir
      ? { train: join(root, trainDir), test: join(root, testDir) }
      : { train: root };
  const classDirs = new Map<string, Map<string, string>>();
  for (const [split, dir] of Object.entries(splitRoots)) {
    const entries = dir === root ? top : await listFolder(dir);
    const byClass = new Map<string, string>();
    for (const e of entries) {
      if (e.isDir) byClass.set(e.name, join(dir, e.name));
      else log.add(join(dir, e.name), "file outside any class folder");
    }
    classDirs.set(split, byClass);
  }
  const classes = [...new Set([...classDirs.values()].flatMap((m) => [...m.keys()]))].sort();
  if (classes.length === 0)
    throw new InputError(`folder:${root} has no class folders (expected ROOT/CLASS/IMAGE files)`);
  const listed: ListedFolder = { classes, train: [] };
  for (const [split, byClass] of classDirs) {
    const files: ListedFile[] = [];
    for (const [name, dir] of [...byClass].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const paths = await listImages(dir, log);
      if (paths.length === 0)
        log.add(dir, "class folder has no images (class kept, with no items)");
      for (const path of paths) files.push({ path, label: classes.indexOf(name) });
    }
    if (split === "test") listed.test = files;
    else listed.train = files;
  }
  return listed;
}

/** The files of `files` that pass the check, with their oriented sizes; the others go to `log`, and so does a
 * class whose every file failed. */
export async function verifyImageFiles(
  files: readonly ListedFile[],
  log: ProblemLog,
  verify: VerifyMode = "header",
): Promise<LabeledFile[]> {
  const checked = await mapConcurrent(files, decodeConcurrency() * 2, (f) =>
    checkImageFile(f.path, verify),
  );
  const good: LabeledFile[] = [];
  const seen = new Map<number, { dir: string; kept: number; total: number }>();
  checked.forEach((result, i) => {
    const f = files[i];
    const tally = seen.get(f.label) ?? { dir: dirname(f.path), kept: 0, total: 0 };
    tally.total++;
    if (typeof result === "string") log.add(f.path, result);
    else {
      good.push({ ...f, ...result });
      tally.kept++;
    }
    seen.set(f.label, tally);
  });
  for (const t of seen.values())
    if (t.kept === 0)
      log.add(
        t.dir,
        `none of the ${t.total} image files of this class is readable (class kept, with no items)`,
      );
  return good;
}

/** A split reading `files` at `size` x `size` x 3: evaluation view (shorter side to size, centre crop) or,
 * with augment, a random resized crop and a coin-flip mirror drawn from the batch's rng in item order before
 * any decoding starts (so prefetching does not change the draws). */
export function imageFileImages(
  files: readonly LabeledFile[],
  size: number,
  log: ProblemLog,
): LabeledImages {
  const labels = Int32Array.from(files, (f) => f.label);
  const per = size * size * 3;
  return {
    count: files.length,
    imageShape: [size, size, 3],
    files: files.map(({ path, width, height }) => ({ path, width, height })),
    labels: () => labels,
    async batch(indices, opts) {
      const items = Array.from(indices, (k) => {
        if (!(k >= 0 && k < files.length))
          throw new RangeError(`batch: index ${k} outside 0..${files.length - 1}`);
        return files[k];
      });
      if (opts?.augment && !opts.rng) throw new Error("batch: augment needs an rng");
      const views: Array<{ crop?: CropBox; mirror: boolean }> = items.map((f) =>
        opts?.augment
          ? {
              crop: randomResizedCropBox(f.width, f.height, opts.rng!),
              mirror: opts.rng!.next() < 0.5,
            }
          : { mirror: false },
      );
      const x = new Float32Array(items.length * per);
      const ok = await mapConcurrent(items, decodeConcurrency(), async (f, i) => {
        try {
          bytesToFloats(
            await decodeImageFile(f.path, size, views[i].crop),
            size,
            size,
            3,
            views[i].mirror,
            x,
            i * per,
          );
          return true;
        } catch (e) {
          log.add(f.path, `does not decode: ${(e as Error).message}`);
          return false;
        }
      });
      const y = Int32Array.from(items, (f) => f.label);
      if (ok.every(Boolean)) return { x, y };
      const kept = Int32Array.from(ok.flatMap((good, i) => (good ? [i] : [])));
      const packed = new Float32Array(kept.length * per);
      kept.forEach((i, j) => packed.set(x.subarray(i * per, (i + 1) * per), j * per));
      return { x: packed, y: Int32Array.from(kept, (i) => y[i]), kept };
    },
  };
}

interface Entry {
  name: string;
  isDir: boolean;
}

/** The visible entries of `dir` (symlinks followed), refusing a missing or non-folder path. */
async function listFolder(dir: string): Promise<Entry[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `folder:${dir} ${code === "ENOTDIR" ? "is not a folder" : code === "ENOENT" ? "does not exist" : `cannot be read (${code})`}`,
    );
  }
  const out: Entry[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const isDir =
      e.isDirectory() ||
      (e.isSymbolicLink() &&
        (await fs.stat(join(dir, e.name)).catch(() => null))?.isDirectory() === true);
    out.push({ name: e.name, isDir });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Image paths under a class folder (nested folders included), sorted; other files are reported. */
async function listImages(dir: string, log: ProblemLog): Promise<string[]> {
  const out: string[] = [];
  for (const e of await listFolder(dir)) {
    const path = join(dir, e.name);
    if (e.isDir) for (const nested of await listImages(path, log)) out.push(nested);
    else if (IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(path);
    else
      log.add(
        path,
        `not an image file (extension "${extname(e.name)}", expected .jpg, .jpeg, .png or .webp)`,
      );
  }
  return out.sort((a, b) => (relative(dir, a) < relative(dir, b) ? -1 : 1));
}

/** The oriented size of `path`, or why it cannot be used. */
async function checkImageFile(
  path: string,
  verify: VerifyMode,
): Promise<{ width: number; height: number } | string> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(path).metadata();
  } catch (e) {
    return `unreadable image header: ${(e as Error).message}`;
  }
  const format = meta.format as string;
  if (!(IMAGE_FORMATS as readonly string[]).includes(format))
    return `${format} content, expected JPEG, PNG or WebP`;
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) return "image header gives no size";
  const truncated = await endMissing(path, format);
  if (truncated) return truncated;
  if (verify === "full") {
    try {
      await sharp(path, { failOn: "warning" }).raw().toBuffer();
    } catch (e) {
      return `does not decode: ${(e as Error).message}`;
    }
  }
  return { width, height };
}

/** Why the end of the file shows it was cut short, or null: JPEGs end with FFD9 (within the last KiB, as
 * some writers pad), PNGs with an IEND chunk, WebPs at the length their RIFF header states. */
async function endMissing(path: string, format: string): Promise<string | null> {
  const handle = await fs.open(path, "r");
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, 1024));
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (format === "jpeg") {
      for (let i = tail.length - 2; i >= 0; i--)
        if (tail[i] === 0xff && tail[i + 1] === 0xd9) return null;
      return "truncated JPEG (no end-of-image marker)";
    }
    if (format === "png")
      return tail.length >= 8 &&
        tail.toString("latin1", tail.length - 8, tail.length - 4) === "IEND"
        ? null
        : "truncated PNG (no IEND chunk at the end)";
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    const riffSize = head.readUInt32LE(4) + 8;
    return size >= riffSize ? null : `truncated WebP (${size} bytes, header says ${riffSize})`;
  } finally {
    await handle.close();
  }
}
