/** The ViT token plumbing: prepend a learned class token and add learned position embeddings; then take
 * the class token back out for the head. */
import * as tf from "@tensorflow/tfjs";
import { lastDim, single, singleShape, type Kwargs, type LayerArgs } from "./base";

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface ClassTokenArgs extends LayerArgs {
  /** Position embedding initializer (torchvision: normal, std 0.02); the class token starts at zero. */
  positionInitializer?: Initializer;
}

/** [b, n, d] -> [b, n + 1, d]: class token first, then position embeddings added to every token. */
export class ClassTokenPositionEmbedding extends tf.layers.Layer {
  static readonly className = "ImagenotClassTokenPositionEmbedding";
  private readonly positionInit: Initializer;
  private classToken!: tf.LayerVariable;
  private positions!: tf.LayerVariable;

  constructor(args: ClassTokenArgs) {
    super(args);
    this.positionInit = args.positionInitializer ?? tf.initializers.zeros();
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const n = shape[1];
    if (n == null)
      throw new Error(
        `${this.name}: the number of tokens must be known, got shape [${shape.join(", ")}]`,
      );
    const d = lastDim(shape, this.name);
    this.classToken = this.addWeight("class_token", [1, 1, d], "float32", tf.initializers.zeros());
    this.positions = this.addWeight("pos_embedding", [1, n + 1, d], "float32", this.positionInit);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, n, d] = singleShape(inputShape);
    return [b, (n as number) + 1, d];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const cls = tf.tile(this.classToken.read(), [x.shape[0], 1, 1]);
      return tf.add(tf.concat([cls, x], 1), this.positions.read());
    });
  }
}
tf.serialization.registerClass(ClassTokenPositionEmbedding);

/** [b, n, d] -> [b, d]: the first (class) token. */
export class TakeClassToken extends tf.layers.Layer {
  static readonly className = "ImagenotTakeClassToken";
  constructor(args: LayerArgs) {
    super(args);
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleShape(inputShape);
    return [s[0], s[2]];
  }
  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [b, , d] = x.shape as [number, number, number];
      return tf.reshape(tf.slice(x, [0, 0, 0], [b, 1, d]), [b, d]);
    });
  }
}
tf.serialization.registerClass(TakeClassToken);
