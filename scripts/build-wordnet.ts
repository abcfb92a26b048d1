/**
 * Regenerates data/wordnet/ from Debian's wordnet-base (WordNet 3.0 in /usr/share/wordnet):
 *   node --import tsx scripts/build-wordnet.ts [WORDNET_DIR]
 */
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { DEBIAN_WORDNET_DIR, WORDNET_LICENSE, buildWordNetTable } from "../src/wordnet/build";
import { WORDNET_TABLE } from "../src/wordnet/wordnet";
import { writeFileAtomic } from "../src/util/atomic";

const dir = process.argv[2] ?? DEBIAN_WORDNET_DIR;
const text = buildWordNetTable(dir);
// Node's gzip header carries no time or file name, so the same text and zlib give the same bytes.
const gz = gzipSync(Buffer.from(text, "utf8"), { level: 9 });
writeFileAtomic(WORDNET_TABLE, gz);
writeFileAtomic(join(WORDNET_TABLE, "..", "LICENSE"), WORDNET_LICENSE);
process.stdout.write(
  `${WORDNET_TABLE}: ${text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).length} synsets, ${gz.length} bytes gzipped\n`,
);
