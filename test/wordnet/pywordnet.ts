/**
 * An independent reading of Debian's WordNet 3.0 in Python, the truth the WordNet and class-comparison tests
 * check against:
 * data.noun parsed afresh (wndb(5WN)), lexicographer names from Debian's lexnames(5WN) man page.
 */
import { existsSync } from "node:fs";

/** Debian's wordnet-base files the Python reading needs. */
export const DATA_NOUN = "/usr/share/wordnet/data.noun";
export const LEXNAMES_MAN = "/usr/share/man/man5/lexnames.5WN.gz";

/** Why the tests against Debian's WordNet must skip, or undefined when they can run. */
export function debianWordNetMissing(): string | undefined {
  for (const f of [DATA_NOUN, LEXNAMES_MAN])
    if (!existsSync(f)) return `${f} missing: install Debian's wordnet-base to check against it`;
  return undefined;
}

/** Python source defining NOUNS {id: {lex, hyp, inst, lemmas}}, LEX {num: name}, and closure / depth /
 * distance helpers. */
export const PY_WORDNET = String.raw`
import gzip, re
from collections import deque
NOUNS = {}
with open("${DATA_NOUN}") as f:
    for line in f:
        if line.startswith("  "):
            continue
        head = line.split(" | ")[0].split()
        w = int(head[3], 16)
        words = head[4:4 + 2 * w:2]
        pos = 4 + 2 * w
        n = int(head[pos])
        ptrs = [head[pos + 1 + 4 * k: pos + 5 + 4 * k] for k in range(n)]
        NOUNS["n" + head[0]] = {
            "lex": int(head[1]), "lemmas": words,
            "hyp": ["n" + p[1] for p in ptrs if p[0] == "@"],
            "inst": ["n" + p[1] for p in ptrs if p[0] == "@i"],
        }
LEX = {}
with gzip.open("${LEXNAMES_MAN}", "rt") as f:
    for line in f:
        m = re.match(r"^(\d\d)\t(\S+)", line)
        if m:
            LEX[int(m.group(1))] = m.group(2)

def parents(s):
    return NOUNS[s]["hyp"] + NOUNS[s]["inst"]

def up_dist(s):
    d = {s: 0}
    q = deque([s])
    while q:
        x = q.popleft()
        for p in parents(x):
            if p not in d:
                d[p] = d[x] + 1
                q.append(p)
    return d

def min_depth(s):
    return min(v for k, v in up_dist(s).items() if not parents(k))

MAXD = {}
def max_depth(s):
    if s not in MAXD:
        ps = parents(s)
        MAXD[s] = 0 if not ps else 1 + max(max_depth(p) for p in ps)
    return MAXD[s]

def path_distance(a, b):
    da, db = up_dist(a), up_dist(b)
    return min(da[c] + db[c] for c in da if c in db)

def n_paths(s):
    ps = parents(s)
    return 1 if not ps else sum(n_paths(p) for p in ps)
`;
