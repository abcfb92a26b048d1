/** `imagenot-lab compare-classes A.txt B.txt [--json]`: how class list B sits against class list A in WordNet 3.0. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "../command";
import { classListPath, parseClassList, type ClassListName } from "../../src/results/reference";
import { parseArgs } from "../args";
import { snakeCaseKeys } from "../json";
import { InputError } from "../../src/errors";
import { loadWordNet, type WordNet } from "../../src/wordnet/wordnet";
import { compareClasses, type ClassComparison } from "../../src/compare/classes";
import { lexnameRows } from "../../src/compare/classesTables";

const USAGE = `usage: imagenot-lab compare-classes A.txt B.txt [--json]

Compares two class lists (one WordNet 3.0 noun id a line, like n01440764; blank lines and # comments
ignored; the shipped lists also by name: imagenet, imagenot, imagenot_v1) through WordNet's noun
hierarchy (hypernym and instance-hypernym pointers, transitively): shared ids, B classes below or
above an A class, lexicographer-file mix, depths, and each B class's nearest A class by path distance.

  --json   print one JSON object: a, b, shared, b_hyponyms_of_a, b_hypernyms_of_a, unknown_ids,
           lexnames_a, lexnames_b, depth, nearest, nearest_distance

Exit 2 when a file is missing or empty, repeats an id, or holds ids that are not WordNet 3.0 noun synsets.`;

/** How many offending ids an error message names before it only counts the rest. */
const NAMED_IN_ERRORS = 5;

function listSome(ids: readonly string[]): string {
  const more = ids.length > NAMED_IN_ERRORS ? ` and ${ids.length - NAMED_IN_ERRORS} more` : "";
  return ids.slice(0, NAMED_IN_ERRORS).join(", ") + more;
}

const SHIPPED_LISTS: readonly ClassListName[] = ["imagenet", "imagenot", "imagenot_v1"];

/** A file argument as a path: an existing file wins, else a shipped list's name stands for its file. */
export function resolveClassList(arg: string): string {
  return !existsSync(arg) && (SHIPPED_LISTS as readonly string[]).includes(arg)
    ? classListPath(arg as ClassListName)
    : arg;
}

/** Reads a class list file, refusing a missing or empty file, duplicates and ids WordNet 3.0 does not have. */
export function readClassListFile(path: string, wn: WordNet): string[] {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputError(
      `class list ${path} does not exist (expected a text file, one WordNet id a line, or one of ${SHIPPED_LISTS.join(", ")})`,
    );
  }
  const ids = parseClassList(readFileSync(path, "utf8"));
  if (ids.length === 0)
    throw new InputError(`class list ${path} holds no ids (expected one WordNet id a line)`);
  const unknown = [...new Set(wn.unknown(ids))];
  if (unknown.length > 0) {
    throw new InputError(
      `class list ${path} has ${unknown.length} id(s) that are not WordNet 3.0 noun synsets (n + 8-digit offset): ${listSome(unknown)}`,
    );
  }
  const seen = new Set<string>();
  // An id seen before leaves the set's size unchanged when added again.
  const repeated = [...new Set(ids.filter((id) => seen.size === seen.add(id).size))];
  if (repeated.length > 0)
    throw new InputError(
      `class list ${path} repeats ${repeated.length} id(s): ${listSome(repeated)}`,
    );
  return ids;
}

/** The lexicographer-file counts as aligned text lines, a header first. */
function lexnameLines(cmp: ClassComparison): string[] {
  const rows = lexnameRows(cmp);
  const width = Math.max("lexicographer file".length, ...rows.map((r) => r.lexname.length));
  const line = (name: string, a: string | number, b: string | number) =>
    `  ${name.padEnd(width)}  ${String(a).padStart(5)}  ${String(b).padStart(5)}`;
  return [line("lexicographer file", "A", "B"), ...rows.map((r) => line(r.lexname, r.a, r.b))];
}

function examples(wn: WordNet, ids: readonly string[]): string {
  if (ids.length === 0) return "";
  return `  e.g. ${ids
    .slice(0, 4)
    .map((id) => `${id} ${wn.label(id)}`)
    .join(", ")}${ids.length > 4 ? ", ..." : ""}`;
}

/** The readable report printed without --json. */
export function formatComparison(
  wn: WordNet,
  cmp: ClassComparison,
  aName: string,
  bName: string,
): string {
  const closest = [...cmp.nearest]
    .sort((x, y) => x.distance - y.distance || (x.b < y.b ? -1 : 1))
    .filter((n) => n.distance > 0)
    .slice(0, 5);
  const hist = Object.entries(cmp.nearestDistance)
    .map(([d, c]) => `${d}:${c}`)
    .join("  ");
  return [
    `A ${aName}: ${cmp.a.n} classes    B ${bName}: ${cmp.b.n} classes    (WordNet 3.0 nouns)`,
    "",
    `shared ids:                         ${cmp.shared.length}${examples(wn, cmp.shared)}`,
    `B classes below an A class:         ${cmp.bHyponymsOfA.length}${examples(wn, cmp.bHyponymsOfA)}`,
    `B classes above an A class:         ${cmp.bHypernymsOfA.length}${examples(wn, cmp.bHypernymsOfA)}`,
    "",
    ...lexnameLines(cmp),
    "",
    `depth below entity, mean shortest/longest path: A ${cmp.depth.a.meanMin.toFixed(2)}/${cmp.depth.a.meanMax.toFixed(2)}, B ${cmp.depth.b.meanMin.toFixed(2)}/${cmp.depth.b.meanMax.toFixed(2)}`,
    `nearest A class by path distance (distance:B classes): ${hist}`,
    ...closest.map(
      (n) =>
        `  ${n.b} ${wn.label(n.b)} -> ${n.a} ${wn.label(n.a)}: ${n.distance} (via ${wn.label(n.via)})`,
    ),
  ].join("\n");
}

export const compareClassesCommand: Command = {
  name: "compare-classes",
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, { json: { kind: "flag" } });
    if (args.positional.length !== 2)
      throw new InputError(
        `compare-classes needs two class list files A.txt B.txt, got ${args.positional.length}`,
      );
    const [aPath, bPath] = args.positional.map(resolveClassList);
    const wn = loadWordNet();
    const cmp = compareClasses(readClassListFile(aPath, wn), readClassListFile(bPath, wn), wn);
    process.stdout.write(
      args.flags.has("json")
        ? JSON.stringify(snakeCaseKeys(cmp)) + "\n"
        : formatComparison(wn, cmp, basename(aPath), basename(bPath)) + "\n",
    );
    return 0;
  },
};
