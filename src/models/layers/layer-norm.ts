/** Layer normalization over the last axis (torch's nn.LayerNorm(C), and LayerNorm2d on NHWC maps), with
 * broadcasting arithmetic. tfjs's own LayerNormalization tiles gamma and beta to the full input shape, and the
 * gradient of Tile is a loop of one Slice and one Add per repetition: tens of thousands of kernel calls per
 * training step on a feature map, which made ConvNeXt and ViT train ~10x slower than their MACs warrant. */
import * as tf from "@tensorflow/tfjs";
import { lastDim, single, singleShape, type Kwargs, type LayerArgs } from "./base";

export interface LayerNormArgs extends LayerArgs {
  /** Added to the variance (torchvision's ConvNeXt and ViT: 1e-6). */
  epsilon: number;
}

export class LayerNorm extends tf.layers.Layer {
  static readonly className = "ImagenotLayerNorm";
  private readonly epsilon: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;

  constructor(args: LayerNormArgs) {
    super(args);
    this.epsilon = args.epsilon;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const c = lastDim(singleShape(inputShape), this.name);
    // Named like tfjs's LayerNormalization weights, so the torchvision import maps them the same way.
    this.gamma = this.addWeight("gamma", [c], "float32", tf.initializers.ones());
    this.beta = this.addWeight("beta", [c], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const { mean, variance } = tf.moments(x, -1, true);
      const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normed, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LayerNorm);
