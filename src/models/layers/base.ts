/** Small helpers shared by the custom layers: argument types, the single-input unwrap and registration. */
import * as tf from "@tensorflow/tfjs";

/** The arguments every tfjs layer takes (name, trainable, ...). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
/** tfjs-layers' call() keyword arguments; `training` is true inside fit() and apply(x, {training: true}). */
export type Kwargs = Record<string, unknown>;

/** The one input of a single-input layer (tfjs passes either a tensor or a one-element list). */
export function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

/** The one input shape of a single-input layer. */
export function singleShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
}

/** The last dimension of a shape, which must be known. */
export function lastDim(shape: tf.Shape, layer: string): number {
  const d = shape[shape.length - 1];
  if (d == null)
    throw new Error(
      `${layer}: the last input dimension must be known, got shape [${shape.join(", ")}]`,
    );
  return d;
}

/** Whether a call runs in training mode. */
export function isTraining(kwargs: Kwargs): boolean {
  return kwargs.training === true;
}
