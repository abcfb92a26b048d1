/** The zoo's listing: parameter counts and compute cost of every architecture at both scales, measured on a
 * zero-initialised build (no random draws, so even ConvNeXt Large takes well under a second). */
import { macsPerExample } from "./flops";
import { ARCHITECTURES, PAPER_CLASSES, SMALL_CLASSES, SMALL_INPUT, architectureFacts, buildModel, trainableParams, type Family, type ModelScale } from "./registry";
import type { InputShape } from "./builder-kit";

export interface ScaleSummary {
  /** Trainable parameters. */
  params: number;
  /** Multiply-accumulates per image (torchvision's "GFLOPS" unit). */
  macs: number;
  /** FLOPs per image, 2 x macs. */
  flops: number;
  input: InputShape;
  classes: number;
}

export interface CatalogRow extends ScaleSummary {
  /** The torchvision builder name. */
  name: string;
  displayName: string;
  family: Family;
  year: number;
  /** The workshop-scale default (32x32x3, 10 classes). */
  small: ScaleSummary;
}

/** Parameters and cost of one architecture at one scale with its default config. */
export function summarise(id: string, scale: ModelScale, input: InputShape, classes: number): ScaleSummary {
  const model = buildModel(id, { scale, inputShape: input, numClasses: classes, init: "zeros" });
  try {
    const macs = macsPerExample(model);
    return { params: trainableParams(model), macs, flops: 2 * macs, input, classes };
  } finally {
    model.dispose();
  }
}

/** Every architecture at paper scale (its paper input, 1000 classes) and at workshop scale. */
export function catalog(): CatalogRow[] {
  return ARCHITECTURES.map((id) => {
    const facts = architectureFacts(id);
    return {
      name: id,
      displayName: facts.displayName,
      family: facts.family,
      year: facts.year,
      ...summarise(id, "paper", facts.paperInput, PAPER_CLASSES),
      small: summarise(id, "small", SMALL_INPUT, SMALL_CLASSES),
    };
  });
}
