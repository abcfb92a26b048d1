/** `imagenot-lab models [--json|--markdown]`: the nine architectures with parameters and cost per image. */
import type { Command } from "../command";
import { parseArgs } from "../args";
import { InputError } from "../../src/errors";
import { catalog, type CatalogRow } from "../../src/models/facts";

const USAGE = `usage: imagenot-lab models [--json | --markdown]

Lists the nine ImageNot architectures (torchvision builder names) with trainable parameters and
compute per image (from src/models/facts.ts: no model is built), at paper scale (paper input, 1000 classes) and at workshop scale (32x32x3, 10 classes).
MACs are multiply-accumulates (torchvision's "GFLOPS" column); FLOPs = 2 x MACs.

  --json      one array: [{name, family, params, input, macs, flops, displayName, year, classes, small: {...}}]
  --markdown  the same as a Markdown table (the one in src/models/README.md)`;

const millions = (n: number, digits = 2) => (n / 1e6).toFixed(digits);
const giga = (n: number) => (n / 1e9).toFixed(3);
const shape = (s: number[]) => s.join("x");

/** The listing as fixed-width text for a terminal. */
export function formatTable(rows: CatalogRow[]): string {
  const header = ["name", "paper input", "params", "GMACs", "small params", "small MMACs"];
  const body = rows.map((r) => [
    r.name,
    shape(r.input),
    r.params.toLocaleString("en-US"),
    giga(r.macs),
    r.small.params.toLocaleString("en-US"),
    millions(r.small.macs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), ...body.map(line)].join("\n");
}

/** The listing as a Markdown table. */
export function formatMarkdown(rows: CatalogRow[]): string {
  const small = rows[0]?.small;
  return [
    `| architecture | builder | paper input | params | GMACs / image | workshop params | workshop MMACs / image (${small ? shape(small.input) : ""}, ${small?.classes ?? ""} classes) |`,
    "|---|---|---|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.displayName} | \`${r.name}\` | ${shape(r.input)} | ${r.params.toLocaleString("en-US")} | ${giga(r.macs)} | ${r.small.params.toLocaleString("en-US")} | ${millions(r.small.macs)} |`,
    ),
  ].join("\n");
}

export const modelsCommand: Command = {
  name: "models",
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, { json: { kind: "flag" }, markdown: { kind: "flag" } });
    if (args.positional.length > 0)
      throw new InputError(`models takes no arguments, got "${args.positional[0]}"`);
    if (args.flags.has("json") && args.flags.has("markdown"))
      throw new InputError("choose one of --json and --markdown");
    const rows = catalog();
    const text = args.flags.has("json")
      ? JSON.stringify(rows, null, 2)
      : args.flags.has("markdown")
        ? formatMarkdown(rows)
        : formatTable(rows);
    process.stdout.write(text + "\n");
    return 0;
  },
};
