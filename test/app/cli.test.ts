import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli";

test("--help lists the commands and exits 0", () => {
  const r = runCli(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage: imagenot-lab <command>/);
  assert.match(r.stdout, /reproduce/);
});

test("no command is bad usage: exit 2", () => {
  assert.equal(runCli([]).code, 2);
});

test("an unknown command exits 2 with one line naming it", () => {
  const r = runCli(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});

test("an unknown option exits 2 naming it", () => {
  const r = runCli(["reproduce", "--frob"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option --frob/);
});
