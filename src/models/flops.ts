/** Compute cost of a built model per image, from its layers: convolutions (dense and depthwise), dense
 * layers (per token or pixel where applied to maps) and the custom layers' own products (attention,
 * squeeze-excitation). Counted as multiply-accumulates (MACs), the unit torchvision's "GFLOPS" column uses;
 * FLOPs are twice that. Normalisation, activations, pooling and additions are left out, as torchvision does. */
import type * as tf from "@tensorflow/tfjs";

/** A custom layer that knows its own cost (from the input shape it was built for). */
interface CostedLayer {
  macsPerExample(): number;
}

function hasOwnCost(layer: unknown): layer is CostedLayer {
  return typeof (layer as Partial<CostedLayer>).macsPerExample === "function";
}

const product = (dims: readonly (number | null)[]): number =>
  dims.reduce<number>((a, d) => a * (d ?? 1), 1);

// Conv2D, DepthwiseConv2D and Dense all cost (output positions) x (kernel elements): one multiply-add per
// kernel weight at every output pixel or token.
const KERNEL_LAYERS: Record<string, string> = {
  Conv2D: "kernel",
  DepthwiseConv2D: "depthwise_kernel",
  Dense: "kernel",
};

/** Multiply-accumulates of one layer for one example. */
export function layerMacs(layer: tf.layers.Layer): number {
  if (hasOwnCost(layer)) return layer.macsPerExample();
  const kernelName = KERNEL_LAYERS[layer.getClassName()];
  if (!kernelName) return 0;
  const kernel = layer.weights.find((w) => w.originalName.endsWith(`/${kernelName}`));
  if (!kernel) throw new Error(`layer ${layer.name}: no ${kernelName} weight to count`);
  const out = layer.outputShape as tf.Shape;
  return product(out.slice(1, -1)) * product(kernel.shape);
}

/** Multiply-accumulates for one example through every layer (all outputs, e.g. Inception's auxiliary head). */
export function macsPerExample(model: tf.LayersModel): number {
  return model.layers.reduce((n, layer) => n + layerMacs(layer), 0);
}

/** FLOPs per example, counting a multiply-accumulate as two operations. */
export function flopsPerExample(model: tf.LayersModel): number {
  return 2 * macsPerExample(model);
}
