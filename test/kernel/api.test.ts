/** The display/comms API outside a kernel, and bundle normalisation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { python } from "../helpers/python";
import {
  comms,
  display,
  input,
  interruptSignal,
  JUPYTER_DISPLAY,
  normalizeBundle,
  password,
  registerFormatter,
  valueBundle,
} from "../../kernel/api";

const ROOT = join(__dirname, "..", "..");

test("outside a kernel, display prints the text/plain part and comms explain they need the kernel", () => {
  const script = [
    'const { display } = require("imagenot-lab/kernel");',
    "display.json({ a: [1, 2] });",
    'display.html("<b>x</b>");',
    'display.bundle({ "text/html": "<i>only html</i>" });',
    'display.text("plain");',
  ].join("\n");
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "{ a: [ 1, 2 ] }\n<HTML>\n<text/html>\nplain\n");
  assert.throws(() => comms.open("t", {}), /needs the imagenot-ts Jupyter kernel/);
  assert.throws(
    () => comms.registerTarget("t", () => undefined),
    /needs the imagenot-ts Jupyter kernel/,
  );
  assert.equal(typeof display.update, "function");
});

test("bytes become base64 (as Python encodes them), JSON mimes objects, other values strings", () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
  const expected = python<string>(
    "import base64\nprint(json.dumps(base64.b64encode(bytes(INPUT)).decode()))",
    [...bytes],
  );
  assert.deepEqual(
    normalizeBundle({
      "image/png": bytes,
      "application/json": '{"a":1}',
      "application/vnd.x+json": { b: 2 },
      "text/plain": 5,
      "text/html": undefined,
    }),
    {
      "image/png": expected,
      "application/json": { a: 1 },
      "application/vnd.x+json": { b: 2 },
      "text/plain": "5",
    },
  );
});

test("the formatter table: Jupyter.display first, then the newest registration, then built-ins, then inspect", () => {
  class Temp {
    constructor(readonly c: number) {}
  }
  const isTemp = (v: unknown) => v instanceof Temp;
  const drop = registerFormatter(isTemp, (t: Temp) => ({ "text/html": `<b>${t.c}</b>` }));
  assert.deepEqual(valueBundle(new Temp(3)), {
    "text/html": "<b>3</b>",
    "text/plain": "Temp { c: 3 }",
  });
  const dropNewer = registerFormatter(isTemp, (t: Temp) => ({ "text/plain": `${t.c} °C` }));
  assert.deepEqual(valueBundle(new Temp(3)), { "text/plain": "3 °C" }, "the newest wins");
  dropNewer();
  drop();
  assert.deepEqual(valueBundle(new Temp(3)), { "text/plain": "Temp { c: 3 }" });
  const own = Object.assign(new Temp(1), { [JUPYTER_DISPLAY]: () => ({ "text/plain": "own" }) });
  assert.deepEqual(valueBundle(own), { "text/plain": "own" });
  assert.equal(
    (valueBundle(new Map([[1, 2]])) as Record<string, string>)["text/plain"],
    "Map(1)\nkey  value\n  1      2",
  );
});

test("a failing formatter shows the value as text with the reason; an async one resolves to its bundle", async () => {
  const drop = registerFormatter(
    (v) => v === "boom",
    () => {
      throw new Error("no luck");
    },
  );
  assert.deepEqual(valueBundle("boom"), { "text/plain": "'boom'\n(formatter failed: no luck)" });
  drop();
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
  const dropAsync = registerFormatter(
    (v) => v === "later",
    async () => ({ "image/jpeg": bytes }),
  );
  assert.deepEqual(await valueBundle("later"), {
    "image/jpeg": Buffer.from(bytes).toString("base64"),
    "text/plain": "'later'",
  });
  dropAsync();
});

test("input, password and interruptSignal need the kernel", () => {
  assert.throws(() => input("name?"), /input\("name\?"\) needs the imagenot-ts Jupyter kernel/);
  assert.throws(() => password(), /password\(""\) needs the imagenot-ts Jupyter kernel/);
  assert.throws(() => interruptSignal(), /needs the imagenot-ts Jupyter kernel/);
});
