/** The main job: each section of the study in turn, then one offline HTML report and a JSON record beside it. */
import { join } from "node:path";
import { writeJsonAtomic } from "../../src/util/atomic";
import { step } from "../../src/util/progress";
import { writeReport } from "../../widgets/html";
import { htmlTable } from "../../widgets/html-table";
import type { ReproduceOptions, Section, SectionResult } from "./context";
import { paperSection } from "./sections/paper";
import { vocabularySection } from "./sections/vocabulary";
import { testbedSection } from "./sections/testbed";
import { imagesSection } from "./sections/images";
import { trainingSection } from "./sections/training";
import { runsSection } from "./sections/runs";
import { softwareVersions } from "../../src/util/versions";

/** The sections in the order the report tells the story. */
export const SECTIONS: readonly Section[] = [
  paperSection,
  vocabularySection,
  imagesSection,
  trainingSection,
  runsSection,
  testbedSection,
];

export interface ReproduceResult {
  report: string;
  record: string;
  sections: SectionResult[];
}

/** Runs every section with a progress line each, writes `out/report.html` and `out/reproduce.json`. */
export async function reproduce(
  opts: ReproduceOptions,
  sections: readonly Section[] = SECTIONS,
): Promise<ReproduceResult> {
  const started = new Date();
  const results: SectionResult[] = [];
  for (const [i, section] of sections.entries()) {
    step(i + 1, sections.length + 1, section.title);
    const t0 = Date.now();
    results.push(await section.run(opts));
    process.stderr.write(`      done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  step(sections.length + 1, sections.length + 1, "writing the report");
  const versions = softwareVersions();
  const report = join(opts.out, "report.html");
  const record = join(opts.out, "reproduce.json");
  writeReport(report, {
    title: "ImageNot, reproduced",
    subtitle: `Salaudeen & Hardt, arXiv 2404.02112 — rerun by imagenot-lab ${versions["imagenot-lab"]} on ${started.toISOString().slice(0, 10)}${opts.quick ? " (quick run)" : ""}`,
    sections: results.map((r) => ({ title: r.title, html: r.html, figures: r.figures })),
    footer: [
      `<p>Seed ${opts.seed}, backend choice "${opts.backend}". Numbers and configuration: <code>reproduce.json</code> beside this page.</p>`,
      htmlTable(
        ["software", "version"],
        Object.entries(versions).map(([k, v]) => [k, v ?? "not installed"]),
      ),
    ].join("\n"),
  });
  writeJsonAtomic(record, {
    config: opts,
    started: started.toISOString(),
    finished: new Date().toISOString(),
    versions,
    sections: results.map((r) => ({ title: r.title, facts: r.facts })),
  });
  return { report, record, sections: results };
}
