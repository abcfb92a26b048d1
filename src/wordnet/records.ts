/** The shipped WordNet 3.0 noun table: one record per synset, written and read as tab-separated lines. */

/** One noun synset as the shipped table keeps it; offsets are WordNet 3.0's 8-digit data.noun byte offsets. */
export interface SynsetRecord {
  offset: string;
  /** Lexicographer file number (03..28 for nouns; names in lexnames.ts). */
  lexfile: number;
  /** `@` pointers: the synset's hypernyms, in WordNet's order (the first is the primary one). */
  hypernyms: string[];
  /** `@i` pointers: the classes an instance belongs to (e.g. a city's "city"). */
  instanceHypernyms: string[];
  /** Lemmas as WordNet writes them (underscores for spaces). */
  lemmas: string[];
  /** The definition and examples; shipped only for a subset of synsets to keep the file small. */
  gloss?: string;
}

/** The column names of the table, in order, as its header comment states them. */
export const COLUMNS = [
  "offset",
  "lexfile",
  "hypernyms",
  "instance_hypernyms",
  "lemmas",
  "gloss",
] as const;

/** Writes records as the shipped text: `header` lines as `# ` comments, then one tab-separated line per synset. */
export function formatRecords(records: readonly SynsetRecord[], header: readonly string[]): string {
  const lines = [...header, `columns: ${COLUMNS.join(" ")}`].map((h) =>
    h === "" ? "#" : `# ${h}`,
  );
  for (const r of records) {
    for (const field of [...r.lemmas, r.gloss ?? ""]) {
      // A separator inside a field would silently shift columns when read back.
      if (/[\t\n|]/.test(field))
        throw new Error(
          `synset ${r.offset}: field ${JSON.stringify(field)} contains a tab, newline or "|"`,
        );
    }
    lines.push(
      [
        r.offset,
        String(r.lexfile).padStart(2, "0"),
        r.hypernyms.join(","),
        r.instanceHypernyms.join(","),
        r.lemmas.join("|"),
        r.gloss ?? "",
      ].join("\t"),
    );
  }
  return lines.join("\n") + "\n";
}

/** Reads the shipped text back into its header comments and records; `where` names the input in errors. */
export function parseRecords(
  text: string,
  where: string,
): { header: string[]; records: SynsetRecord[] } {
  const header: string[] = [];
  const records: SynsetRecord[] = [];
  const list = (s: string) => (s === "" ? [] : s.split(","));
  text.split("\n").forEach((line, i) => {
    if (line.startsWith("#")) {
      header.push(line.replace(/^# ?/, ""));
      return;
    }
    if (line === "") return;
    const f = line.split("\t");
    if (f.length !== COLUMNS.length || !/^\d{8}$/.test(f[0])) {
      throw new Error(
        `${where} line ${i + 1}: expected ${COLUMNS.length} tab-separated fields starting with an 8-digit offset`,
      );
    }
    records.push({
      offset: f[0],
      lexfile: Number(f[1]),
      hypernyms: list(f[2]),
      instanceHypernyms: list(f[3]),
      lemmas: f[4].split("|"),
      ...(f[5] === "" ? {} : { gloss: f[5] }),
    });
  });
  return { header, records };
}
