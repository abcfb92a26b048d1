/** The declarations tslab's checker sees: emitted by the project's TypeScript, cached, rebuilt on change. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageDeclarations } from "../../../kernel/executor/package-types";

test("a tiny package gets strict declarations, reused until a source changes", () => {
  const root = mkdtempSync(join(tmpdir(), "imagenot-tiny-pkg-"));
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({
      name: "imagenot-lab",
      exports: { ".": "./src/index.ts", "./kernel": "./kernel/api.ts" },
    }),
  );
  cpSync(join(__dirname, "..", "..", "fixtures", "kernel", "tiny-package"), root, {
    recursive: true,
  });
  const dir = packageDeclarations(root);
  const index = readFileSync(join(dir, "src", "index.d.ts"), "utf8");
  // The declarations carry the sources' own types, so the checker needs none of the sources.
  assert.match(index, /export declare function greet\(name\?: string\): string;/);
  assert.match(
    index,
    /export type Outcome = \{\s*ok: true;\s*value: number;\s*\} \| \{\s*ok: false;\s*detail: string;\s*\};/,
  );
  assert.ok(existsSync(join(dir, "kernel", "api.d.ts")));
  assert.equal(packageDeclarations(root), dir, "cached");
  writeFileSync(join(root, "src", "extra.ts"), "export const extra = 1;\n");
  assert.notEqual(packageDeclarations(root), dir, "a new source file invalidates the cache");
});
