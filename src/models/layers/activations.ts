/** PyTorch's hard-swish and hard-sigmoid (MobileNetV3); tfjs's hardSigmoid is the different 0.2 x + 0.5. */
import * as tf from "@tensorflow/tfjs";
import { single, type Kwargs, type LayerArgs } from "./base";

/** relu6(x + 3) / 6. */
export function hardSigmoidOp(x: tf.Tensor): tf.Tensor {
  return tf.div(tf.relu6(tf.add(x, 3)), 6);
}

/** x * relu6(x + 3) / 6. */
export class HardSwish extends tf.layers.Layer {
  static readonly className = "ImagenotHardSwish";
  constructor(args: LayerArgs) {
    super(args);
  }
  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      return tf.mul(x, hardSigmoidOp(x));
    });
  }
}
tf.serialization.registerClass(HardSwish);

/** relu6(x + 3) / 6 as a layer. */
export class HardSigmoid extends tf.layers.Layer {
  static readonly className = "ImagenotHardSigmoid";
  constructor(args: LayerArgs) {
    super(args);
  }
  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => hardSigmoidOp(single(inputs)));
  }
}
tf.serialization.registerClass(HardSigmoid);
