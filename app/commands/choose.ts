/** `imagenot-lab choose`: fine-tune candidate architectures on your images, time them on this machine,
 * and write a one-page decision report. TensorFlow loads only when it runs, so `--help` stays fast. */
import { join, resolve } from "node:path";
import type { Command } from "../command";
import { choiceOption, intOption, numberOption, parseArgs } from "../args";
import { snakeCaseKeys } from "../json";
import { InputError } from "../../src/errors";
import { BACKEND_CHOICES } from "../../src/engine/choices";
import { COST_AXES } from "../../src/choose/decision";
import { architectureFacts } from "../../src/models/facts";
import { INTERVAL_METHODS } from "../../src/choose/interval";
import { CHOOSE_DEFAULTS, CHOOSE_QUICK, DEFAULT_CANDIDATES } from "../../src/choose/settings";

const USAGE = `usage: imagenot-lab choose [--data SPEC] [options]

Which architecture for your images? Pretrains each candidate on a built-in dataset, fine-tunes it on your
images (SPEC: folder:DIR with one folder per class, or any dataset spec), trains the first one from scratch
as a baseline, measures accuracy with intervals, parameters, MACs, latency and training speed on this
machine, and recommends one. Writes OUT/decision.html (one offline page) and OUT/decision.json.
Without --data it writes an example folder of PNGs from Fashion-MNIST (OUT/example) and uses that.

options:
  --candidates A,B,...   architectures (default ${DEFAULT_CANDIDATES.join(",")})
  --epochs N             fine-tuning epochs on your data (default ${CHOOSE_DEFAULTS.epochs}; ${CHOOSE_QUICK.epochs} with --quick)
  --budget-ms X          largest acceptable latency per image (batch 1, this machine)
  --weight W             weight of accuracy against cost, 0..1 (default 0.5)
  --cost latency|macs    the cost traded against accuracy (default latency)
  --interval wilson|clopper-pearson   accuracy intervals (default wilson, 95%)
  --quick                tiny pretraining (seconds per candidate): for trying the tool, not for deciding
  --seed N               weights, data order, test split, bootstrap (default 0)
  --backend auto|tensorflow|wasm|cpu
  --out DIR              default out/choose
  --json                 print {candidates: [...], recommendation, tau_b, ...} on stdout

exit codes: 0 decided, 1 the work failed, 2 bad usage or bad input (empty folder, a single class,
no readable image)`;

const SPEC = {
  data: { kind: "value" },
  candidates: { kind: "value" },
  epochs: { kind: "value" },
  "budget-ms": { kind: "value" },
  weight: { kind: "value" },
  cost: { kind: "value" },
  interval: { kind: "value" },
  quick: { kind: "flag" },
  seed: { kind: "value" },
  backend: { kind: "value" },
  out: { kind: "value" },
  json: { kind: "flag" },
} as const;

export const chooseCommand: Command = {
  name: "choose",
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, SPEC);
    if (args.positional.length > 0)
      throw new InputError(`unexpected argument "${args.positional[0]}"`);
    const quick = args.flags.has("quick");
    const base = quick ? CHOOSE_QUICK : CHOOSE_DEFAULTS;
    const out = resolve(args.values.get("out") ?? join("out", "choose"));
    const weight = numberOption(args, "weight", 0) ?? 0.5;
    if (weight > 1) throw new InputError(`--weight must be from 0 to 1, got ${weight}`);
    const budgetMs = numberOption(args, "budget-ms", Number.MIN_VALUE);
    const decisionOptions = {
      budgetMs,
      weight,
      cost: choiceOption(args, "cost", COST_AXES, "latency"),
      interval: choiceOption(args, "interval", INTERVAL_METHODS, "wilson"),
      seed: intOption(args, "seed", 0),
    };
    const candidates = args.values
      .get("candidates")
      ?.split(",")
      .map((s) => s.trim());
    if (candidates?.some((c) => c === ""))
      throw new InputError(
        `--candidates must be names separated by commas, got "${args.values.get("candidates")}"`,
      );
    for (const c of candidates ?? []) architectureFacts(c);
    // Loaded here, not at the top: TensorFlow.js and the model zoo are heavy to load.
    const { writeExampleFolder } =
      require("../../src/choose/example-folder") as typeof import("../../src/choose/example-folder");
    const { measureCandidates } =
      require("../../src/choose/measure") as typeof import("../../src/choose/measure");
    const { decide } =
      require("../../src/choose/decision") as typeof import("../../src/choose/decision");
    const { decisionJson, decisionReport, reproduceCommand } =
      require("../report/decision") as typeof import("../report/decision");
    const { writeReport } = require("../../widgets/html") as typeof import("../../widgets/html");
    const { writeJsonAtomic } =
      require("../../src/util/atomic") as typeof import("../../src/util/atomic");
    const data =
      args.values.get("data") ??
      (await writeExampleFolder(join(out, "example"), { perClass: quick ? 30 : 100 }));
    const measurements = await measureCandidates({
      data,
      candidates,
      training: { ...base, epochs: intOption(args, "epochs", base.epochs, 1) },
      seed: decisionOptions.seed,
      backend: args.values.has("backend")
        ? choiceOption(args, "backend", BACKEND_CHOICES, "auto")
        : undefined,
      out,
    });
    const decision = decide(measurements.candidates, measurements.baseline, decisionOptions);
    const report = join(out, "decision.html");
    const command = reproduceCommand(measurements, decision, out) + (quick ? " --quick" : "");
    writeReport(report, decisionReport(measurements, decision, command));
    const json = decisionJson(decision, report);
    writeJsonAtomic(
      join(out, "decision.json"),
      snakeCaseKeys({
        ...json,
        settings: measurements.settings,
        decisionSettings: decision.settings,
        data: measurements.data,
      }),
    );
    if (args.flags.has("json")) process.stdout.write(JSON.stringify(snakeCaseKeys(json)) + "\n");
    else {
      process.stdout.write(
        `recommendation: ${decision.recommendation.arch ?? "none"} (${decision.recommendation.reason})\n`,
      );
      for (const n of decision.notes) process.stdout.write(`  - ${n}\n`);
      process.stdout.write(`report: ${report}\n`);
    }
    return 0;
  },
};
