/** Saved weights into a model, and the split into backbone and head that fine-tuning needs. Files are the
 * model zoo's (src/models/weights-io.ts: model.json + weights.bin). Weights are matched by position in
 * model.weights and checked by shape, since auto-named layers get other names in a rebuilt model. */
import * as tf from "@tensorflow/tfjs";
import { directoryHandler, loadModel } from "../models/weights-io";
import { WorkError } from "../errors";

type LayerVariable = tf.LayersModel["weights"][number];

/** A tensor with the name it was saved under. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** The classifier heads: for each model output, the nearest layer with trainable weights that produces it
 * (the logits layer; a second one for an auxiliary classifier such as Inception's). */
export function headLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.outputs.map((output) => {
    let layer: tf.layers.Layer | undefined = output.sourceLayer as tf.layers.Layer;
    while (layer && layer.trainableWeights.length === 0)
      layer = layer.inboundNodes[0]?.inboundLayers[0] as tf.layers.Layer | undefined;
    if (!layer)
      throw new WorkError(
        `model "${model.name}": no layer with trainable weights produces output "${output.name}"`,
      );
    return layer;
  });
}

/** Every weight (trainable or not) of the model's heads. */
function headWeights(model: tf.LayersModel): Set<LayerVariable> {
  return new Set(headLayers(model).flatMap((l) => l.weights));
}

/** The model's trainable variables, split into the heads' and the rest (the backbone's). */
export function trainableGroups(model: tf.LayersModel): {
  backbone: tf.Variable[];
  head: tf.Variable[];
} {
  const head = headWeights(model);
  const variable = (w: LayerVariable) => w.read() as tf.Variable;
  return {
    backbone: model.trainableWeights.filter((w) => !head.has(w)).map(variable),
    head: model.trainableWeights.filter((w) => head.has(w)).map(variable),
  };
}

/** The weights saved in DIR (by saveModel), in their saved order (model.weights order). The caller disposes them. */
export async function readSavedWeights(dir: string): Promise<NamedTensor[]> {
  const artifacts = await directoryHandler(dir).load();
  const specs = artifacts.weightSpecs ?? [];
  if (new Set(specs.map((s) => s.name)).size !== specs.length)
    throw new WorkError(`${dir}: saved weight names repeat, so their order cannot be recovered`);
  const map = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
  return specs.map((s) => ({ name: s.name, tensor: map[s.name] }));
}

/** Writes `tensors` into `targets` in order, checking count and shapes; `what` names the source in errors. */
export function assignWeights(
  targets: readonly LayerVariable[],
  tensors: readonly NamedTensor[],
  what: string,
): void {
  if (targets.length !== tensors.length)
    throw new WorkError(
      `${what} holds ${tensors.length} weights, the model has ${targets.length}: not the same architecture`,
    );
  targets.forEach((w, i) => {
    const t = tensors[i].tensor;
    if (!tf.util.arraysEqual(w.shape as number[], t.shape)) {
      throw new WorkError(
        `${what}: weight #${i} "${tensors[i].name}" has shape [${t.shape}], the model's "${w.name}" has [${w.shape}]`,
      );
    }
  });
  targets.forEach((w, i) => w.write(tensors[i].tensor));
}

/** Loads the model saved in DIR into `model`: every weight, or with `skipHead` all but the heads', from all
 * but the saved model's heads (fine-tuning with new heads for another class count). */
export async function loadWeightsFrom(
  dir: string,
  model: tf.LayersModel,
  opts: { skipHead?: boolean } = {},
): Promise<void> {
  const source = await loadModel(dir);
  try {
    const keep = (m: tf.LayersModel) => {
      const head = opts.skipHead ? headWeights(m) : new Set<LayerVariable>();
      return m.weights.filter((w) => !head.has(w));
    };
    const saved = keep(source).map((w) => ({ name: w.name, tensor: w.read() }));
    assignWeights(keep(model), saved, opts.skipHead ? `${dir} (backbone)` : dir);
  } finally {
    source.dispose();
  }
}
