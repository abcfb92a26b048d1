/** Seeded training-time randomness: stochastic depth (Huang et al. 2016) and dropout. tfjs's own Dropout
 * with a fixed seed repeats the same mask every step, and without one draws from Math.random; these layers
 * draw a fresh seed per call from their own seeded generator instead. */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../util/rng";
import { isTraining, single, type Kwargs, type LayerArgs } from "./base";

export interface StochasticArgs extends LayerArgs {
  /** Probability of dropping (a whole residual branch per example, or a unit). */
  rate: number;
  /** Seed of the layer's mask stream. */
  seed: number;
}

abstract class SeededStochastic extends tf.layers.Layer {
  protected readonly rate: number;
  private readonly seed: number;
  protected readonly rng: Rng;

  constructor(args: StochasticArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1))
      throw new Error(`${this.name}: rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.rng = new Rng(args.seed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/** Drops the residual branch of whole examples with probability `rate` in training, scaling survivors by
 * 1 / (1 - rate) (torchvision's StochasticDepth, mode "row"); the identity at inference. */
export class StochasticDepth extends SeededStochastic {
  static readonly className = "ImagenotStochasticDepth";
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = single(inputs);
    if (!isTraining(kwargs) || this.rate === 0) return x;
    const keep = 1 - this.rate;
    const n = x.shape[0];
    const mask = new Float32Array(n);
    for (let i = 0; i < n; i++) mask[i] = this.rng.next() < keep ? 1 / keep : 0;
    return tf.tidy(() => tf.mul(x, tf.tensor(mask, [n, ...x.shape.slice(1).map(() => 1)])));
  }
}
tf.serialization.registerClass(StochasticDepth);

/** Dropout with a fresh seeded mask on every training call. */
export class SeededDropout extends SeededStochastic {
  static readonly className = "ImagenotSeededDropout";
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = single(inputs);
    if (!isTraining(kwargs) || this.rate === 0) return x;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, this.rng.nextUint32()));
  }
}
tf.serialization.registerClass(SeededDropout);
