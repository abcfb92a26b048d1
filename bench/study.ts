/** The study's time and accuracy on this machine, against the budgets of the study issue: `imagenot-lab
 * reproduce` run whole, as a user runs it, and timed from the outside:
 * `npm run bench -- study [--full] [--out DIR] [--jobs N] [--backend B] [--json]` (DIR empty or new).
 * The quick plan's budget is 10 minutes with every run at test accuracy >= 0.5; the full plan's is 30 minutes
 * with every run >= 0.85 on MNIST and >= 0.75 on Fashion-MNIST. Its peer is that budget, not another program:
 * run it on an otherwise idle machine (it prints the load average before and after). */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { choiceOption, intOption, parseArgs } from "../app/args";
import { BACKEND_CHOICES } from "../src/engine/choices";
import { InputError, WorkError } from "../src/errors";
import { readStudyRuns } from "../src/study/rank";
import { studyRunsFolder } from "../src/study/plan";
import { machineLoad } from "./lib/stats";
import { STUDY_TARGETS } from "./lib/study-targets";

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    full: { kind: "flag" },
    out: { kind: "value" },
    jobs: { kind: "value" },
    backend: { kind: "value" },
    json: { kind: "flag" },
  });
  const plan = args.flags.has("full") ? "full" : "quick";
  const out = resolve(args.values.get("out") ?? mkdtempSync(join(tmpdir(), `study-${plan}-`)));
  // reproduce resumes what a folder already holds, so a used folder would time nothing.
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new InputError(
      `--out ${out} is not empty: the study would resume its runs instead of timing them`,
    );
  const jobs = intOption(args, "jobs", 1, 1);
  const backend = choiceOption(args, "backend", BACKEND_CHOICES, "auto");
  const target = STUDY_TARGETS[plan];

  const loadBefore = machineLoad();
  const cli = join(__dirname, "..", "app", "cli.ts");
  const argv = ["--import", "tsx", cli, "reproduce", "--out", out, "--jobs", `${jobs}`];
  argv.push("--backend", backend, ...(plan === "quick" ? ["--quick"] : []));
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, argv, { stdio: ["ignore", "ignore", "inherit"] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0)
    throw new WorkError(
      `reproduce failed (exit ${child.status ?? child.signal}); its output is above`,
    );
  const loadAfter = machineLoad();

  const runs = readStudyRuns(studyRunsFolder(out)).records.map((r) => {
    const floor = target.floor[r.dataset as keyof typeof target.floor];
    return {
      arch: r.arch,
      dataset: r.dataset,
      seed: r.seed,
      test_acc: r.finalTestAcc,
      learned: r.learned ?? null,
      train_seconds: r.metrics.reduce((s, m) => s + m.seconds, 0),
      meets_floor: floor !== undefined && r.finalTestAcc >= floor,
    };
  });
  const below = runs.filter((r) => !r.meets_floor);
  const summary = {
    plan,
    out,
    seconds,
    budget_seconds: target.seconds,
    within_budget: seconds <= target.seconds,
    training_seconds: runs.reduce((s, r) => s + r.train_seconds, 0),
    runs,
    below_floor: below.map((r) => `${r.arch}/${r.dataset}/seed${r.seed}`),
    load_before: loadBefore.note,
    load_after: loadAfter.note,
  };
  if (args.flags.has("json")) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    const lines = [`${plan} study: ${seconds.toFixed(0)} s (budget ${target.seconds} s), ${out}`];
    for (const r of runs)
      lines.push(
        `  ${r.arch.padEnd(20)} ${r.dataset.padEnd(14)} seed ${r.seed}  ${r.test_acc.toFixed(3)}  ${r.train_seconds.toFixed(0).padStart(4)} s${r.meets_floor ? "" : "  below the floor"}${r.learned === false ? ", did not learn" : ""}`,
      );
    lines.push(
      `${runs.length - below.length} of ${runs.length} runs at or above the floor; ${loadBefore.note} before, ${loadAfter.note} after`,
    );
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench study: ${e.message}\n`);
  process.exit(e instanceof InputError ? 2 : 1);
});
