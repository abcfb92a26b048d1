/** `imagenot-lab kernel-install [--prefix DIR] [--user]`: installs the imagenot-ts kernelspec for Jupyter. */
import type { Command } from "../command";
import { parseArgs } from "../args";
import { InputError } from "../../src/errors";
import { DISPLAY_NAME, kernelspecDir, writeKernelspec } from "../../kernel/kernelspec";

export const kernelInstallCommand: Command = {
  name: "kernel-install",
  usage: [
    "usage: imagenot-lab kernel-install [--prefix DIR] [--user]",
    "",
    "Writes the imagenot-ts kernelspec (kernel.json and logos). No Python needed.",
    "  --prefix DIR   into DIR/share/jupyter/kernels/imagenot-ts (e.g. a virtualenv or a CI folder)",
    "  --user         into the user's Jupyter data folder (the default), e.g. ~/.local/share/jupyter/kernels",
  ].join("\n"),
  async run(argv) {
    const args = parseArgs(argv, { prefix: { kind: "value" }, user: { kind: "flag" } });
    if (args.positional.length > 0)
      throw new InputError(`kernel-install takes no arguments, got "${args.positional[0]}"`);
    const prefix = args.values.get("prefix");
    if (prefix !== undefined && args.flags.has("user"))
      throw new InputError("--prefix and --user are exclusive: choose one place");
    const dir = kernelspecDir(prefix);
    await writeKernelspec(dir);
    process.stdout.write(`installed kernelspec imagenot-ts ("${DISPLAY_NAME}") in ${dir}\n`);
    return 0;
  },
};
