/** The random streams that layers keep for themselves (the model zoo's dropout and stochastic depth each
 * hold an Rng), saved with checkpoints so that a resumed run draws the same masks as an unbroken one. */
import type * as tf from "@tensorflow/tfjs";
import { Rng, type RngState } from "../util/rng";

export interface LayerRngState {
  /** Index in model.layers. */
  layer: number;
  /** The layer's property holding the Rng. */
  key: string;
  state: RngState;
}

function rngsOf(
  model: tf.LayersModel,
): { layer: number; key: string; owner: Record<string, unknown>; rng: Rng }[] {
  return model.layers.flatMap((l, layer) => {
    const owner = l as unknown as Record<string, unknown>;
    return Object.keys(owner).flatMap((key) =>
      owner[key] instanceof Rng ? [{ layer, key, owner, rng: owner[key] as Rng }] : [],
    );
  });
}

/** The states of every Rng held by a layer of `model`. */
export function layerRngStates(model: tf.LayersModel): LayerRngState[] {
  return rngsOf(model).map(({ layer, key, rng }) => ({ layer, key, state: rng.state() }));
}

/** Puts saved states back: each layer's Rng is replaced by one continuing from its saved state. */
export function restoreLayerRngs(model: tf.LayersModel, states: readonly LayerRngState[]): void {
  const found = rngsOf(model);
  if (found.length !== states.length)
    throw new RangeError(
      `checkpoint holds ${states.length} layer random streams, the model has ${found.length}: not the same architecture`,
    );
  found.forEach((f, i) => {
    const s = states[i];
    if (s.layer !== f.layer || s.key !== f.key)
      throw new RangeError(
        `checkpoint's random stream #${i} belongs to layer ${s.layer}.${s.key}, the model's to ${f.layer}.${f.key}`,
      );
    // The property is readonly to the layer's users, not at run time: the layer keeps drawing from it.
    f.owner[f.key] = Rng.fromState(s.state);
  });
}
