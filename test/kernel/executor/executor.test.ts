/** The cell executor in-process: state across cells, top-level await, the project's types, errors and interrupts. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createCellExecutor, type CellOutcome } from "../../../kernel/executor/executor";

const ex = createCellExecutor();
after(() => ex.close());
let n = 0;
const run = (source: string): Promise<CellOutcome> => ex.execute(source, `cell[${++n}]`);
const value = async (source: string) => {
  const r = await run(source);
  assert.equal(r.status, "ok", JSON.stringify(r));
  return r.status === "ok" ? r.value : undefined;
};

test("variables, functions and imports persist across cells; imports stay reassignable", async () => {
  await value("let count = 1;\nfunction twice(x: number): number { return 2 * x; }");
  assert.equal(await value("count += 1;\ntwice(count)"), 4);
  await value('import { inspect } from "node:util";');
  assert.equal(await value("inspect({ a: 1 })"), "{ a: 1 }");
  assert.equal(
    await value("await new Promise<number>((r) => setTimeout(() => r(7), 10))"),
    7,
    "top-level await",
  );
  const r = await run("const nothing = 1;");
  assert.deepEqual(r, { status: "ok", hasValue: false });
});

test("imagenot-lab/kernel resolves for the runtime and for the type checker", async () => {
  assert.equal(
    await value(
      'import { isJsonMime } from "imagenot-lab/kernel";\nisJsonMime("application/vnd.plotly.v1+json")',
    ),
    true,
  );
  const r = await run('import { display } from "imagenot-lab/kernel";\ndisplay.text(42);');
  assert.equal(r.status, "error");
  assert.match(
    r.status === "error" ? r.evalue : "",
    /:2:14 - error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'/,
  );
});

test("a runtime error's frames point at the TypeScript lines even when types and blank lines are dropped", async () => {
  const src =
    "interface Point {\n  x: number;\n}\n\nconst p: Point = { x: 1 };\n\nfunction check(q: Point): void {\n  if (q.x > 0) throw new RangeError(`x is ${q.x}`);\n}\ncheck(p);";
  const r = await run(src);
  assert.equal(r.status, "error");
  if (r.status !== "error") return;
  assert.equal(r.ename, "RangeError");
  assert.equal(r.evalue, "x is 1");
  assert.ok(r.traceback.includes(`    at check (cell[${n}]:8)`), r.traceback.join("\n"));
  assert.ok(r.traceback.includes(`    at cell[${n}]:10`), r.traceback.join("\n"));
});

test("interrupt() stops an awaited cell and the executor keeps working", async () => {
  const pending = run("await new Promise(() => {});");
  setTimeout(() => ex.interrupt(), 50);
  const r = await pending;
  assert.equal(r.status === "error" && r.ename, "Interrupted");
  assert.equal(await value("count"), 2);
});

test("complete, inspect and is_complete use the cells' declarations", () => {
  assert.ok(ex.complete("twi", 3).matches.includes("twice"));
  assert.match(ex.inspect("twice", 2) ?? "", /function twice\(x: number\): number/);
  assert.deepEqual(ex.isComplete("if (count) {"), { complete: false, indent: "  " });
  assert.equal(ex.isComplete("count").complete, true);
});
