/** The run record OUT/run.json: what was trained, how, on what, with which software, and how it went. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeJsonAtomic } from "../util/atomic";
import type { EpochMetrics } from "./checkpoint";
import type { BackendInfo } from "../engine/backend";

/** Confusion matrices are kept for up to this many classes (1000 classes would be a million cells). */
export const CONFUSION_MAX_CLASSES = 200;

export interface RunRecord {
  /** "running" while epochs remain (rewritten each epoch), "complete" at the end. */
  status: "running" | "complete";
  arch: string;
  dataset: string;
  /** The run folder, as given (or the default runs/<arch>-<dataset>-seed<N>). */
  out: string;
  datasetSource: string;
  numClasses: number;
  trainCount: number;
  testCount: number;
  /** Trainable parameters of the model trained. */
  params: number;
  /** The training settings (plain JSON: no callbacks, models or datasets). */
  config: Record<string, unknown>;
  seed: number;
  backend: BackendInfo;
  versions: { node: string; tfjs: string; "imagenot-lab": string; backend: string } & Record<string, string>;
  metrics: EpochMetrics[];
  /** Per test example in item order: "1" right, "0" wrong, after the last completed epoch. */
  testCorrect: string;
  finalTestAcc: number;
  /** confusion[true][predicted] on the test split (null above CONFUSION_MAX_CLASSES classes). */
  confusion: number[][] | null;
  /** When the run first started, each time it was resumed, and when it finished (ISO 8601). */
  startedAt: string;
  resumedAt: string[];
  finishedAt: string | null;
}

/** Software versions for the record: node, tfjs, this package, and the backend's own. */
export function versionsFor(backend: BackendInfo): RunRecord["versions"] {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  return { ...backend.versions, node: process.versions.node, tfjs: tf.version.tfjs, "imagenot-lab": pkg.version, backend: backend.name };
}

/** Reads OUT/run.json. */
export function readRunRecord(out: string): RunRecord {
  return JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord;
}

/** Writes OUT/run.json atomically. */
export function writeRunRecord(out: string, record: RunRecord): void {
  writeJsonAtomic(join(out, "run.json"), record);
}
