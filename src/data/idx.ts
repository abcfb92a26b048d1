/** IDX files, the format of MNIST and its family (Fashion-MNIST, KMNIST, EMNIST): big-endian header
 * (0, 0, type 0x08 for unsigned bytes, number of dimensions, then each dimension as uint32), then the data;
 * plain or gzip-compressed (detected by content, not by name).
 *
 * Refused (InputError naming the file): a missing folder, no train images/labels pair, two candidates for
 * one role, a bad magic number, a data length that disagrees with the header, gzip that does not inflate,
 * image and label files of different counts. Nothing is skipped: IDX has no per-item framing to recover. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { InputError } from "../errors";
import type { ImageShape } from "./dataset";
import type { LabeledBytes } from "./array-source";

/** The splits found in an IDX folder: train always, test when t10k/test files exist. */
export interface IdxFolder {
  imageShape: ImageShape;
  train: LabeledBytes;
  test?: LabeledBytes;
}

const ROLE = /(images?[-_.]idx[34]|labels?[-_.]idx1)-ubyte(\.gz)?$/i;

/** Reads the images/labels pairs in `dir`, named like MNIST's (train-images-idx3-ubyte[.gz], t10k-labels-...). */
export function readIdxFolder(dir: string): IdxFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(`idx:${dir} is not a folder`);
  const roles = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const m = ROLE.exec(name);
    if (!m) continue;
    const split = /t10k|test/i.test(name) ? "test" : /train/i.test(name) ? "train" : null;
    if (!split) continue;
    const role = `${split}-${/^image/i.test(m[1]) ? "images" : "labels"}`;
    if (roles.has(role))
      throw new InputError(`idx:${dir} has two ${role} files: ${roles.get(role)} and ${name}`);
    roles.set(role, name);
  }
  const pair = (split: string): (LabeledBytes & { shape: ImageShape }) | undefined => {
    const images = roles.get(`${split}-images`);
    const labels = roles.get(`${split}-labels`);
    if (!images && !labels) return undefined;
    if (!images || !labels)
      throw new InputError(
        `idx:${dir} has ${images ?? labels} without its ${images ? "labels" : "images"} file`,
      );
    const img = readIdxFile(join(dir, images));
    const lab = readIdxFile(join(dir, labels));
    if (img.dims.length < 3 || img.dims.length > 4)
      throw new InputError(
        `${join(dir, images)} has ${img.dims.length} dimensions, expected 3 (count, rows, columns) or 4 (with channels)`,
      );
    if (lab.dims.length !== 1)
      throw new InputError(
        `${join(dir, labels)} has ${lab.dims.length} dimensions, expected 1 (count)`,
      );
    if (img.dims[0] !== lab.dims[0])
      throw new InputError(
        `${join(dir, images)} holds ${img.dims[0]} images but ${labels} holds ${lab.dims[0]} labels`,
      );
    const shape: ImageShape = [img.dims[1], img.dims[2], img.dims[3] ?? 1];
    return { pixels: img.data, labels: Int32Array.from(lab.data), shape };
  };
  const train = pair("train");
  if (!train)
    throw new InputError(
      `idx:${dir} has no train-images-idx3-ubyte / train-labels-idx1-ubyte files (plain or .gz)`,
    );
  const test = pair("test");
  if (test && test.shape.join("x") !== train.shape.join("x"))
    throw new InputError(
      `idx:${dir}: test images are ${test.shape.join("x")}, train images ${train.shape.join("x")}`,
    );
  return { imageShape: train.shape, train, test };
}

/** One unsigned-byte IDX file: its dimensions and data. */
export function readIdxFile(file: string): { dims: number[]; data: Uint8Array } {
  let bytes: Buffer = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new InputError(`${file} is damaged gzip: ${(e as Error).message}`);
    }
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08 || bytes[3] < 1) {
    const magic =
      bytes.length >= 4
        ? `0x${bytes.readUInt32BE(0).toString(16).padStart(8, "0")}`
        : `${bytes.length} bytes`;
    throw new InputError(
      `${file} has IDX magic ${magic}, expected 0x000008NN (unsigned bytes, NN dimensions)`,
    );
  }
  const header = 4 + 4 * bytes[3];
  if (bytes.length < header) throw new InputError(`${file} ends inside its IDX header`);
  const dims = Array.from({ length: bytes[3] }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  const expected = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - header !== expected)
    throw new InputError(
      `${file} holds ${bytes.length - header} data bytes, its header (${dims.join("x")}) says ${expected}`,
    );
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header, expected) };
}
