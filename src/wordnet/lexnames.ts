/** WordNet 3.0's lexicographer file names by number (lexnames(5WN)); Debian's wordnet-base does not ship the file. */

/** File number -> name, 00..44 as in WordNet 3.0's `lexnames`; nouns use 03..28. */
export const LEXNAMES: readonly string[] = [
  "adj.all",
  "adj.pert",
  "adv.all",
  "noun.Tops",
  "noun.act",
  "noun.animal",
  "noun.artifact",
  "noun.attribute",
  "noun.body",
  "noun.cognition",
  "noun.communication",
  "noun.event",
  "noun.feeling",
  "noun.food",
  "noun.group",
  "noun.location",
  "noun.motive",
  "noun.object",
  "noun.person",
  "noun.phenomenon",
  "noun.plant",
  "noun.possession",
  "noun.process",
  "noun.quantity",
  "noun.relation",
  "noun.shape",
  "noun.state",
  "noun.substance",
  "noun.time",
  "verb.body",
  "verb.change",
  "verb.cognition",
  "verb.communication",
  "verb.competition",
  "verb.consumption",
  "verb.contact",
  "verb.creation",
  "verb.emotion",
  "verb.motion",
  "verb.perception",
  "verb.possession",
  "verb.social",
  "verb.stative",
  "verb.weather",
  "adj.ppl",
];

/** The name of lexicographer file `num`; throws for a number WordNet 3.0 does not define. */
export function lexnameOf(num: number): string {
  const name = LEXNAMES[num];
  if (name === undefined)
    throw new Error(
      `lexicographer file number ${num} is not one of WordNet 3.0's 0..${LEXNAMES.length - 1}`,
    );
  return name;
}
