/** Shorthand properties naming an earlier cell's variables work as they do in one TypeScript file. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createCellExecutor, type CellOutcome } from "../../../kernel/executor/executor";
import { expandShorthandProperties } from "../../../kernel/executor/shorthand";

const ex = createCellExecutor();
after(() => ex.close());
let n = 0;
const run = (source: string): Promise<CellOutcome> => ex.execute(source, `cell[${++n}]`);

test("{ seed } reads the variable an earlier cell declared, in literals, spreads and nested objects", async () => {
  assert.equal((await run("let seed = 3;\nlet quick = true;")).status, "ok");
  const r = await run("const limits = { n: 1 };\n({ seed, quick, nested: { seed }, ...limits })");
  assert.equal(r.status, "ok", JSON.stringify(r));
  assert.deepEqual(r.status === "ok" ? r.value : undefined, {
    seed: 3,
    quick: true,
    nested: { seed: 3 },
    n: 1,
  });
});

test("destructuring assignment through shorthand writes the earlier cell's variable", async () => {
  assert.equal((await run("let width = 1;")).status, "ok");
  assert.equal((await run("({ width } = { width: 9 });")).status, "ok");
  const r = await run("width");
  assert.equal(r.status === "ok" ? r.value : undefined, 9);
});

test("the rewrite keeps lines, leaves binding patterns alone, and handles defaults", () => {
  assert.equal(
    expandShorthandProperties("f({ a, b });\nconst { c } = o;"),
    "f({ a: a, b: b });\nconst { c } = o;",
  );
  assert.equal(expandShorthandProperties("({ a = 1 } = o);"), "({ a: a = 1 } = o);");
  assert.equal(
    expandShorthandProperties("const s = `{ a }`; // { a }"),
    "const s = `{ a }`; // { a }",
  );
});
