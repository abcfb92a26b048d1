/** CIFAR-10 and CIFAR-100 "binary version" files (the layout of cifar-10-binary.tar.gz and
 * cifar-100-binary.tar.gz): records of label byte(s) then 1024 red, 1024 green, 1024 blue bytes, row-major.
 *
 * Refused (InputError naming the file): a missing folder, no training file, a file whose size is not a
 * whole number of records. Skipped and reported: a record whose label is out of range, a missing data batch
 * among several, a missing class-name file (names fall back). */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors";
import type { ProblemLog } from "./problems";
import { concatLabeledBytes, type LabeledBytes } from "./array-source";

export type CifarKind = "cifar10" | "cifar100";

/** What a CIFAR folder holds: class names and the train records, plus test records when test files exist. */
export interface CifarFolder {
  classes: string[];
  train: LabeledBytes;
  test?: LabeledBytes;
}

const SIDE = 32;
const PIXELS = SIDE * SIDE * 3;

const LAYOUT = {
  cifar10: {
    nested: "cifar-10-batches-bin",
    labelBytes: 1,
    labelAt: 0,
    classes: 10,
    train: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`),
    test: ["test_batch.bin"],
    names: "batches.meta.txt",
  },
  cifar100: {
    nested: "cifar-100-binary",
    labelBytes: 2,
    labelAt: 1,
    classes: 100,
    train: ["train.bin"],
    test: ["test.bin"],
    names: "fine_label_names.txt",
  },
} as const;

/** The published CIFAR-10 class names, used when batches.meta.txt is absent. */
const CIFAR10_NAMES = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
];

/** Reads the CIFAR binary files under `dir` (or its cifar-10-batches-bin / cifar-100-binary subfolder).
 * CIFAR-100 uses the fine labels (100 classes). */
export function readCifarFolder(kind: CifarKind, dir: string, log: ProblemLog): CifarFolder {
  const layout = LAYOUT[kind];
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(`${kind}:${dir} is not a folder`);
  const root = existsSync(join(dir, layout.nested)) ? join(dir, layout.nested) : dir;
  const present = (names: readonly string[]) =>
    names.map((n) => join(root, n)).filter((p) => existsSync(p));
  const trainFiles = present(layout.train);
  if (trainFiles.length === 0)
    throw new InputError(
      `${kind}:${dir} has no training file (expected ${layout.train.join(", ")})`,
    );
  for (const name of layout.train)
    if (!trainFiles.includes(join(root, name)))
      log.add(join(root, name), "missing; training uses the other batches");
  const testFiles = present(layout.test);
  const namesFile = join(root, layout.names);
  let classes: string[];
  if (existsSync(namesFile)) {
    classes = readFileSync(namesFile, "utf8")
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (classes.length !== layout.classes)
      throw new InputError(
        `${namesFile} names ${classes.length} classes, expected ${layout.classes}`,
      );
  } else {
    classes =
      kind === "cifar10"
        ? CIFAR10_NAMES
        : Array.from({ length: layout.classes }, (_, i) => String(i));
    log.add(
      namesFile,
      kind === "cifar10"
        ? "missing; using the published CIFAR-10 class names"
        : "missing; classes are named by number",
    );
  }
  const read = (files: string[]) =>
    concatLabeledBytes(files.map((f) => readCifarFile(f, kind, log)));
  return { classes, train: read(trainFiles), test: testFiles.length ? read(testFiles) : undefined };
}

/** The records of one CIFAR binary file, pixels turned from planar RGB into HWC. */
export function readCifarFile(file: string, kind: CifarKind, log: ProblemLog): LabeledBytes {
  const { labelBytes, labelAt, classes } = LAYOUT[kind];
  const bytes = readFileSync(file);
  const record = labelBytes + PIXELS;
  if (bytes.length === 0 || bytes.length % record !== 0) {
    throw new InputError(
      `${file} is ${bytes.length} bytes, not a whole number of ${kind} records of ${record} bytes (${labelBytes} label byte${labelBytes > 1 ? "s" : ""} + 32x32x3 pixels)`,
    );
  }
  const n = bytes.length / record;
  const pixels = new Uint8Array(n * PIXELS);
  const labels = new Int32Array(n);
  let kept = 0;
  for (let r = 0; r < n; r++) {
    const at = r * record;
    const label = bytes[at + labelAt];
    if (label >= classes) {
      log.add(file, `record ${r} has label ${label}, expected 0..${classes - 1}`);
      continue;
    }
    const plane = at + labelBytes;
    const out = kept * PIXELS;
    for (let p = 0; p < SIDE * SIDE; p++) {
      pixels[out + p * 3] = bytes[plane + p];
      pixels[out + p * 3 + 1] = bytes[plane + 1024 + p];
      pixels[out + p * 3 + 2] = bytes[plane + 2048 + p];
    }
    labels[kept++] = label;
  }
  return { pixels: pixels.subarray(0, kept * PIXELS), labels: labels.subarray(0, kept) };
}
