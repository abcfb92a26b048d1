import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { figurePng } from "../../widgets/png";
import type { Figure } from "../../widgets/figure";

test("figurePng writes a PNG of the requested size that a real decoder reads, with the figure drawn in it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "widgets-png-"));
  try {
    // One big red square marker on white: the decoded image must contain that red.
    const fig: Figure = {
      data: [
        {
          type: "scatter",
          mode: "markers",
          x: [0],
          y: [0],
          marker: { color: "rgb(255,0,0)", size: 120, symbol: "square" },
        },
      ],
      layout: { paper_bgcolor: "#fff", plot_bgcolor: "#fff", showlegend: false },
    };
    const path = join(dir, "fig.png");
    await figurePng(fig, path, { width: 400, height: 300, scale: 2 });
    const { data, info } = await sharp(path)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    assert.equal(info.width, 800);
    assert.equal(info.height, 600);
    let red = 0;
    for (let i = 0; i < data.length; i += 3)
      if (data[i] > 240 && data[i + 1] < 20 && data[i + 2] < 20) red++;
    // A 120 px square at scale 2 covers about 240 x 240 pixels.
    assert.ok(red > 0.8 * 240 * 240 && red < 1.2 * 240 * 240, `red pixels: ${red}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
