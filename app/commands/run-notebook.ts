/**
 * `imagenot-lab run-notebook NB.ipynb [--param NAME=VALUE]... [--out OUT.ipynb] [--html FILE.html]`:
 * runs every cell in the imagenot-ts kernel (no Python), papermill-style parameters, outputs saved.
 */
import { basename } from "node:path";
import type { Command } from "../command";
import { parseArgs } from "../args";
import { InputError } from "../../src/errors";
import { writeFileAtomic, writeJsonAtomic } from "../../src/util/atomic";
import { step } from "../../src/util/progress";
import { parseParameters, readNotebook } from "../../kernel/runner/notebook";
import { notebookHtml } from "../report/notebook-html";
import { runNotebook } from "../../kernel/runner/notebook-runner";

export const runNotebookCommand: Command = {
  name: "run-notebook",
  usage: [
    "usage: imagenot-lab run-notebook NB.ipynb [--param NAME=VALUE]... [--out OUT.ipynb] [--html FILE.html]",
    "",
    "Runs every code cell in order in the imagenot-ts kernel (started in the notebook's folder; no Python needed).",
    '  --param NAME=VALUE  assigns NAME after the cell tagged "parameters" (in a cell tagged "injected-parameters");',
    '                      VALUE is JSON if it parses as JSON (true, 3, "a", [1,2]), else a string; repeatable',
    "  --out OUT.ipynb     writes the executed notebook (outputs and execution counts); also written when a cell fails",
    "  --html FILE.html    writes one self-contained HTML page of the executed notebook: markdown and LaTeX",
    "                      rendered (KaTeX, fonts embedded), a table of contents from the headings, no network",
    "",
    "Progress goes to stderr. A failing cell stops the run: its number, error and traceback are printed, exit 1.",
    "Cells run without stdin: input() and password() from imagenot-lab/kernel fail at once; use --param instead.",
  ].join("\n"),
  async run(argv) {
    const args = parseArgs(argv, {
      param: { kind: "list" },
      out: { kind: "value" },
      html: { kind: "value" },
    });
    if (args.positional.length !== 1)
      throw new InputError(`run-notebook takes one notebook path, got ${args.positional.length}`);
    const path = args.positional[0];
    const nb = readNotebook(path);
    const params = parseParameters(args.lists.get("param") ?? []);
    const { notebook, failure } = await runNotebook(nb, path, {
      params,
      onCell: (i, n, cell) => step(i, n, `cell ${cell}`),
    });
    const out = args.values.get("out");
    if (out) writeJsonAtomic(out, notebook);
    const html = args.values.get("html");
    if (html) writeFileAtomic(html, notebookHtml(notebook, basename(path, ".ipynb")));
    if (failure) {
      process.stderr.write(
        [
          `imagenot-lab: cell ${failure.cellNumber} of ${path} failed: ${failure.ename}: ${failure.evalue}`,
          ...failure.traceback,
          "",
        ].join("\n"),
      );
      return 1;
    }
    process.stderr.write(
      `ran ${path}${out ? ` -> ${out}` : ""}${html ? ` (html: ${html})` : ""}\n`,
    );
    return 0;
  },
};
