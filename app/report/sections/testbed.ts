/** Section: the habit of the field on the 338-model testbed — accuracy on ImageNet against shifted test sets. */
import { htmlTable, sourceParagraph } from "../../../widgets/html-table";
import { accuracyScatterView, type ScatterPair } from "../../../widgets/views/scatter";
import { kendallTauB, linearFit, spearman } from "../../../src/analysis";
import { loadTestbed } from "../../../src/results/reference";
import type { Section } from "../context";

/** The shifted test sets shown, with readable names (columns of data/reference/imagenet_testbed_top1.csv). */
const SHIFTS: Record<string, string> = {
  "imagenetv2-matched-frequency": "ImageNetV2",
  "objectnet-1.0-beta": "ObjectNet",
  "imagenet-r": "ImageNet-R",
  "imagenet-sketch": "ImageNet-Sketch",
  "imagenet-a": "ImageNet-A",
};

export const testbedSection: Section = {
  title: "ImageNet against five shifted test sets on the 338-model testbed",
  async run() {
    const tb = loadTestbed();
    const facts: Record<string, unknown> = {};
    const pairs: ScatterPair[] = [];
    const rows = Object.entries(SHIFTS).map(([column, name]) => {
      const both = tb.rows.filter((r) => r.top1.val !== null && r.top1[column] !== null);
      const x = both.map((r) => r.top1.val as number),
        y = both.map((r) => r.top1[column] as number);
      const raw = linearFit(x, y, { scale: "raw" }),
        probit = linearFit(x, y, { scale: "probit" });
      const tau = kendallTauB(x, y),
        rho = spearman(x, y);
      facts[name] = {
        n: both.length,
        kendallTauB: tau,
        spearman: rho,
        raw: { slope: raw.slope, intercept: raw.intercept, r2: raw.r2 },
        probit: { slope: probit.slope, intercept: probit.intercept, r2: probit.r2 },
      };
      pairs.push({
        xName: "ImageNet",
        yName: name,
        points: both.map((r) => ({ model: r.model, x: r.top1.val, y: r.top1[column] })),
        fits: { raw, probit },
      });
      return [name, both.length, tau, rho, raw.r2, probit.slope, probit.intercept, probit.r2];
    });
    const html = [
      `<p>Before ImageNot, the field compared test sets by plotting each model's accuracy on one against the other
      (Recht et al. 2019; Taori et al. 2020; Miller et al. 2021): accuracy on a shifted set tends to lie on a line
      after a probit transform, and model rankings largely carry over. Here are the published top-1 accuracies of
      the 338 models of Taori et al.'s testbed. Use the dropdown to switch test sets and the buttons to switch
      between raw and probit axes.</p>`,
      htmlTable(
        [
          "shifted test set",
          "models",
          "Kendall τ-b",
          "Spearman ρ",
          "R² (raw)",
          "probit slope",
          "probit intercept",
          "R² (probit)",
        ],
        rows,
      ),
      sourceParagraph(tb.source),
    ].join("\n");
    const figure = accuracyScatterView({
      pairs,
      scale: "probit",
      title: "Accuracy on ImageNet against a shifted test set",
    });
    return {
      title: "Rankings under distribution shift: the 338-model testbed",
      html,
      figures: [figure],
      facts,
    };
  },
};
