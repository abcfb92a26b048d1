/** Layer scale (Touvron et al. 2021, used by ConvNeXt): a learned per-channel factor, initialised small so
 * that each residual branch starts close to the identity. */
import * as tf from "@tensorflow/tfjs";
import { lastDim, single, singleShape, type Kwargs, type LayerArgs } from "./base";

export interface LayerScaleArgs extends LayerArgs {
  /** Initial value of every factor (ConvNeXt: 1e-6). */
  initValue: number;
}

export class LayerScale extends tf.layers.Layer {
  static readonly className = "ImagenotLayerScale";
  private readonly initValue: number;
  private gamma!: tf.LayerVariable;

  constructor(args: LayerScaleArgs) {
    super(args);
    this.initValue = args.initValue;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const c = lastDim(singleShape(inputShape), this.name);
    this.gamma = this.addWeight(
      "gamma",
      [c],
      "float32",
      tf.initializers.constant({ value: this.initValue }),
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.mul(single(inputs), this.gamma.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), initValue: this.initValue };
  }
}
tf.serialization.registerClass(LayerScale);
