/** Grey images as RGB: pretraining on a one-channel set (MNIST) gives weights a three-channel target
 * (image folders are always read as RGB) can load. */
import type { Dataset, LabeledImages } from "../data/dataset";

/** `split` with its single channel repeated three times; other splits pass unchanged. */
export function greyAsRgb(split: LabeledImages): LabeledImages {
  const [h, w, c] = split.imageShape;
  if (c !== 1) return split;
  return {
    count: split.count,
    imageShape: [h, w, 3],
    labels: () => split.labels(),
    async batch(indices, opts) {
      const b = await split.batch(indices, opts);
      const x = new Float32Array(b.x.length * 3);
      for (let i = 0; i < b.x.length; i++) x[3 * i] = x[3 * i + 1] = x[3 * i + 2] = b.x[i];
      return { ...b, x };
    },
  };
}

/** `dataset` with both splits as RGB, named NAME-rgb when it changed. */
export function datasetAsRgb(dataset: Dataset): Dataset {
  if (dataset.train.imageShape[2] !== 1) return dataset;
  return {
    name: `${dataset.name}-rgb`,
    classes: dataset.classes,
    classNames: dataset.classNames,
    source: dataset.source,
    train: greyAsRgb(dataset.train),
    test: greyAsRgb(dataset.test),
  };
}
