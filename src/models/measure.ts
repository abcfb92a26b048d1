/** Parameters and compute cost measured on a built model: a zero-initialised build (no random draws, so
 * even ConvNeXt Large takes well under a second). facts.ts holds the results for the default configs. */
import { macsPerExample } from "./flops";
import type { InputShape, ModelScale, ScaleCost } from "./facts";
import { buildModel, trainableParams } from "./registry";

/** Parameters and MACs per image of one architecture at one scale, input and class count. */
export function summarise(
  id: string,
  scale: ModelScale,
  input: InputShape,
  classes: number,
): ScaleCost {
  const model = buildModel(id, { scale, inputShape: input, numClasses: classes, init: "zeros" });
  try {
    return { params: trainableParams(model), macs: macsPerExample(model) };
  } finally {
    model.dispose();
  }
}
