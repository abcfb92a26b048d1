/** Builds the shipped WordNet 3.0 noun table from Princeton's data.noun (Debian's wordnet-base, /usr/share/wordnet). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadClassList, type ClassListName } from "../results/reference";
import { formatRecords, type SynsetRecord } from "./records";
import { WordNet } from "./wordnet";

/** Where Debian's wordnet-base puts WordNet 3.0. */
export const DEBIAN_WORDNET_DIR = "/usr/share/wordnet";

/** WordNet 3.0's licence; its terms require this notice on every copy, so it heads the shipped table too. */
export const WORDNET_LICENSE = `WordNet Release 3.0

This software and database is being provided to you, the LICENSEE, by
Princeton University under the following license.  By obtaining, using
and/or copying this software and database, you agree that you have
read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or
royalty is hereby granted, provided that you agree to comply with
the following copyright notice and statements, including the disclaimer,
and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal
use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in
advertising or publicity pertaining to distribution of the software
and/or database.  Title to copyright in this software, database and
any associated documentation shall at all times remain with
Princeton University and LICENSEE agrees to preserve same.
`;

/** The header comment lines of the shipped table: what it is, where it comes from, the licence. */
export function tableHeader(): string[] {
  return [
    "WordNet 3.0 noun synsets: offset, lexicographer file, hypernym and instance-hypernym offsets, lemmas;",
    "glosses only for the shipped class lists' synsets and their ancestors.",
    "Source: Princeton WordNet 3.0 data.noun (Debian package wordnet-base, /usr/share/wordnet), derived by scripts/build-wordnet.ts",
    "",
    ...WORDNET_LICENSE.trimEnd().split("\n"),
    "",
  ];
}

/**
 * Parses the text of WordNet's data.noun (wndb(5WN) format) into records, without glosses.
 * Lines starting with two spaces are the licence header; every other line is one synset.
 */
export function parseDataNoun(text: string): Array<SynsetRecord & { gloss: string }> {
  const out: Array<SynsetRecord & { gloss: string }> = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("  ")) continue;
    const bar = line.indexOf(" | ");
    const f = (bar < 0 ? line : line.slice(0, bar)).trim().split(" ");
    const gloss = bar < 0 ? "" : line.slice(bar + 3).trim();
    const wordCount = parseInt(f[3], 16);
    const lemmas = Array.from({ length: wordCount }, (_, k) => f[4 + 2 * k]);
    let i = 4 + 2 * wordCount;
    const pointerCount = Number(f[i++]);
    const hypernyms: string[] = [];
    const instanceHypernyms: string[] = [];
    for (let k = 0; k < pointerCount; k++, i += 4) {
      if (f[i] === "@") hypernyms.push(f[i + 1]);
      else if (f[i] === "@i") instanceHypernyms.push(f[i + 1]);
    }
    if (
      f[2] !== "n" ||
      !/^\d{8}$/.test(f[0]) ||
      Number.isNaN(wordCount) ||
      Number.isNaN(pointerCount)
    ) {
      throw new Error(
        `data.noun: cannot read the synset line starting ${JSON.stringify(line.slice(0, 40))}`,
      );
    }
    out.push({ offset: f[0], lexfile: Number(f[1]), hypernyms, instanceHypernyms, lemmas, gloss });
  }
  return out;
}

/** Keeps glosses only for the synsets in `keepGloss` (offsets), so the shipped file stays small. */
export function trimGlosses(
  records: ReadonlyArray<SynsetRecord & { gloss: string }>,
  keepGloss: ReadonlySet<string>,
): SynsetRecord[] {
  return records.map(({ gloss, ...rest }) =>
    keepGloss.has(rest.offset) && gloss !== "" ? { ...rest, gloss } : rest,
  );
}

/** Reads data.noun from a WordNet 3.0 folder (Debian's by default). */
export function readDataNoun(dir = DEBIAN_WORDNET_DIR): Array<SynsetRecord & { gloss: string }> {
  return parseDataNoun(readFileSync(join(dir, "data.noun"), "utf8"));
}

/** The class lists whose synsets (and their ancestors) keep their glosses in the shipped table. */
export const GLOSSED_CLASS_LISTS: readonly ClassListName[] = [
  "imagenet",
  "imagenot",
  "imagenot_v1",
];

/** The text of the shipped table (before gzip), built from the data.noun in `dir`. */
export function buildWordNetTable(dir = DEBIAN_WORDNET_DIR): string {
  const full = readDataNoun(dir);
  const wn = new WordNet(full, "");
  const keep = new Set<string>();
  for (const id of GLOSSED_CLASS_LISTS.flatMap((name) => loadClassList(name)).filter((id) =>
    wn.has(id),
  )) {
    for (const s of wn.ancestorDistances(id).keys()) keep.add(s.slice(1));
  }
  return formatRecords(trimGlosses(full, keep), tableHeader());
}
