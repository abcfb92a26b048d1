/** Every view drawn by plotly.js in headless Chromium: traces and points, hover text, menus and sliders, offline. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import type { Locator, Page } from "playwright-core";
import { loadClassList, loadFigure1, loadTestbed } from "../../src/results/reference";
import { classHierarchy, loadWordNet, withoutTrunk } from "../../src/wordnet";
import type { Figure } from "../../widgets/figure";
import { figureHtml } from "../../widgets/html";
import { improvementView } from "../../widgets/views/improvement";
import { accuracyScatterView } from "../../widgets/views/scatter";
import { rankBumpView } from "../../widgets/views/bump";
import { trainingCurvesView } from "../../widgets/views/training";
import { confusionMatrixView } from "../../widgets/views/confusion";
import { tableView } from "../../widgets/views/table";
import {
  classCountsView,
  lexnameMixView,
  nearDuplicateGridView,
  sunburstView,
} from "../../widgets/views/datasets";
import { top1VsTop5 } from "../widgets/fixtures";
import { hoverText, startBrowser, type TestBrowser } from "./widgets-browser";

const rows = loadFigure1().rows;
const scatter = top1VsTop5();
// The first five ImageNet classes (tench, goldfish and three sharks) under their WordNet ancestors.
const wordnetTree = withoutTrunk(
  classHierarchy(loadWordNet(), loadClassList("imagenet").slice(0, 5)),
);

/** A solid-colour PNG as a data URL, made by a real encoder (sharp/libvips). */
async function pngDataUrl(r: number, g: number, b: number): Promise<string> {
  const png = await sharp({
    create: { width: 24, height: 24, channels: 3, background: { r, g, b } },
  })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString("base64")}`;
}

const figures: Record<string, () => Promise<Figure> | Figure> = {
  improvement: () =>
    improvementView({
      models: rows.map((r) => r.model),
      series: [
        { dataset: "ImageNet", kind: "accuracy", values: rows.map((r) => r.imagenetTop1) },
        {
          dataset: "ImageNot",
          kind: "ratio",
          values: rows.map((r) => r.imagenotRelImprovementDigitised),
          provenance: "digitised",
        },
      ],
    }),
  scatter: () => accuracyScatterView({ pairs: [scatter.pair] }),
  bump: () =>
    rankBumpView({
      datasets: ["ImageNet", "ImageNot"],
      // Ranks from the figure's left panel, turned into scores so that rank 1 scores highest.
      models: rows.map((r) => ({
        model: r.model,
        accuracies: [10 - r.rankImagenet, 10 - r.rankImagenot],
      })),
    }),
  training: () =>
    trainingCurvesView([
      {
        name: "alexnet",
        steps: [1, 2, 3, 4].map((s) => ({ step: s, loss: 2 / s, accuracy: s / 5 })),
        epochs: [
          { epoch: 1, trainLoss: 1.2, testLoss: 1.3, trainAcc: 0.4, testAcc: 0.35 },
          { epoch: 2, trainLoss: 0.8, testLoss: 1.0, trainAcc: 0.6, testAcc: 0.5 },
        ],
      },
      {
        name: "resnet152",
        steps: [1, 2, 3].map((s) => ({ step: s, loss: 1.5 / s, accuracy: 0.25 * s })),
        epochs: [{ epoch: 1, trainLoss: 1.0, testLoss: 1.1, trainAcc: 0.5, testAcc: 0.45 }],
      },
    ]),
  confusion: () =>
    confusionMatrixView({
      labels: ["cat", "dog", "fox"],
      matrices: [
        {
          name: "epoch 1",
          counts: [
            [4, 3, 3],
            [2, 6, 2],
            [1, 1, 8],
          ],
        },
        {
          name: "epoch 2",
          counts: [
            [8, 1, 1],
            [1, 9, 0],
            [0, 1, 9],
          ],
        },
      ],
    }),
  lexnames: () =>
    lexnameMixView([
      { name: "ImageNet", counts: { "noun.artifact": 522, "noun.animal": 398, "noun.food": 30 } },
      { name: "ImageNot", counts: { "noun.artifact": 600, "noun.animal": 300, "noun.plant": 20 } },
    ]),
  sunburst: () => sunburstView([{ name: "ImageNet", ...wordnetTree }], { maxdepth: -1 }),
  counts: () =>
    classCountsView([
      { name: "A", counts: { cat: 10, dog: 7, fox: 3 } },
      { name: "B", counts: { cat: 5, eel: 9 } },
    ]),
  duplicates: async () =>
    nearDuplicateGridView(
      [
        {
          a: { src: await pngDataUrl(255, 0, 0), label: "n01440764/1.JPEG" },
          b: { src: await pngDataUrl(250, 5, 0), label: "x/17.jpg" },
          distance: 3,
        },
        {
          a: { src: await pngDataUrl(0, 0, 255), label: "n01443537/2.JPEG" },
          b: { src: await pngDataUrl(0, 5, 250), label: "y/4.jpg" },
          distance: 5,
        },
      ],
      { aName: "ImageNet", bName: "ImageNot" },
    ),
  table: () =>
    tableView(
      loadTestbed()
        .rows.slice(0, 5)
        .map((r) => ({ model: r.model, val: r.top1.val })),
    ),
};
const names = Object.keys(figures);

let browser: TestBrowser;
let page: Page;
before(async () => {
  browser = await startBrowser();
  const built = await Promise.all(names.map((n) => figures[n]()));
  page = await browser.openReport({
    title: "All views",
    sections: names.map((n, i) => ({ title: n, figures: [built[i]] })),
  });
});
after(async () => {
  await browser.close();
});

const figure = (name: string): Locator => page.locator(".imagenot-figure").nth(names.indexOf(name));

/** Points drawn per scatter trace of a figure (only visible traces are drawn). */
async function pointsPerTrace(fig: Locator): Promise<number[]> {
  const traces = fig.locator(".scatterlayer .trace");
  const out: number[] = [];
  for (let i = 0; i < (await traces.count()); i++)
    out.push(await traces.nth(i).locator(".point").count());
  return out;
}

/** The trace data plotly.js holds for a figure after any restyle (read from the graph div). */
function liveData(
  fig: Locator,
): Promise<{ name?: string; visible?: unknown; x?: unknown[]; y?: unknown[]; z?: unknown }[]> {
  return fig.evaluate((el) =>
    (
      el as unknown as {
        data: { name?: string; visible?: unknown; x?: unknown[]; y?: unknown[]; z?: unknown }[];
      }
    ).data.map((t) => ({ name: t.name, visible: t.visible, x: t.x, y: t.y, z: t.z })),
  );
}

test("improvement: both datasets, nine points each, hover, and a legend click hides a dataset", async () => {
  const fig = figure("improvement");
  assert.deepEqual(await pointsPerTrace(fig), [9, 9]);
  assert.deepEqual(await fig.locator(".legendtext").allTextContents(), [
    "ImageNet",
    "ImageNot (digitised)",
  ]);
  const text = await hoverText(
    page,
    fig.locator(".scatterlayer .trace").nth(0).locator(".point").nth(1),
  );
  assert.match(text, /VGG-19/);
  const shown = Number(/ImageNet: ([\d.]+)× AlexNet/.exec(text)?.[1]);
  assert.ok(Math.abs(shown - rows[1].imagenetRelImprovement) < 6e-4, text);
  // Clicking a legend entry hides that dataset's line.
  await fig.locator(".legend .traces", { hasText: "ImageNot" }).locator(".legendtoggle").click();
  await page.waitForFunction(
    (el) => (el as unknown as { data: { visible?: unknown }[] }).data[1].visible === "legendonly",
    await fig.elementHandle(),
  );
  assert.deepEqual(await pointsPerTrace(fig), [9]);
});

test("scatter: points, band, line and diagonal; hover with accuracies and ranks; the probit button switches", async () => {
  const fig = figure("scatter");
  // Drawn traces: the nine points, then band, line, diagonal (lines only, no point markers).
  assert.deepEqual(await pointsPerTrace(fig), [9, 0, 0, 0]);
  const best = rows.findIndex((r) => r.model === "EfficientNet V2 Large");
  const text = await hoverText(
    page,
    fig.locator(".scatterlayer .trace").nth(0).locator(".point").nth(best),
  );
  assert.equal(text, "EfficientNet V2 Large\ntop-1: 85.81% (rank 1)\ntop-5: 97.79% (rank 1)");
  await fig.locator(".updatemenu-button", { hasText: "probit" }).click();
  await page.waitForFunction(
    (el) => (el as unknown as { data: { visible: boolean }[] }).data[4].visible === true,
    await fig.elementHandle(),
  );
  const data = await liveData(fig);
  assert.deepEqual(
    data.map((t) => t.visible),
    [false, false, false, false, true, true, true, true],
  );
  assert.deepEqual(await pointsPerTrace(fig), [9, 0, 0, 0]);
  const ticks = await fig.locator(".xtick text").allTextContents();
  assert.ok(ticks.includes("80%"), `probit ticks: ${ticks.join(" ")}`);
  (data[4].x as number[]).forEach((v, i) =>
    assert.ok(Math.abs(v - scatter.reference.probitX[i]) < 1e-9),
  );
});

test("bump chart: one line per model over both datasets, rank in the hover", async () => {
  const fig = figure("bump");
  assert.deepEqual(
    await pointsPerTrace(fig),
    rows.map(() => 2),
  );
  const vit = rows.findIndex((r) => r.model === "ViT-B/16");
  const text = await hoverText(
    page,
    fig.locator(".scatterlayer .trace").nth(vit).locator(".point").nth(1),
  );
  assert.match(text, new RegExp(`ViT-B/16\\s*ImageNot: rank ${rows[vit].rankImagenot} of 9`));
});

test("training: the metric dropdown swaps loss for accuracy", async () => {
  const fig = figure("training");
  // Step panel first (lines, no markers), then the epoch panel: train and test for each run.
  assert.deepEqual(await pointsPerTrace(fig), [0, 0, 2, 2, 1, 1]);
  await fig.locator(".updatemenu-header").click();
  await fig.locator(".updatemenu-dropdown-button", { hasText: "accuracy" }).click();
  await page.waitForFunction(
    (el) => (el as unknown as { data: { visible: boolean }[] }).data[3].visible === true,
    await fig.elementHandle(),
  );
  const visible = (await liveData(fig)).filter((t) => t.visible === true);
  assert.deepEqual(
    visible.map((t) => t.y),
    [[0.2, 0.4, 0.6, 0.8], [0.4, 0.6], [0.35, 0.5], [0.25, 0.5, 0.75], [0.5], [0.45]],
  );
  assert.equal(await fig.locator(".g-ytitle").textContent(), "accuracy");
});

test("confusion matrix: hover gives classes and counts; the slider goes back to epoch 1", async () => {
  const fig = figure("confusion");
  assert.equal(await fig.locator(".heatmaplayer image").count(), 1);
  const plot = fig.locator(".nsewdrag").first();
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width / 6, box.y + box.height / 6); // top-left cell: true cat, predicted cat
  await page.waitForSelector(".hoverlayer .hovertext");
  assert.match(
    (await page.locator(".hoverlayer .hovertext").textContent())!,
    /true: cat\s*predicted: cat\s*count: 8/,
  );
  // The slider's rail lies over its labels and takes the click, moving to the nearest step.
  await fig.locator(".slider-label", { hasText: "epoch 1" }).click({ force: true });
  await page.waitForFunction(
    (el) => (el as unknown as { data: { z: number[][] }[] }).data[0].z[0][0] === 0.4,
    await fig.elementHandle(),
  );
});

test("lexicographer mix: grouped bars, the share button rescales them", async () => {
  const fig = figure("lexnames");
  assert.equal(await fig.locator(".barlayer .trace").count(), 2);
  assert.equal(await fig.locator(".barlayer .point").count(), 8); // 4 lexnames x 2 datasets
  await fig.locator(".updatemenu-button", { hasText: "share" }).click();
  await page.waitForFunction(
    (el) => ((el as unknown as { data: { y: number[] }[] }).data[0].y[0] as number) < 1,
    await fig.elementHandle(),
  );
  const data = await liveData(fig);
  assert.deepEqual(data[0].y, [522 / 950, 398 / 950, 30 / 950, 0]);
});

test("sunburst, class counts, duplicate grid and table draw their parts", async () => {
  const sun = figure("sunburst");
  assert.equal(await sun.locator("g.slice").count(), wordnetTree.ids.length);
  const goldfish = wordnetTree.ids.indexOf("n01443537");
  const hover = await hoverText(
    page,
    sun.locator("g.slice .slicetext", { hasText: "goldfish" }).first(),
  );
  assert.match(hover, /goldfish\s*n01443537\s*1 classes\s*a class of the list/);
  assert.equal(wordnetTree.isClass[goldfish], true);
  assert.deepEqual(await pointsPerTrace(figure("counts")), [3, 2]);
  const dup = figure("duplicates");
  assert.equal(await dup.locator("svg.main-svg image").count(), 4);
  const text = await hoverText(page, dup.locator(".scatterlayer .point").nth(3));
  assert.match(text, /ImageNot: y\/4\.jpg\s*distance 5/);
  const cells = await figure("table").locator(".cell-text").allTextContents();
  const first = loadTestbed().rows[0];
  assert.ok(
    cells.includes(first.model) && cells.includes(first.top1.val!.toFixed(4)),
    cells.join(" | "),
  );
});

test("a figure in a page without plotly.js and without a Jupyter server says why, at once", async () => {
  const p = await browser.context.newPage();
  await p.setContent(
    `<body>${figureHtml({ data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} }, { id: "lonely" })}</body>`,
  );
  const el = p.locator("#lonely.imagenot-figure-error");
  await el.waitFor({ timeout: 5_000 });
  assert.match(
    (await el.textContent())!,
    /^This figure cannot draw: plotly\.js is not in this page and there is no Jupyter server/,
  );
  await p.close();
});

test("no page errors and nothing fetched from the network", () => {
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.networkRequests, []);
});
