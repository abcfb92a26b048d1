/** Section 2: ImageNet against both published ImageNot class lists, through WordNet 3.0. */
import { htmlTable } from "../../../widgets/html-table";
import { lexnameMixView, sunburstView } from "../../../widgets/views/datasets";
import { compareClasses } from "../../../src/compare/classes";
import { loadClassList } from "../../../src/results/reference";
import { classHierarchy, loadWordNet, withoutTrunk } from "../../../src/wordnet";
import type { Section } from "../context";

export const vocabularySection: Section = {
  title: "ImageNet against ImageNot's class lists through WordNet 3.0",
  async run() {
    const wn = loadWordNet();
    const imagenet = loadClassList("imagenet");
    const lists = {
      ImageNot: loadClassList("imagenot"),
      "ImageNot v1": loadClassList("imagenot_v1"),
    };
    const comparisons = Object.entries(lists).map(([name, ids]) => ({
      name,
      cmp: compareClasses(imagenet, ids, wn),
    }));
    const row = (label: string, f: (c: (typeof comparisons)[number]["cmp"]) => number | string) => [
      label,
      ...comparisons.map((c) => f(c.cmp)),
    ];
    const meanNearest = (counts: Record<string, number>) => {
      const total = Object.values(counts).reduce((s, v) => s + v, 0);
      return Object.entries(counts).reduce((s, [d, n]) => s + Number(d) * n, 0) / total;
    };
    const table = htmlTable(
      ["ImageNet (A) against", ...comparisons.map((c) => c.name)],
      [
        row("classes", (c) => c.b.n),
        row("shared ids", (c) => c.shared.length),
        row("B classes below an ImageNet class (hyponyms)", (c) => c.bHyponymsOfA.length),
        row("B classes above an ImageNet class (hypernyms)", (c) => c.bHypernymsOfA.length),
        row("mean path distance to the nearest ImageNet class", (c) =>
          meanNearest(c.nearestDistance),
        ),
        row("ids not in WordNet 3.0", (c) => c.unknownIds.length),
      ],
      { digits: 2 },
    );
    const current = comparisons[0].cmp;
    const mix = lexnameMixView(
      [
        { name: "ImageNet", counts: current.lexnamesA },
        ...comparisons.map((c) => ({ name: c.name, counts: c.cmp.lexnamesB })),
      ],
      { title: "What the classes are: WordNet lexicographer files" },
    );
    const sunburst = sunburstView(
      [
        { name: "ImageNet", ...withoutTrunk(classHierarchy(wn, imagenet)), branchvalues: "total" },
        {
          name: "ImageNot",
          ...withoutTrunk(classHierarchy(wn, lists.ImageNot)),
          branchvalues: "total",
        },
      ],
      { title: "The two vocabularies in WordNet's hierarchy (click a ring to zoom)", maxdepth: 6 },
    );
    const html = [
      `<p>Both datasets name their classes by WordNet 3.0 noun synsets. ImageNot was built to avoid ImageNet's
      classes: no id is shared. A few ImageNot classes still sit above or below an ImageNet class in WordNet's
      hierarchy (hypernym and instance-hypernym pointers, followed transitively); the first published list had
      many more of those. ImageNet leans on animals (dog breeds among them); ImageNot on artefacts, food and plants.</p>`,
      table,
    ].join("\n");
    return {
      title: "Two different vocabularies",
      html,
      figures: [mix, sunburst],
      facts: Object.fromEntries(
        comparisons.map((c) => [
          c.name,
          {
            n: c.cmp.b.n,
            shared: c.cmp.shared.length,
            bHyponymsOfA: c.cmp.bHyponymsOfA.length,
            bHypernymsOfA: c.cmp.bHypernymsOfA.length,
            lexnamesB: c.cmp.lexnamesB,
          },
        ]),
      ),
    };
  },
};
