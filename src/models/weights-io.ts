/** Saving and loading models in a directory without tfjs-node: our own tf.io.IOHandler writing TensorFlow.js's
 * format (model.json with the topology and weights manifest, plus one weights.bin), readable by any tfjs loader. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomic";
import "./layers"; // registers the custom layers, so saved models deserialise

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

/** An IOHandler that can both save and load. */
export interface DirectoryHandler extends tf.io.IOHandler {
  save: NonNullable<tf.io.IOHandler["save"]>;
  load: NonNullable<tf.io.IOHandler["load"]>;
}

/** An IOHandler that saves to and loads from `dir` (model.json + weights.bin). */
export function directoryHandler(dir: string): DirectoryHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer)
        throw new Error(
          `saving to ${dir}: binary (graph) topologies are not supported, only layers models`,
        );
      const weightData =
        artifacts.weightData === undefined
          ? new ArrayBuffer(0)
          : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const manifest: tf.io.WeightsManifestConfig = [
        { paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] },
      ];
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: manifest,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata
          ? { userDefinedMetadata: artifacts.userDefinedMetadata }
          : {}),
      };
      // Weights first: model.json appearing last marks a complete save.
      writeFileAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      writeJsonAtomic(join(dir, MODEL_JSON), modelJson);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_JSON);
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(readFileSync(jsonPath, "utf8")) as tf.io.ModelJSON;
      } catch (e) {
        throw new Error(
          `loading a model from ${dir}: cannot read ${MODEL_JSON} (${(e as Error).message})`,
          { cause: e },
        );
      }
      if (!modelJson.modelTopology)
        throw new Error(`${jsonPath}: no modelTopology; expected a TensorFlow.js layers model`);
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) =>
          group.paths.map((p) => toArrayBuffer(new Uint8Array(readFileSync(join(dir, p))))),
        );
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Saves a model (topology and weights) to `dir`. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(directoryHandler(dir));
}

/** Loads a model saved by saveModel (or any tfjs layers model in model.json + bin files). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(directoryHandler(dir));
}

/** The named weights of a directory's model.json manifest and bin files (a topology is not needed: the
 * torchvision export writes a manifest only). */
export function readWeights(dir: string): tf.NamedTensorMap {
  const jsonPath = join(dir, MODEL_JSON);
  let manifest: tf.io.WeightsManifestConfig;
  try {
    manifest = (JSON.parse(readFileSync(jsonPath, "utf8")) as tf.io.ModelJSON).weightsManifest;
  } catch (e) {
    throw new Error(
      `reading weights from ${dir}: cannot read ${MODEL_JSON} (${(e as Error).message})`,
      { cause: e },
    );
  }
  if (!Array.isArray(manifest)) throw new Error(`${jsonPath}: no weightsManifest`);
  const specs = manifest.flatMap((group) => group.weights);
  const buffers = manifest.flatMap((group) =>
    group.paths.map((p) => new Uint8Array(readFileSync(join(dir, p)))),
  );
  return tf.io.decodeWeights(tf.io.CompositeArrayBuffer.join(buffers.map(toArrayBuffer)), specs);
}

/** Loads saved weights into an already built model of the same architecture (e.g. buildModel with
 * init: "zeros"), matching weights by name; keeps the builder's custom-layer seeds. */
export async function loadWeightsInto(model: tf.LayersModel, dir: string): Promise<void> {
  const named = readWeights(dir);
  try {
    const missing = model.weights
      .filter((w) => !(w.originalName in named))
      .map((w) => w.originalName);
    if (missing.length > 0)
      throw new Error(
        `${dir}: the saved weights lack ${missing.length} of the model's (first: ${missing[0]}); was it saved from the same architecture and config?`,
      );
    model.loadWeights(named);
  } finally {
    tf.dispose(Object.values(named));
  }
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
