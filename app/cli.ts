/** The imagenot-lab command: parses the subcommand and hands over to the module that does the work. */
import { InputError, WorkError } from "../src/errors";
import { packageVersion } from "../src/util/versions";
import type { Command } from "./command";

/** Subcommands with their one-line summaries; each module loads only when its command runs, so `--help` starts fast. */
const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  reproduce: {
    summary: "the main job: the study on built-in data -> out/report.html",
    load: () => require("./commands/reproduce").reproduceCommand,
  },
  analyze: {
    summary:
      "rank correlations and a raw/probit/logit linear fit between two accuracy columns of a CSV",
    load: () => require("./commands/analyze").analyzeCommand,
  },
  "compare-classes": {
    summary: "compare two class lists through WordNet 3.0 (shared, hyponyms, hypernyms, lexnames)",
    load: () => require("./commands/compare-classes").compareClassesCommand,
  },
  models: {
    summary: "list the nine architectures with parameters and FLOPs per image",
    load: () => require("./commands/models").modelsCommand,
  },
  train: {
    summary: "train one architecture on one dataset (run.json, checkpoints, --resume, fine-tuning)",
    load: () => require("./commands/train").trainCommand,
  },
  grid: {
    summary:
      "a study as a grid of runs: plan, run (local processes or a Slurm job array), status, collect",
    load: () => require("./commands/grid").gridCommand,
  },
  choose: {
    summary:
      "which architecture for your images: fine-tune, time and rank candidates -> decision.html",
    load: () => require("./commands/choose").chooseCommand,
  },
  "run-notebook": {
    summary: "run a notebook in the imagenot-ts kernel and save its outputs",
    load: () => require("./commands/run-notebook").runNotebookCommand,
  },
  "kernel-install": {
    summary: 'install the Jupyter kernel "TypeScript (imagenot-lab)" (imagenot-ts)',
    load: () => require("./commands/kernel-install").kernelInstallCommand,
  },
};

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return [
    "imagenot-lab: read, rerun and tweak the ImageNot study (Salaudeen & Hardt, arXiv 2404.02112).",
    "",
    "usage: imagenot-lab <command> [options]   (imagenot-lab <command> --help for each)",
    "",
    "commands:",
    ...lines,
    "",
    "exit codes: 0 ok, 1 the work failed, 2 bad usage or bad input (a one-line reason on stderr)",
  ].join("\n");
}

/** Runs the command line `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === "--help" || name === "-h" || name === "help") {
      process.stdout.write(mainHelp() + "\n");
      return name ? 0 : 2;
    }
    if (name === "--version") {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry)
      throw new InputError(
        `unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")})`,
      );
    const command = entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(command.usage + "\n");
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    return reportError(e);
  }
}

/** Prints one line for an error and gives its exit code: 2 for bad usage or input, else 1. */
export function reportError(e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const known = err instanceof InputError || err instanceof WorkError;
  const code = err instanceof InputError ? 2 : 1;
  const prefix = known ? "" : `${err.name}: `;
  process.stderr.write(`imagenot-lab: ${prefix}${err.message.split("\n")[0]}\n`);
  if (process.env.IMAGENOT_DEBUG && err.stack) process.stderr.write(err.stack + "\n");
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
