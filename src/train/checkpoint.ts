/** Per-epoch checkpoints: everything a killed run needs to continue as if it had never stopped.
 * Each is a folder OUT/checkpoints/epoch-NNNN (or, stopped mid-epoch, epoch-NNNN-step-NNNNNNN) written
 * under a temporary name and renamed into place, so a folder with that name is always complete; older
 * ones (and leftovers of killed runs) are removed after the newer one lands.
 * Inside: model/ (the model zoo's model.json + weights.bin), optimizer.bin (the optimizer slots as
 * float32, laid out in state.json), order.bin (the next epoch's data order, int32) and state.json. */
import type * as tf from "@tensorflow/tfjs";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { saveModel } from "../models/weights-io";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomic";
import type { RngState } from "../util/rng";
import type { LayerRngState } from "./layer-rngs";
import { readSavedWeights, type NamedTensor } from "./model-weights";
import type { OptimizerState } from "./optimizer";
import type { EpochMetrics } from "./run-record";

/** How far a stopped run had come into an epoch: steps taken, running sums and time spent. */
export interface PartialEpoch {
  steps: number;
  lossSum: number;
  rightSum: number;
  lr: number;
  seconds: number;
}

/** The plain-data part of a checkpoint. */
export interface CheckpointState {
  /** Epochs completed. */
  epoch: number;
  /** Set when the run stopped inside epoch `epoch + 1` (a signal): it continues from there. */
  partial?: PartialEpoch;
  /** Optimizer steps taken so far (drives the learning-rate schedule). */
  step: number;
  /** The trainer's Rng state after drawing the next epoch's order. */
  rngState: RngState;
  /** The random streams of the model's own stochastic layers. */
  layerRngs: LayerRngState[];
  metrics: EpochMetrics[];
  /** When the run first started (ISO), kept across resumes. */
  startedAt: string;
  /** The config fingerprint, so that a resume with other settings is refused. */
  fingerprint: string;
}

export interface Checkpoint extends CheckpointState {
  /** The order in which the next epoch (or the one `partial` is in) visits the training items. */
  nextOrder: Int32Array;
  /** One optimizer state per parameter group ("all", or "backbone" and "head"). */
  optimizers: Record<string, OptimizerState>;
}

/** Where each optimizer's slots sit in optimizer.bin. */
interface SlotLayout {
  group: string;
  name: OptimizerState["name"];
  steps: number;
  /** slot kind -> value count of each of its arrays, in order. */
  kinds: Record<string, number[]>;
}

const PREFIX = "epoch-";

/** epoch-NNNN after an epoch, epoch-NNNN-step-NNNNNNN inside the next one: names sort in run order. */
function folder(out: string, epoch: number, partial?: PartialEpoch): string {
  const inside = partial ? `-step-${String(partial.steps).padStart(7, "0")}` : "";
  return join(out, "checkpoints", `${PREFIX}${String(epoch).padStart(4, "0")}${inside}`);
}

function bytes(a: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes the checkpoint of `model` and `ckpt` as OUT/checkpoints/epoch-NNNN and removes older ones. */
export async function saveCheckpoint(
  out: string,
  model: tf.LayersModel,
  ckpt: Checkpoint,
): Promise<string> {
  const final = folder(out, ckpt.epoch, ckpt.partial);
  const tmp = `${final}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await saveModel(model, join(tmp, "model"));
  const layout: SlotLayout[] = [];
  const arrays: Float32Array[] = [];
  for (const [group, st] of Object.entries(ckpt.optimizers)) {
    const kinds: Record<string, number[]> = {};
    for (const [kind, list] of Object.entries(st.slots)) {
      kinds[kind] = list.map((a) => a.length);
      arrays.push(...list);
    }
    layout.push({ group, name: st.name, steps: st.steps, kinds });
  }
  writeFileAtomic(join(tmp, "optimizer.bin"), Buffer.concat(arrays.map(bytes)));
  writeFileAtomic(join(tmp, "order.bin"), bytes(ckpt.nextOrder));
  const { nextOrder: _o, optimizers: _p, ...state } = ckpt;
  writeJsonAtomic(join(tmp, "state.json"), { ...state, optimizerLayout: layout });
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  // Older checkpoints, and half-written ones of killed runs, go.
  for (const name of readdirSync(join(out, "checkpoints")))
    if (join(out, "checkpoints", name) !== final)
      rmSync(join(out, "checkpoints", name), { recursive: true, force: true });
  return final;
}

function checkpointNames(out: string): string[] {
  const dir = join(out, "checkpoints");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^epoch-\d+(-step-\d+)?$/.test(n))
    .sort();
}

/** The latest complete checkpoint under OUT with its saved model weights (the caller disposes them),
 * or undefined when there is none. */
export async function loadLatestCheckpoint(
  out: string,
): Promise<(Checkpoint & { weights: NamedTensor[] }) | undefined> {
  const names = checkpointNames(out);
  if (names.length === 0) return undefined;
  const dir = join(out, "checkpoints", names[names.length - 1]);
  const { optimizerLayout, ...state } = JSON.parse(
    readFileSync(join(dir, "state.json"), "utf8"),
  ) as CheckpointState & { optimizerLayout: SlotLayout[] };
  const floats = readFloats(join(dir, "optimizer.bin"), Float32Array);
  const optimizers: Record<string, OptimizerState> = {};
  let at = 0;
  for (const g of optimizerLayout) {
    const slots: Record<string, Float32Array[]> = {};
    for (const [kind, sizes] of Object.entries(g.kinds))
      slots[kind] = sizes.map((n) => floats.slice(at, (at += n)));
    optimizers[g.group] = { name: g.name, steps: g.steps, slots };
  }
  if (at !== floats.length)
    throw new Error(`${dir}/optimizer.bin holds ${floats.length} values, its layout ${at}`);
  const nextOrder = readFloats(join(dir, "order.bin"), Int32Array);
  return { ...state, optimizers, nextOrder, weights: await readSavedWeights(join(dir, "model")) };
}

function readFloats<T extends Float32Array | Int32Array>(
  path: string,
  Kind: { new (b: ArrayBuffer): T },
): T {
  const raw = readFileSync(path);
  return new Kind(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer);
}
