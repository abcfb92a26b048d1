/** End to end: the reproduce job at a tiny setting (three architectures, a few hundred images, one epoch)
 * into its own folder; every section is in the report and reproduce.json agrees with the run records. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { reproduce, SECTIONS } from "../../../app/report/reproduce";
import { readStudyRuns } from "../../../src/study/rank";
import { studyRunsFolder } from "../../../src/study/plan";
import { gridStatus } from "../../../src/grid/state";

const out = mkdtempSync(join(tmpdir(), "imagenot-reproduce-"));
after(() => rmSync(out, { recursive: true, force: true }));

test("reproduce at a tiny setting: every section in the report, reproduce.json agrees with the runs", async () => {
  const result = await reproduce({
    quick: true,
    out,
    seed: 0,
    backend: "auto",
    archs: ["alexnet", "vgg19", "convnext_large"],
    size: { epochs: 1, limitTrain: 200, limitTest: 100 },
  });
  const html = readFileSync(result.report, "utf8");
  for (const s of result.sections) assert.ok(html.includes(s.title), `report lacks "${s.title}"`);
  assert.equal(result.sections.length, SECTIONS.length);

  const json = JSON.parse(readFileSync(result.record, "utf8")) as {
    sections: { title: string; facts: Record<string, unknown> }[];
  };
  const training = json.sections.find((s) => s.title.startsWith("Training"))!;
  const reported = training.facts.runs as { arch: string; dataset: string; finalTestAcc: number }[];
  const { records } = readStudyRuns(studyRunsFolder(out));
  assert.equal(records.length, 6);
  assert.equal(reported.length, records.length);
  for (const r of records) {
    const row = reported.find((x) => x.arch === r.arch && x.dataset === r.dataset);
    assert.equal(row?.finalTestAcc, r.finalTestAcc, `${r.arch} on ${r.dataset}`);
    assert.equal(r.out, ".");
    assert.equal(typeof r.learned, "boolean");
  }
  const runs = json.sections.find((s) => s.title.startsWith("Do rankings"))!;
  const all = runs.facts.all as { models: string[]; x: number[] };
  assert.equal(all.models.length, 3);
  // The trainings went through the grid's local executor: the study folder is a grid, every run done.
  assert.deepEqual(
    gridStatus(out).map((r) => r.state),
    Array(6).fill("done"),
  );
});
