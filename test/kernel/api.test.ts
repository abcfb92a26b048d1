/** The display/comms API outside a kernel, and bundle normalisation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { python } from "../helpers/python";
import { comms, display, normalizeBundle } from "../../kernel/api";

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
