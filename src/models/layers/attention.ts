/** Multi-head self-attention as PyTorch's nn.MultiheadAttention(batch_first) used by torchvision's ViT:
 * one packed q/k/v projection with bias, scaled dot-product attention per head, an output projection. */
import * as tf from "@tensorflow/tfjs";
import { lastDim, single, singleShape, type Kwargs, type LayerArgs } from "./base";

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  heads: number;
  kernelInitializer?: Initializer;
}

export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = "ImagenotMultiHeadSelfAttention";
  private readonly heads: number;
  private readonly kernelInit: Initializer;
  private tokens = 0;
  private width = 0;
  private inKernel!: tf.LayerVariable;
  private inBias!: tf.LayerVariable;
  private outKernel!: tf.LayerVariable;
  private outBias!: tf.LayerVariable;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.kernelInit = args.kernelInitializer ?? tf.initializers.zeros();
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const d = lastDim(shape, this.name);
    this.tokens = shape[1] ?? 0;
    this.width = d;
    if (d % this.heads !== 0)
      throw new Error(`${this.name}: width ${d} is not divisible by ${this.heads} heads`);
    // Columns 0..d-1 of the packed kernel project to queries, then keys, then values (PyTorch's in_proj order).
    this.inKernel = this.addWeight("in_proj/kernel", [d, 3 * d], "float32", this.kernelInit);
    this.inBias = this.addWeight("in_proj/bias", [3 * d], "float32", tf.initializers.zeros());
    this.outKernel = this.addWeight("out_proj/kernel", [d, d], "float32", this.kernelInit);
    this.outBias = this.addWeight("out_proj/bias", [d], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [b, n, d] = x.shape;
      const h = this.heads;
      const dh = d / h;
      const qkv = tf.add(
        tf.matMul(tf.reshape(x, [b * n, d]), this.inKernel.read() as tf.Tensor2D),
        this.inBias.read(),
      );
      const [q, k, v] = tf
        .split(qkv, 3, 1)
        .map((t) => tf.transpose(tf.reshape(t, [b, n, h, dh]), [0, 2, 1, 3]));
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh));
      const context = tf.matMul(tf.softmax(scores), v); // [b, h, n, dh]
      const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [b * n, d]);
      const out = tf.add(
        tf.matMul(merged, this.outKernel.read() as tf.Tensor2D),
        this.outBias.read(),
      );
      return tf.reshape(out, [b, n, d]);
    });
  }

  /** Multiply-accumulates per example: the four projections plus the two n x n attention products. */
  macsPerExample(): number {
    const [n, d] = [this.tokens, this.width];
    return 4 * n * d * d + 2 * n * n * d;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);
