/** history_request: tail, range and IPython-style glob search (checked against Python's fnmatch). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { python } from "../../helpers/python";
import { History } from "../../../kernel/protocol/history";

const inputs = ["1 + 1", "let a = 2;", "a * 3", "1 + 1", "console.log('x?')"];
function filled(): History {
  const h = new History();
  inputs.forEach((code, i) => h.add(i + 1, code));
  h.setOutput(3, "6");
  return h;
}

test("search matches glob patterns as fnmatch does, with unique and n", () => {
  const h = filled();
  for (const pattern of ["1 + *", "*a*", "console.log('x?')", "a ? 3", "*"]) {
    const expected = python<string[]>(
      "import fnmatch\nprint(json.dumps([s for s in INPUT['inputs'] if fnmatch.fnmatchcase(s, INPUT['p'])]))",
      { inputs, p: pattern },
    );
    assert.deepEqual(
      h.query({ hist_access_type: "search", pattern }).map((e) => e[2]),
      expected,
      pattern,
    );
  }
  assert.deepEqual(
    h.query({ hist_access_type: "search", pattern: "1 + *", unique: true }).map((e) => e[1]),
    [4],
    "the latest of duplicates",
  );
  assert.deepEqual(
    h.query({ hist_access_type: "search", pattern: "*", n: 2 }).map((e) => e[1]),
    [4, 5],
  );
});

test("tail gives the last n; range is [start, stop) of the session; output pairs input with result", () => {
  const h = filled();
  assert.deepEqual(
    h.query({ hist_access_type: "tail", n: 2 }).map((e) => e[1]),
    [4, 5],
  );
  assert.deepEqual(
    h.query({ hist_access_type: "range", session: 1, start: 2, stop: 4 }).map((e) => e[1]),
    [2, 3],
  );
  assert.deepEqual(
    h.query({ hist_access_type: "range", session: 7, start: 1 }),
    [],
    "no other sessions are kept",
  );
  assert.deepEqual(h.query({ hist_access_type: "range", start: 3, stop: 4, output: true }), [
    [1, 3, ["a * 3", "6"]],
  ]);
});
