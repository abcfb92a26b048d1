/** Parameters injection and the outputs saved from iopub messages, validated by nbformat itself. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { python } from "../../helpers/python";
import {
  injectParameters,
  joinSource,
  OutputCollector,
  parseParameters,
  splitLines,
  type Notebook,
  type NotebookOutput,
} from "../../../kernel/runner/notebook";
import type { Message } from "../../../kernel/protocol/wire";

function iopub(msgType: string, content: Record<string, unknown>): Message {
  return {
    identities: [],
    header: {
      msg_id: "m",
      session: "s",
      username: "u",
      date: "",
      msg_type: msgType,
      version: "5.3",
    },
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  };
}

const nb = (cells: Notebook["cells"]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells,
});
const code = (source: string, tags?: string[]) => ({
  cell_type: "code" as const,
  metadata: tags ? { tags } : {},
  source,
  outputs: [],
  execution_count: null,
});

test("values parse as JSON when they can (as Python's json.loads would), else stay strings", () => {
  const specs = [
    "a=true",
    "b=3.5",
    'c="quoted"',
    "d=[1, 2]",
    "e=plain text",
    "f=",
    "g=null",
    'h={"k": 1}',
  ];
  const expected = python<unknown[]>(
    `
out = []
for spec in INPUT:
    raw = spec.split("=", 1)[1]
    try:
        out.append(json.loads(raw))
    except ValueError:
        out.append(raw)
print(json.dumps(out))`,
    specs,
  );
  assert.deepEqual(
    parseParameters(specs).map(([, v]) => v),
    expected,
  );
  assert.throws(() => parseParameters(["1x=2"]), /NAME an identifier/);
  assert.throws(() => parseParameters(["novalue"]), /NAME=VALUE/);
});

test("the injected cell follows the parameters cell (first when none), replacing an older injected cell", () => {
  const params = parseParameters(["quick=true", "name=x"]);
  const withTag = injectParameters(
    nb([code("a"), code("let quick = false;", ["parameters"]), code("b")]),
    params,
  );
  assert.deepEqual(
    withTag.cells.map((c) => c.metadata.tags ?? []),
    [[], ["parameters"], ["injected-parameters"], []],
  );
  assert.match(joinSource(withTag.cells[2].source), /\nquick = true;\nname = "x";$/);
  const again = injectParameters(withTag, parseParameters(["quick=false"]));
  assert.equal(again.cells.length, 4);
  assert.match(joinSource(again.cells[2].source), /quick = false;$/);
  assert.equal(
    injectParameters(nb([code("a")]), params).cells[0].metadata.tags?.[0],
    "injected-parameters",
  );
});

test("outputs: streams merge, clear_output(wait) clears at the next output, updates reach earlier cells", () => {
  const collector = new OutputCollector();
  const first = collector.startCell();
  collector.add(
    iopub("display_data", {
      data: { "text/plain": "v1", "application/json": { v: 1 } },
      metadata: {},
      transient: { display_id: "d" },
    }),
  );
  const second = collector.startCell();
  collector.add(iopub("stream", { name: "stdout", text: "a\nb" }));
  collector.add(iopub("stream", { name: "stdout", text: "c\n" }));
  collector.add(iopub("clear_output", { wait: true }));
  assert.equal(second.length, 1, "wait keeps the output until the next one arrives");
  collector.add(iopub("stream", { name: "stderr", text: "e\n" }));
  collector.add(
    iopub("update_display_data", {
      data: { "text/plain": "v2" },
      metadata: {},
      transient: { display_id: "d" },
    }),
  );
  collector.add(
    iopub("execute_result", { execution_count: 2, data: { "text/plain": "'x'" }, metadata: {} }),
  );
  collector.add(iopub("error", { ename: "E", evalue: "v", traceback: ["E: v"] }));
  assert.deepEqual(first, [
    { output_type: "display_data", data: { "text/plain": ["v2"] }, metadata: {} },
  ]);
  assert.deepEqual(
    second.map((o) => o.output_type),
    ["stream", "execute_result", "error"],
  );
  assert.deepEqual((second[0] as Extract<NotebookOutput, { output_type: "stream" }>).text, ["e\n"]);
  const merged = new OutputCollector();
  const third = merged.startCell();
  merged.add(iopub("stream", { name: "stdout", text: "a\nb" }));
  merged.add(iopub("stream", { name: "stdout", text: "c\n" }));
  assert.deepEqual(third, [{ output_type: "stream", name: "stdout", text: ["a\n", "bc\n"] }]);
  const valid = python<boolean>(
    `
import nbformat
nb = nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
  {"cell_type": "code", "id": "c1", "metadata": {}, "source": "", "execution_count": 1, "outputs": INPUT[0]},
  {"cell_type": "code", "id": "c2", "metadata": {}, "source": "", "execution_count": 2, "outputs": INPUT[1]}]})
nbformat.validate(nb)
print("true")`,
    [first, second],
  );
  assert.equal(valid, true);
});

test("splitLines keeps newlines and the unterminated tail, as Jupyter's multiline strings do", () => {
  const texts = ["a\nb", "a\n", "", "\n\nx", "one"];
  const expected = python<string[][]>(
    "print(json.dumps([t.splitlines(True) for t in INPUT]))",
    texts,
  );
  assert.deepEqual(texts.map(splitLines), expected);
});
