/** `imagenot-lab grid plan|run|status|collect`: a study as a grid of runs, on this machine or on Slurm.
 * Parses and prints; the work is src/grid's. */
import { resolve } from "node:path";
import type { Command } from "../command";
import { parseArgs, type OptionSpec, type ParsedArgs } from "../args";
import { InputError } from "../../src/errors";
import { planGrid, writeGridPlan } from "../../src/grid/plan";
import { TRAIN_SPEC } from "./train";

const USAGE = `usage: imagenot-lab grid plan|run|status|collect ...

  grid plan --archs A,B,... --datasets SPEC,... [--seeds N] [train options...] --out DIR
      writes DIR/grid.json: one run per architecture, dataset and seed (0..N-1, default 1), each an
      exact \`imagenot-lab train ... --out runs/ID --resume\` run from DIR. Dataset folders are made
      absolute. Train options (--epochs, --scale, --batch-size, --lr, --limit-train, ...) apply to
      every run; see imagenot-lab train --help.

exit codes: 0 ok, 1 a run or the submission failed, 2 bad usage or input`;

/** The train options a grid passes to every run (the rest are the grid's to set). */
const PASSED: Record<string, OptionSpec> = Object.fromEntries(
  Object.entries(TRAIN_SPEC).filter(
    ([name]) =>
      !["arch", "dataset", "seed", "out", "resume", "json", "from", "backbone"].includes(name),
  ),
);

function list(args: ParsedArgs, name: string): string[] {
  const raw = args.values.get(name);
  if (!raw) throw new InputError(`grid plan: --${name} is required (a comma-separated list)`);
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A dataset spec with its folder made absolute, so runs can start from the grid folder. */
function absoluteSpec(spec: string): string {
  const colon = spec.indexOf(":");
  return colon < 0 ? spec : `${spec.slice(0, colon)}:${resolve(spec.slice(colon + 1))}`;
}

/** Train options in a fixed order (by name), so that reordered arguments plan the same grid. */
function trainOptions(args: ParsedArgs): string[] {
  return Object.keys(PASSED)
    .sort()
    .flatMap((name) =>
      PASSED[name].kind === "flag"
        ? args.flags.has(name)
          ? [`--${name}`]
          : []
        : args.values.has(name)
          ? [`--${name}`, args.values.get(name)!]
          : [],
    );
}

async function plan(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    archs: { kind: "value" },
    datasets: { kind: "value" },
    seeds: { kind: "value" },
    out: { kind: "value" },
    ...PASSED,
  });
  if (args.positional.length > 0)
    throw new InputError(`grid plan: unexpected argument "${args.positional[0]}"`);
  const out = args.values.get("out");
  if (!out) throw new InputError("grid plan: --out DIR is required");
  const seeds = Number(args.values.get("seeds") ?? "1");
  if (!Number.isInteger(seeds) || seeds < 1)
    throw new InputError(`--seeds must be a whole number >= 1, got "${args.values.get("seeds")}"`);
  const grid = planGrid({
    archs: list(args, "archs"),
    datasets: list(args, "datasets").map(absoluteSpec),
    seeds: Array.from({ length: seeds }, (_, i) => i),
    trainOptions: trainOptions(args),
  });
  const path = writeGridPlan(out, grid);
  process.stdout.write(`${grid.runs.length} runs planned in ${path}\n`);
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = { plan };

export const gridCommand: Command = {
  name: "grid",
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    const run = SUBCOMMANDS[sub ?? ""];
    if (!run)
      throw new InputError(
        `grid: expected one of ${Object.keys(SUBCOMMANDS).join(", ")}, got "${sub ?? ""}"`,
      );
    return run(rest);
  },
};
