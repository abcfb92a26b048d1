/** `imagenot-lab reproduce [--quick] [--out DIR] [--seed N] [--seeds N] [--backend B]`: the study end to
 * end into one report. */
import { resolve } from "node:path";
import type { Command } from "../command";
import { choiceOption, intOption, parseArgs } from "../args";
import { InputError } from "../../src/errors";
import { reproduce } from "../report/reproduce";
import { BACKEND_CHOICES, parseBackendChoice } from "../../src/engine/choices";
import { describeStudySize, STUDY_SIZES } from "../../src/study/plan";

const USAGE = `usage: imagenot-lab reproduce [--quick] [--out DIR] [--seed N] [--seeds N] [--jobs N]
                          [--backend B]

Runs the ImageNot study on built-in data end to end and writes one self-contained, offline HTML report
(DIR/report.html, default out/report.html) and its record (DIR/reproduce.json: seed, backend, versions, numbers).

Each training run: ${describeStudySize(STUDY_SIZES.full)} (the whole study took 1,603 s on an idle
2-core machine; README).

  --quick     a shorter run: ${describeStudySize(STUDY_SIZES.quick)} (301 s on the same machine)
  --out DIR   where to write (default: out)
  --seed N    seed for data order, initial weights and bootstrap draws (default: 0)
  --seeds N   train each (architecture, dataset) pair N times, with seeds --seed, --seed + 1, ... (default: 1)
  --jobs N    trainings at once (default: 1): the runs go through the grid's local executor
              (DIR/grid.json; \`imagenot-lab grid status DIR\` shows them), threads split between them
  --backend B TensorFlow.js backend for training (default: auto, or IMAGENOT_BACKEND)`;

export const reproduceCommand: Command = {
  name: "reproduce",
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, {
      quick: { kind: "flag" },
      out: { kind: "value" },
      seed: { kind: "value" },
      seeds: { kind: "value" },
      jobs: { kind: "value" },
      backend: { kind: "value" },
    });
    if (args.positional.length)
      throw new InputError(`reproduce takes no file arguments, got "${args.positional[0]}"`);
    const result = await reproduce({
      quick: args.flags.has("quick"),
      out: resolve(args.values.get("out") ?? "out"),
      seed: intOption(args, "seed", 0),
      seeds: intOption(args, "seeds", 1, 1),
      jobs: intOption(args, "jobs", 1, 1),
      backend: choiceOption(
        args,
        "backend",
        BACKEND_CHOICES,
        parseBackendChoice(process.env.IMAGENOT_BACKEND ?? "auto", "IMAGENOT_BACKEND"),
      ),
    });
    process.stdout.write(`report: ${result.report}\nrecord: ${result.record}\n`);
    return 0;
  },
};
