/** Draws the README's figure (the study's improvement figure from data/reference) to docs/improvement.png
 * through headless Chromium: `node --import tsx scripts/readme-figure.ts`. */
import { join } from "node:path";
import { figurePng } from "../widgets/png";
import { paperSection } from "../app/report/sections/paper";

async function main(): Promise<void> {
  const section = await paperSection.run({ quick: true, out: "", seed: 0, backend: "auto" });
  const out = join(__dirname, "..", "docs", "improvement.png");
  await figurePng(section.figures[0], out, { width: 900, height: 480 });
  process.stdout.write(`wrote ${out}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
