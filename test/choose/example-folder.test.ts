import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { writeExampleFolder } from "../../src/choose/example-folder";
import { InputError } from "../../src/errors";

test("the example folder: one folder of 28x28 PNGs per class, reused, never written over other files", async () => {
  const root = mkdtempSync(join(tmpdir(), "imagenot-example-"));
  try {
    const dir = join(root, "ex");
    const options = { classes: ["trouser", "bag", "sneaker"], perClass: 4 };
    assert.equal(await writeExampleFolder(dir, options), `folder:${dir}`);
    assert.deepEqual(readdirSync(dir).sort(), [
      ".imagenot-example.json",
      "bag",
      "sneaker",
      "trouser",
    ]);
    assert.deepEqual(readdirSync(join(dir, "bag")), [
      "0000.png",
      "0001.png",
      "0002.png",
      "0003.png",
    ]);
    const meta = await sharp(join(dir, "bag", "0000.png")).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ["png", 28, 28]);
    // Same settings: the folder is reused as it is.
    assert.equal(await writeExampleFolder(dir, options), `folder:${dir}`);
    // Other settings, or someone else's folder: refused.
    await assert.rejects(writeExampleFolder(dir, { ...options, perClass: 5 }), InputError);
    const own = join(root, "mine");
    mkdirSync(own);
    writeFileSync(join(own, "photo.jpg"), "x");
    await assert.rejects(writeExampleFolder(own), /not empty/);
    await assert.rejects(
      writeExampleFolder(join(root, "x"), { classes: ["cat"] }),
      /no class "cat"/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
