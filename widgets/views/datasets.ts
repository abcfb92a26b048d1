/** Dataset comparison views: lexicographer-file mix, WordNet hierarchy sunburst, per-class counts, image grids. */
import {
  axis,
  baseLayout,
  BASE_CONFIG,
  MENU_POSITION,
  colorAt,
  type Figure,
  type PlotlyObject,
  type Trace,
} from "../figure";
import { hoverEscape } from "./format";

export interface NamedCounts {
  /** The dataset's name (legend). */
  name: string;
  /** Count per category (lexicographer file, class...). */
  counts: Record<string, number>;
}

/**
 * Side-by-side bars of each dataset's lexicographer-file mix (e.g. noun.animal), categories sorted by total;
 * buttons switch between class counts and each dataset's share.
 */
export function lexnameMixView(datasets: NamedCounts[], opts: { title?: string } = {}): Figure {
  const totals = new Map<string, number>();
  for (const d of datasets)
    for (const [k, v] of Object.entries(d.counts)) totals.set(k, (totals.get(k) ?? 0) + v);
  const names = [...totals.keys()].sort(
    (a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b),
  );
  const shares = datasets.map((d) => {
    const sum = Object.values(d.counts).reduce((s, v) => s + v, 0);
    return names.map((n) => (sum > 0 ? (d.counts[n] ?? 0) / sum : 0));
  });
  const counts = datasets.map((d) => names.map((n) => d.counts[n] ?? 0));
  const text = datasets.map((d, i) =>
    names.map(
      (n, j) =>
        `<b>${hoverEscape(n)}</b><br>${hoverEscape(d.name)}: ${counts[i][j]} classes (${(shares[i][j] * 100).toFixed(1)}%)`,
    ),
  );
  const data: Trace[] = datasets.map((d, i) => ({
    type: "bar",
    name: d.name,
    x: names,
    y: counts[i],
    text: text[i],
    textposition: "none",
    hovertemplate: "%{text}<extra></extra>",
    marker: { color: colorAt(i) },
  }));
  return {
    data,
    layout: baseLayout(opts.title ?? "Lexicographer-file mix", {
      barmode: "group",
      xaxis: axis("WordNet lexicographer file", { tickangle: -40 }),
      yaxis: axis("classes"),
      updatemenus: [
        {
          type: "buttons",
          direction: "right",
          ...MENU_POSITION,
          active: 0,
          showactive: true,
          buttons: [
            {
              label: "count",
              method: "update",
              args: [{ y: counts }, { "yaxis.title.text": "classes", "yaxis.tickformat": "" }],
            },
            {
              label: "share",
              method: "update",
              args: [
                { y: shares },
                { "yaxis.title.text": "share of the dataset's classes", "yaxis.tickformat": ".0%" },
              ],
            },
          ],
        },
      ],
    }),
    config: { ...BASE_CONFIG },
  };
}

/** A tree as parallel arrays, as src/wordnet classHierarchy returns it (values count the classes in each subtree). */
export interface SunburstInput {
  /** Shown in the dropdown when there are several trees. */
  name: string;
  /** Node ids (e.g. WordNet ids), their labels, their parent's id ("" for a root), and their values. */
  ids: string[];
  labels: string[];
  parents: string[];
  values: number[];
  /** Marks the nodes that are classes of the list (shown on hover). */
  isClass?: boolean[];
  /** "total" (default, as classHierarchy): a node's value includes its children's; "remainder": it adds to them. */
  branchvalues?: "total" | "remainder";
}

/** WordNet hierarchies as sunbursts (click a ring to zoom in); several trees get a dropdown. */
export function sunburstView(
  trees: SunburstInput[],
  opts: { title?: string; maxdepth?: number } = {},
): Figure {
  if (trees.length === 0) throw new Error("sunburstView: trees is empty, expected at least one");
  const data: Trace[] = trees.map((h, i) => {
    const n = h.ids.length;
    if (
      h.labels.length !== n ||
      h.parents.length !== n ||
      h.values.length !== n ||
      (h.isClass && h.isClass.length !== n)
    ) {
      throw new Error(
        `sunburstView: "${h.name}" needs ids, labels, parents, values (and isClass) of equal length (ids has ${n})`,
      );
    }
    return {
      type: "sunburst",
      name: h.name,
      ids: h.ids,
      labels: h.labels,
      parents: h.parents,
      values: h.values,
      customdata: h.ids.map((_, j) => (h.isClass?.[j] ? "<br>a class of the list" : "")),
      branchvalues: h.branchvalues ?? "total",
      maxdepth: opts.maxdepth ?? 3,
      visible: i === 0,
      hovertemplate: "<b>%{label}</b><br>%{id}<br>%{value} classes%{customdata}<extra></extra>",
    };
  });
  const menus: PlotlyObject[] =
    trees.length > 1
      ? [
          {
            type: "dropdown",
            ...MENU_POSITION,
            active: 0,
            buttons: trees.map((h, i) => ({
              label: h.name,
              method: "restyle",
              args: [{ visible: trees.map((_, j) => j === i) }],
            })),
          },
        ]
      : [];
  return {
    data,
    layout: baseLayout(opts.title ?? "WordNet hierarchy", {
      updatemenus: menus,
      height: 620,
      margin: { l: 8, r: 8, t: 84, b: 8 },
    }),
    config: { ...BASE_CONFIG },
  };
}

