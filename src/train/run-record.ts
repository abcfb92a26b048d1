/** The run record OUT/run.json: what was trained, how, on what, with which software, and how it went.
 * Plain data and file I/O only (no TensorFlow), so that results/ and the grid can read records. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BackendInfo } from "../engine/choices";
import { InputError } from "../errors";
import { writeJsonAtomic } from "../util/atomic";
import type { RecipeName, RecipeSettings } from "./recipes";
import { packageVersion } from "../util/versions";

/** Confusion matrices are kept for up to this many classes (1000 classes would be a million cells). */
export const CONFUSION_MAX_CLASSES = 200;

/** Per-epoch metrics, as in run.json. */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
  seconds: number;
  imagesPerSecond: number;
  /** Learning rate at the epoch's last step (the head's, when fine-tuning with two rates). */
  lr: number;
}

export interface RunRecord {
  /** "running" while epochs remain (rewritten each epoch), "complete" at the end. */
  status: "running" | "complete";
  arch: string;
  dataset: string;
  /** The run folder, relative to itself ("."): a record names no absolute path of the machine that
   * made it, and every path in it is relative to its folder. */
  out: string;
  datasetSource: string;
  numClasses: number;
  trainCount: number;
  testCount: number;
  /** Trainable parameters of the model trained. */
  params: number;
  /** The training settings (plain JSON: no callbacks, models or datasets). */
  config: Record<string, unknown>;
  /** The recipe the run trained with: its name (null: none, the trainer's defaults), the fields the run
   * set itself instead, and the settings as resolved. Absent in records older than recipes. */
  recipe?: RunRecipe;
  seed: number;
  backend: BackendInfo;
  versions: { node: string; tfjs: string; "imagenot-lab": string; backend: string } & Record<
    string,
    string
  >;
  metrics: EpochMetrics[];
  /** Per test example in item order: "1" right, "0" wrong, after the last completed epoch. */
  testCorrect: string;
  finalTestAcc: number;
  /** Whether the finished run learned (src/train/learned.ts), and why; absent while running. */
  learned?: boolean;
  learnedReason?: string;
  /** confusion[true][predicted] on the test split (null above CONFUSION_MAX_CLASSES classes). */
  confusion: number[][] | null;
  /** When the run first started, each time it was resumed, and when it finished (ISO 8601). */
  startedAt: string;
  resumedAt: string[];
  finishedAt: string | null;
}

/** The recipe part of a run record. */
export interface RunRecipe extends RecipeSettings {
  name: RecipeName | null;
  /** Settings given explicitly that replaced the recipe's (e.g. ["lr", "batchSize"]). */
  overridden: string[];
}

/** Software versions for the record: node, tfjs, this package, and the backend's own. */
export function versionsFor(backend: BackendInfo): RunRecord["versions"] {
  return {
    ...backend.versions,
    tfjs: backend.versions.tfjs ?? "unknown",
    node: process.versions.node,
    "imagenot-lab": packageVersion() ?? "unknown",
    backend: backend.name,
  };
}

/** The fields every record has, with the type each must hold. */
const REQUIRED: [keyof RunRecord, string][] = [
  ["status", "string"],
  ["arch", "string"],
  ["dataset", "string"],
  ["numClasses", "number"],
  ["seed", "number"],
  ["config", "object"],
  ["backend", "object"],
  ["metrics", "object"],
];

/** Checks parsed JSON against the record's shape; a missing or mistyped field throws InputError naming
 * `where` and the field. */
export function parseRunRecord(value: unknown, where: string): RunRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(`${where}: a run record must be a JSON object`);
  }
  const record = value as Record<string, unknown>;
  for (const [field, type] of REQUIRED) {
    if (typeof record[field] !== type || record[field] === null) {
      throw new InputError(
        `${where}: field "${field}" must be a ${type}, got ${JSON.stringify(record[field])}`,
      );
    }
  }
  if (record.status !== "running" && record.status !== "complete") {
    throw new InputError(
      `${where}: status must be "running" or "complete", got ${JSON.stringify(record.status)}`,
    );
  }
  if (!Array.isArray(record.metrics))
    throw new InputError(`${where}: metrics must be a list of epochs`);
  if (
    record.status === "complete" &&
    !(typeof record.finalTestAcc === "number" && record.finalTestAcc >= 0)
  ) {
    throw new InputError(
      `${where}: a complete run needs a finalTestAcc, got ${JSON.stringify(record.finalTestAcc)}`,
    );
  }
  return record as unknown as RunRecord;
}

/** Reads and checks OUT/run.json; an unreadable or malformed record throws InputError naming the file. */
export function readRunRecord(out: string): RunRecord {
  const path = join(out, "run.json");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(
      `cannot read run record ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path} is not JSON: ${(e as Error).message}`);
  }
  return parseRunRecord(json, path);
}

/** Writes OUT/run.json atomically. */
export function writeRunRecord(out: string, record: RunRecord): void {
  writeJsonAtomic(join(out, "run.json"), record);
}
