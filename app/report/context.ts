/** What every section of the reproduce job shares: options, where to write, and the notes it collects. */
import type { Figure } from "../../widgets/figure";
import type { ArchitectureId } from "../../src/models/facts";
import type { StudySize } from "../../src/study/plan";

export interface ReproduceOptions {
  /** A shorter run (under 10 minutes on a 2-core CPU): fewer images and epochs. */
  quick: boolean;
  /** Folder for the report, run records and the job's record. */
  out: string;
  /** The first seed (data order, initial weights, bootstrap draws). */
  seed: number;
  /** Runs per (architecture, dataset), seeds seed, seed + 1, ... (1 by default). */
  seeds?: number;
  /** Trainings at once through the grid's local executor (1 by default); threads are split between them. */
  jobs?: number;
  /** A smaller study (tests): these architectures only, these sizes instead of the quick or full ones. */
  archs?: readonly ArchitectureId[];
  size?: Partial<StudySize>;
  /** Training backend ("auto" by default; see the engine). */
  backend: string;
}

export interface SectionResult {
  title: string;
  html: string;
  figures: Figure[];
  /** Plain numbers the section found, kept in the job's JSON record next to the report. */
  facts: Record<string, unknown>;
}

/** One step of the job: a title for the progress line and the work that yields its report section. */
export interface Section {
  title: string;
  run(opts: ReproduceOptions): Promise<SectionResult>;
}
