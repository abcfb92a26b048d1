/** Squeeze-and-excitation (Hu et al. 2018) as torchvision's SqueezeExcitation: global mean, a bottleneck of two
 * biased 1x1 projections, and a gate that rescales the channels. */
import * as tf from "@tensorflow/tfjs";
import { hardSigmoidOp } from "./activations";
import { lastDim, single, singleShape, type Kwargs, type LayerArgs } from "./base";

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface SqueezeExciteArgs extends LayerArgs {
  /** Bottleneck width. */
  squeeze: number;
  /** Inner activation: ReLU (MobileNetV3) or SiLU (EfficientNet). */
  activation: "relu" | "silu";
  /** Gate: hard sigmoid (MobileNetV3) or sigmoid (EfficientNet). */
  gate: "hardsigmoid" | "sigmoid";
  kernelInitializer?: Initializer;
}

export class SqueezeExcite extends tf.layers.Layer {
  static readonly className = "ImagenotSqueezeExcite";
  private readonly squeeze: number;
  private readonly activation: "relu" | "silu";
  private readonly gate: "hardsigmoid" | "sigmoid";
  private readonly kernelInit: Initializer;
  private channels = 0;
  private w1!: tf.LayerVariable;
  private b1!: tf.LayerVariable;
  private w2!: tf.LayerVariable;
  private b2!: tf.LayerVariable;

  constructor(args: SqueezeExciteArgs) {
    super(args);
    this.squeeze = args.squeeze;
    this.activation = args.activation;
    this.gate = args.gate;
    this.kernelInit = args.kernelInitializer ?? tf.initializers.zeros();
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const c = lastDim(singleShape(inputShape), this.name);
    this.channels = c;
    this.w1 = this.addWeight("fc1/kernel", [c, this.squeeze], "float32", this.kernelInit);
    this.b1 = this.addWeight("fc1/bias", [this.squeeze], "float32", tf.initializers.zeros());
    this.w2 = this.addWeight("fc2/kernel", [this.squeeze, c], "float32", this.kernelInit);
    this.b2 = this.addWeight("fc2/bias", [c], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor4D;
      const pooled = tf.mean(x, [1, 2]) as tf.Tensor2D;
      const h = tf.add(tf.matMul(pooled, this.w1.read() as tf.Tensor2D), this.b1.read());
      const a = this.activation === "relu" ? tf.relu(h) : tf.mul(h, tf.sigmoid(h));
      const s = tf.add(tf.matMul(a as tf.Tensor2D, this.w2.read() as tf.Tensor2D), this.b2.read());
      const g = this.gate === "sigmoid" ? tf.sigmoid(s) : hardSigmoidOp(s);
      return tf.mul(x, tf.reshape(g, [x.shape[0], 1, 1, x.shape[3]]));
    });
  }

  /** Multiply-accumulates per example of the two projections. */
  macsPerExample(): number {
    return 2 * this.channels * this.squeeze;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      squeeze: this.squeeze,
      activation: this.activation,
      gate: this.gate,
    };
  }
}
tf.serialization.registerClass(SqueezeExcite);