/** Images per class for each dataset, classes sorted by count (largest first); hover names the class and count. */
export function classCountsView(datasets: NamedCounts[], opts: { title?: string } = {}): Figure {
  const data: Trace[] = datasets.map((d, i) => {
    const entries = Object.entries(d.counts).sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    );
    return {
      type: "scatter",
      mode: "lines+markers",
      name: d.name,
      x: entries.map((_, j) => j + 1),
      y: entries.map((e) => e[1]),
      text: entries.map(
        ([k, v]) => `<b>${hoverEscape(k)}</b><br>${hoverEscape(d.name)}: ${v} images`,
      ),
      hovertemplate: "%{text}<extra></extra>",
      line: { color: colorAt(i), shape: "hv" },
      marker: { size: 4, color: colorAt(i) },
    };
  });
  return {
    data,
    layout: baseLayout(opts.title ?? "Images per class", {
      xaxis: axis("class (sorted by count)"),
      yaxis: axis("images"),
      hovermode: "closest",
    }),
    config: { ...BASE_CONFIG },
  };
}

export interface GridImage {
  /** A data: URL (PNG or JPEG); nothing is fetched, so other URLs are refused. */
  src: string;
  /** Shown on hover (class, file, distance...). */
  label: string;
}

/**
 * Images in a grid, `columns` per row (layout images over an invisible scatter that carries the hover labels).
 * For near-duplicate pairs use nearDuplicateGridView.
 */
export function imageGridView(
  images: GridImage[],
  opts: { columns?: number; title?: string; cell?: number } = {},
): Figure {
  for (const [i, im] of images.entries()) {
    if (!im.src.startsWith("data:image/"))
      throw new Error(
        `imageGridView: image ${i} ("${im.label}") must be a data:image/ URL, got "${im.src.slice(0, 30)}"`,
      );
  }
  const columns = Math.max(1, opts.columns ?? Math.min(8, images.length));
  const rows = Math.max(1, Math.ceil(images.length / columns));
  const cell = opts.cell ?? 110;
  const pos = images.map((_, i) => ({ x: i % columns, y: Math.floor(i / columns) }));
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "images",
        x: pos.map((p) => p.x + 0.5),
        y: pos.map((p) => p.y + 0.5),
        text: images.map((im) => hoverEscape(im.label).replace(/\n/g, "<br>")),
        hovertemplate: "%{text}<extra></extra>",
        marker: { size: cell * 0.8, symbol: "square", opacity: 0 },
        showlegend: false,
      },
    ],
    layout: baseLayout(opts.title ?? "Images", {
      xaxis: { range: [0, columns], visible: false, fixedrange: true },
      yaxis: { range: [rows, 0], visible: false, fixedrange: true, scaleanchor: "x" },
      images: images.map((im, i) => ({
        source: im.src,
        xref: "x",
        yref: "y",
        x: pos[i].x + 0.05,
        y: pos[i].y + 0.05,
        sizex: 0.9,
        sizey: 0.9,
        xanchor: "left",
        yanchor: "top",
        sizing: "contain",
        layer: "below",
      })),
      width: columns * cell + 40,
      height: rows * cell + 80,
      margin: { l: 20, r: 20, t: 56, b: 20 },
      hovermode: "closest",
    }),
    config: { ...BASE_CONFIG, responsive: false },
  };
}

export interface ImagePair {
  a: GridImage;
  b: GridImage;
  /** The pair's distance (e.g. perceptual-hash Hamming distance), shown on hover. */
  distance: number;
}

/** Near-duplicate pairs as a two-column grid (dataset A left, B right), one pair per row. */
export function nearDuplicateGridView(
  pairs: ImagePair[],
  opts: { aName?: string; bName?: string; title?: string } = {},
): Figure {
  const a = opts.aName ?? "A",
    b = opts.bName ?? "B";
  const images = pairs.flatMap((p) => [
    { src: p.a.src, label: `${a}: ${p.a.label}\ndistance ${p.distance}` },
    { src: p.b.src, label: `${b}: ${p.b.label}\ndistance ${p.distance}` },
  ]);
  return imageGridView(images, {
    columns: 2,
    title: opts.title ?? `Near-duplicate pairs (${a} left, ${b} right)`,
  });
}
