/** kernel-install: where the kernelspec goes (checked against jupyter_core's own paths) and what it says. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli";
import { python } from "../helpers/python";

test("--user (and the default) install into the data folder jupyter_core computes for that home", () => {
  const home = mkdtempSync(join(tmpdir(), "imagenot-home-"));
  const env = { HOME: home, XDG_DATA_HOME: "", JUPYTER_DATA_DIR: "" };
  const expected = python<string>(
    `
import os
os.environ.update(INPUT)
os.environ.pop("XDG_DATA_HOME"); os.environ.pop("JUPYTER_DATA_DIR")
from jupyter_core.paths import jupyter_data_dir
print(json.dumps(os.path.join(jupyter_data_dir(), "kernels", "imagenot-ts")))`,
    { HOME: home, XDG_DATA_HOME: "", JUPYTER_DATA_DIR: "" },
  );
  for (const args of [["kernel-install", "--user"], ["kernel-install"]]) {
    const r = runCli(args, { env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(expected), `${r.stdout} should name ${expected}`);
    const spec = JSON.parse(readFileSync(join(expected, "kernel.json"), "utf8"));
    assert.equal(spec.display_name, "TypeScript (imagenot-lab)");
    assert.ok(existsSync(join(expected, "logo-64x64.png")));
  }
});

test("the logos are real PNGs of their declared sizes", () => {
  const prefix = mkdtempSync(join(tmpdir(), "imagenot-prefix-"));
  assert.equal(runCli(["kernel-install", "--prefix", prefix]).code, 0);
  const dir = join(prefix, "share", "jupyter", "kernels", "imagenot-ts");
  for (const size of [32, 64]) {
    const png = readFileSync(join(dir, `logo-${size}x${size}.png`));
    // PNG signature, then the IHDR chunk's width and height (big-endian) at bytes 16..23.
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size]);
  }
});

test("bad usage exits 2 with one line", () => {
  const r = runCli(["kernel-install", "--prefix", "/tmp/x", "--user"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--prefix and --user are exclusive/);
  assert.equal(runCli(["kernel-install", "extra"]).code, 2);
});
