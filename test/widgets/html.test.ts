import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { figureHtml, plotlySource, reportHtml, scriptJson, writeReport } from "../../widgets/html";
import { figureBundle, PLOTLY_MIME } from "../../widgets/bundle";
import type { Figure } from "../../widgets/figure";

const fig: Figure = {
  data: [{ type: "scatter", name: "a</script><b>", x: [1, 2, 3], y: [4, 5, 6] }],
  layout: { title: { text: "T" } },
};

test("plotly.js is read from plotly.js-dist and inlined exactly once in a report", () => {
  const src = plotlySource();
  assert.match(src.slice(0, 200), /plotly\.js v\d+\.\d+/);
  const html = reportHtml({
    title: "R",
    sections: [
      { title: "s1", figures: [fig, fig] },
      { title: "s2", figures: [fig] },
    ],
  });
  assert.equal(html.split("* plotly.js v").length - 1, 1);
  assert.equal(html.split('class="imagenot-figure"').length - 1, 3);
});

test("a report references nothing outside itself", () => {
  const html = reportHtml({
    title: "R",
    subtitle: "sub",
    sections: [{ title: "s", html: "<p>x</p>", figures: [fig] }],
    footer: "f",
  });
  assert.doesNotMatch(html, /<script[^>]*\bsrc=/i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /<img[^>]*src="http/i);
});

test("strings in a figure cannot close its script tag", () => {
  const html = figureHtml(fig, { id: "f1" });
  // Every script that opens closes once: the trace name's "</script>" was escaped.
  assert.equal(html.split("<script").length, html.split("</script>").length);
  assert.equal(JSON.parse(scriptJson("</script>\u2028")), "</script>\u2028");
});

test("writeReport writes the page atomically", () => {
  const dir = mkdtempSync(join(tmpdir(), "widgets-"));
  const path = join(dir, "sub", "r.html");
  writeReport(path, { title: "R & D", sections: [] });
  assert.match(readFileSync(path, "utf8"), /<title>R &amp; D<\/title>/);
});

test("the display bundle carries the spec as an object, a self-drawing div and a summary", () => {
  const b = figureBundle(fig);
  assert.deepEqual(b[PLOTLY_MIME], { data: fig.data, layout: fig.layout, config: {} });
  assert.match(String(b["text/html"]), /Plotly\.newPlot/);
  assert.doesNotMatch(String(b["text/html"]), /plotly\.js v/);
  assert.match(String(figureBundle(fig, { includePlotly: true })["text/html"]), /plotly\.js v/);
  assert.equal(b["text/plain"], '<Figure "T": 1 traces (1 scatter), 3 points>');
});
