/**
 * run-notebook --html renders markdown cells as a reader expects: Chromium shows headings, lists, tables, links,
 * code and KaTeX formulas, with a table of contents, while every request the page makes is refused (offline).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium, type HeadlessBrowser } from "../../widgets/browser";
import { runCli } from "../helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "imagenot-html-export-"));
const markdown = (source: string) => ({ cell_type: "markdown", metadata: {}, source });
const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    markdown(
      "# Rank agreement\n\nKendall's $\\tau_b$ compares **rankings**; see [the paper](https://arxiv.org/abs/2404.02112).",
    ),
    markdown(
      "## The statistic\n\n$$\\tau_b = \\frac{n_c - n_d}{\\sqrt{(n_0 - n_1)(n_0 - n_2)}}$$\n\n- concordant pairs\n- discordant pairs",
    ),
    {
      cell_type: "code",
      metadata: {},
      source:
        'import { display } from "imagenot-lab/kernel";\ndisplay.markdown("### From a cell\\n\\n$x^2$");',
      outputs: [],
      execution_count: null,
    },
    markdown(
      "## Results\n\n| model | accuracy |\n|---|---|\n| resnet | 0.9 |\n\n```ts\nconst x = 1;\n```\n\n## Results",
    ),
  ],
};
let page: string;
let browser: HeadlessBrowser;

before(async () => {
  const nb = join(dir, "nb.ipynb");
  writeFileSync(nb, JSON.stringify(notebook));
  const html = join(dir, "nb.html");
  const r = runCli(["run-notebook", nb, "--html", html]);
  assert.equal(r.code, 0, r.stderr);
  page = readFileSync(html, "utf8");
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the exported page has headings, lists, tables, code and formulas, and needs no network", async () => {
  const tab = await browser.context.newPage();
  const requests: string[] = [];
  await tab.route("**/*", (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await tab.setContent(page, { waitUntil: "load" });
  await tab.evaluate(() => document.fonts.ready);
  assert.deepEqual(requests, [], "the page loads nothing");
  const seen = await tab.evaluate(() => ({
    h1: Array.from(document.querySelectorAll("main h1")).map((e) => [e.id, e.textContent]),
    h2: Array.from(document.querySelectorAll("main .cell h2")).map((e) => e.id),
    toc: Array.from(document.querySelectorAll("nav.toc a")).map((a) => a.getAttribute("href")),
    items: Array.from(document.querySelectorAll(".markdown li")).map((e) => e.textContent),
    cells: Array.from(document.querySelectorAll(".markdown td")).map((e) => e.textContent),
    link: document.querySelector(".markdown a[href^='https://arxiv']")?.textContent,
    code: document.querySelector(".markdown pre code")?.textContent,
    math: Array.from(document.querySelectorAll(".katex")).map((e) => ({
      tex: e.querySelector("annotation")?.textContent?.trim(),
      width: e.getBoundingClientRect().width,
      display: e.parentElement?.classList.contains("katex-display") ?? false,
    })),
    mathFont: Array.from(document.fonts as unknown as Iterable<FontFace>).some(
      (f) => f.family === "KaTeX_Main" && f.status === "loaded",
    ),
    raw$: Array.from(document.querySelectorAll<HTMLElement>(".markdown")).some((e) =>
      e.innerText.includes("$"),
    ),
  }));
  assert.deepEqual(seen.h1, [["rank-agreement", "Rank agreement"]]);
  assert.deepEqual(seen.h2, ["the-statistic", "results", "results-1"]);
  assert.deepEqual(seen.toc, [
    "#rank-agreement",
    "#the-statistic",
    "#from-a-cell",
    "#results",
    "#results-1",
  ]);
  assert.deepEqual(seen.items, ["concordant pairs", "discordant pairs"]);
  assert.deepEqual(seen.cells, ["resnet", "0.9"]);
  assert.equal(seen.link, "the paper");
  assert.equal(seen.code, "const x = 1;\n");
  assert.deepEqual(
    seen.math.map((m) => [m.tex, m.display]),
    [
      ["\\tau_b", false],
      ["\\tau_b = \\frac{n_c - n_d}{\\sqrt{(n_0 - n_1)(n_0 - n_2)}}", true],
      ["x^2", false],
    ],
  );
  assert.ok(
    seen.math.every((m) => m.width > 5),
    JSON.stringify(seen.math),
  );
  assert.ok(seen.mathFont, "KaTeX's embedded font loaded");
  assert.equal(seen.raw$, false, "no formula is left as $...$ text");
});
