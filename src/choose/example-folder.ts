/** An example of "your own images": a small folder of PNG files, one folder per class, written from a
 * built-in set, so that the decision workflow runs anywhere without a download. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { InputError } from "../errors";
import { loadBuiltin, type BuiltinName } from "../data/builtin";
import { ProblemLog } from "../data/problems";
import { Rng } from "../util/rng";

export interface ExampleFolderOptions {
  /** The built-in set the images come from (default fashion-mnist: pretraining then uses mnist). */
  source?: BuiltinName;
  /** Class ids of that set (default four clothes: two easy to tell apart, two alike). */
  classes?: string[];
  /** Images per class (default 100). */
  perClass?: number;
  /** Which items are drawn (default 0). */
  seed?: number;
}

/** The marker file beside the class folders: what was written, so a second call reuses the folder. */
const MARKER = ".imagenot-example.json";

/** Writes DIR/CLASS/NNNN.png (28x28 grey) unless DIR already holds the same example, and returns the
 * spec `folder:DIR`. A DIR with other content is refused (it may be the user's own images). */
export async function writeExampleFolder(
  dir: string,
  options: ExampleFolderOptions = {},
): Promise<string> {
  const settings = {
    source: options.source ?? "fashion-mnist",
    classes: options.classes ?? ["t-shirt", "trouser", "pullover", "shirt"],
    perClass: options.perClass ?? 100,
    seed: options.seed ?? 0,
  };
  if (!(Number.isInteger(settings.perClass) && settings.perClass > 0))
    throw new InputError(`perClass must be a positive whole number, got ${settings.perClass}`);
  const marker = join(dir, MARKER);
  if (existsSync(marker) && readFileSync(marker, "utf8") === JSON.stringify(settings))
    return `folder:${dir}`;
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new InputError(
      `${dir} is not empty and holds no example of these settings: not writing there`,
    );
  const set = loadBuiltin(settings.source, new ProblemLog(null));
  const side = 28;
  const rng = new Rng(settings.seed);
  for (const name of settings.classes) {
    const label = set.classes.indexOf(name);
    if (label < 0)
      throw new InputError(
        `${settings.source} has no class "${name}" (classes: ${set.classes.join(", ")})`,
      );
    const items = Array.from(set.data.labels).flatMap((l, i) => (l === label ? [i] : []));
    const order = rng.permutation(items.length).subarray(0, settings.perClass);
    mkdirSync(join(dir, name), { recursive: true });
    for (const [k, pick] of Array.from(order).entries()) {
      const at = items[pick] * side * side;
      await sharp(Buffer.from(set.data.pixels.subarray(at, at + side * side)), {
        raw: { width: side, height: side, channels: 1 },
      })
        .png()
        .toFile(join(dir, name, `${String(k).padStart(4, "0")}.png`));
    }
  }
  writeFileSync(marker, JSON.stringify(settings));
  return `folder:${dir}`;
}
