import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv } from "../../src/util/csv";
import { InputError } from "../../src/errors";
import { python } from "../helpers/python";

test("quoted fields, doubled quotes and commas parse as Python's csv does", () => {
  const text = '# Source: a test\nname,note,value\n"a, b","say ""hi""",1\nplain,,2\n';
  const ours = parseCsv(text);
  const theirs = python<Record<string, string>[]>(
    "import csv, io\nprint(json.dumps(list(csv.DictReader(io.StringIO(''.join(l+'\\n' for l in INPUT.splitlines() if not l.startswith('#')))))))",
    text,
  );
  assert.deepEqual(ours.rows, theirs);
  assert.deepEqual(ours.comments, ["Source: a test"]);
});

test("a ragged row is refused naming its line", () => {
  assert.throws(
    () => parseCsv("a,b\n1,2\n3\n", "x.csv"),
    (e: unknown) => e instanceof InputError && /x\.csv: line 3/.test(e.message),
  );
});
