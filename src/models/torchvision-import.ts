/** Imports a torchvision state dict exported offline by torchvision/export_state.py into a paper-scale model:
 * maps each of our weights to its torchvision key (our layer names are torchvision's module paths) and
 * re-lays it out (OIHW conv kernels to HWIO, linear weights transposed, CHW flatten order to HWC). */
import * as tf from "@tensorflow/tfjs";
import { readWeights } from "./weights-io";

type Transform = (t: tf.Tensor) => tf.Tensor;

const same: Transform = (t) => t;
const transpose2d: Transform = (t) => tf.transpose(t);
// A 1x1 conv weight [out, in, 1, 1] used as a dense kernel [in, out] (squeeze-excitation).
const conv1x1AsDense: Transform = (t) => tf.transpose(tf.reshape(t, t.shape.slice(0, 2)));
const flat: Transform = (t) => tf.reshape(t, [t.size]);

/** Per layer class: our weight suffix -> [torch parameter suffix, re-layout]. */
const RULES: Record<string, Record<string, [string, Transform]>> = {
  Conv2D: { kernel: ["weight", (t) => tf.transpose(t, [2, 3, 1, 0])], bias: ["bias", same] },
  DepthwiseConv2D: {
    depthwise_kernel: ["weight", (t) => tf.transpose(t, [2, 3, 0, 1])],
    bias: ["bias", same],
  },
  Dense: { kernel: ["weight", transpose2d], bias: ["bias", same] },
  BatchNormalization: {
    gamma: ["weight", same],
    beta: ["bias", same],
    moving_mean: ["running_mean", same],
    moving_variance: ["running_var", same],
  },
  ImagenotLayerNorm: { gamma: ["weight", same], beta: ["bias", same] },
  ImagenotSqueezeExcite: {
    "fc1/kernel": ["fc1.weight", conv1x1AsDense],
    "fc1/bias": ["fc1.bias", same],
    "fc2/kernel": ["fc2.weight", conv1x1AsDense],
    "fc2/bias": ["fc2.bias", same],
  },
  ImagenotMultiHeadSelfAttention: {
    "in_proj/kernel": ["in_proj_weight", transpose2d],
    "in_proj/bias": ["in_proj_bias", same],
    "out_proj/kernel": ["out_proj.weight", transpose2d],
    "out_proj/bias": ["out_proj.bias", same],
  },
  // The layer is named after torchvision's pos_embedding parameter; the class token sits at the top level.
  ImagenotClassTokenPositionEmbedding: {
    pos_embedding: ["", same],
    class_token: ["/class_token", same],
  },
  // torchvision stores layer scale as a [C, 1, 1] parameter named like our layer.
  ImagenotLayerScale: { gamma: ["", flat] },
};

/** The torchvision module path of one of our layers: the same name, except that torchvision's
 * Conv2dNormActivation numbers its conv and norm (".0", ".1") where our conv-BN units name them. */
function modulePath(layerName: string, keys: Set<string>): string {
  if ([...keys].some((k) => k.startsWith(`${layerName}.`) || k === layerName)) return layerName;
  return layerName.replace(/\.conv$/, ".0").replace(/\.bn$/, ".1");
}

/** For a dense layer fed by Flatten of an h x w x c map (AlexNet, VGG): torchvision flattens c, h, w. */
function flattenedMap(layer: tf.layers.Layer): number[] | null {
  let inbound = layer.inboundNodes[0]?.inboundLayers[0];
  while (inbound && inbound.getClassName() === "ImagenotSeededDropout")
    inbound = inbound.inboundNodes[0]?.inboundLayers[0];
  if (!inbound || inbound.getClassName() !== "Flatten") return null;
  const shapes = inbound.inboundNodes[0].inputShapes;
  const shape = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as tf.Shape;
  const [h, w, c] = shape.slice(1) as number[];
  return h * w > 1 ? [h, w, c] : null;
}

function chwToHwcKernel(t: tf.Tensor, [h, w, c]: number[]): tf.Tensor {
  const out = t.shape[0];
  return tf.reshape(tf.transpose(tf.reshape(t, [out, c, h, w]), [2, 3, 1, 0]), [h * w * c, out]);
}

/** Loads a directory written by export_state.py into `model` (built by buildModel at paper scale with the
 * same builder name); every torchvision tensor must find its place and every shape must agree. */
export function loadTorchvisionState(model: tf.LayersModel, dir: string): void {
  const torch = readWeights(dir);
  const keys = new Set(Object.keys(torch));
  const used = new Set<string>();
  const ours: tf.NamedTensorMap = {};
  try {
    for (const layer of model.layers) {
      const rules = RULES[layer.getClassName()];
      if (!rules) {
        if (layer.weights.length > 0)
          throw new Error(
            `layer ${layer.name} (${layer.getClassName()}) has weights but no torchvision mapping`,
          );
        continue;
      }
      const path = modulePath(layer.name, keys);
      for (const w of layer.weights) {
        const suffix = w.originalName.slice(layer.name.length + 1);
        const rule = rules[suffix];
        if (!rule)
          throw new Error(`weight ${w.originalName}: no torchvision mapping for "${suffix}"`);
        const [param, transform] = rule;
        const key =
          param === "" ? path : param.startsWith("/") ? param.slice(1) : `${path}.${param}`;
        const source = torch[key];
        if (!source)
          throw new Error(
            `${dir}: no torchvision tensor "${key}" for our weight ${w.originalName}`,
          );
        const map =
          layer.getClassName() === "Dense" && suffix === "kernel" ? flattenedMap(layer) : null;
        const value = map ? chwToHwcKernel(source, map) : transform(source);
        if (!tf.util.arraysEqual(value.shape, w.shape as number[]))
          throw new Error(
            `${dir}: "${key}" has shape [${source.shape}], which does not fit ${w.originalName} [${w.shape}]`,
          );
        ours[w.originalName] = value;
        used.add(key);
      }
    }
    const unused = [...keys].filter((k) => !used.has(k));
    if (unused.length > 0)
      throw new Error(
        `${dir}: ${unused.length} torchvision tensors have no place in the model (first: ${unused[0]}); is it the same architecture?`,
      );
    model.loadWeights(ours);
  } finally {
    tf.dispose([...Object.values(torch), ...Object.values(ours)]);
  }
}
