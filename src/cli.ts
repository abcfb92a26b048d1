/** The imagenot-lab command: parses the subcommand and hands over to the module that does the work. */
import { UsageError, WorkError } from "./util/args";

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full --help text. */
  usage: string;
  /** Runs with the arguments after the subcommand; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** Subcommands load their modules only when called, so `--help` and light commands start fast. */
const COMMANDS: Record<string, () => Command> = {
  models: () => require("./models/command").modelsCommand,
  reproduce: () => require("./reproduce/command").reproduceCommand,
  "compare-classes": () => require("./compare/command").compareClassesCommand,
  analyze: () => require("./analysis/command").analyzeCommand,
  train: () => require("./train/command").trainCommand,
  "run-notebook": () => require("../kernel/run-notebook-command").runNotebookCommand,
  "kernel-install": () => require("../kernel/kernel-install-command").kernelInstallCommand,
};

function mainHelp(): string {
  const lines = Object.keys(COMMANDS).map((name) => `  ${name.padEnd(16)} ${COMMANDS[name]().summary}`);
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
      process.stdout.write(require("../package.json").version + "\n");
      return 0;
    }
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
    const command = load();
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
  const known = err instanceof UsageError || err instanceof WorkError;
  const code = err instanceof UsageError ? 2 : 1;
  const prefix = known ? "" : `${err.name}: `;
  process.stderr.write(`imagenot-lab: ${prefix}${err.message.split("\n")[0]}\n`);
  if (process.env.IMAGENOT_DEBUG && err.stack) process.stderr.write(err.stack + "\n");
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
