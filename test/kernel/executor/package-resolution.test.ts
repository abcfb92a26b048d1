/** "imagenot-lab" from a notebook anywhere: the runtime require and the type checker's virtual package. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  installVirtualPackage,
  notebookRequire,
  PACKAGE_ROOT,
  virtualPackagePath,
  type ResolutionSys,
} from "../../../kernel/executor/package-resolution";

const outside = realpathSync(mkdtempSync(join(tmpdir(), "imagenot-outside-")));

test("a notebook outside the project requires the package, its subpaths and its dependencies", () => {
  const req = notebookRequire(outside);
  assert.equal(req.resolve("imagenot-lab/kernel"), join(PACKAGE_ROOT, "kernel", "api.ts"));
  assert.equal(req.resolve("imagenot-lab"), join(PACKAGE_ROOT, "src", "index.ts"));
  assert.equal(typeof req("imagenot-lab/kernel").display.html, "function");
  assert.equal(
    req.resolve("zeromq"),
    require.resolve("zeromq"),
    "dependencies fall back to the package's own",
  );
  assert.throws(() => req("./missing-local-file"), /Cannot find module/);
});

const TYPES = "/types-cache";
const typesDir = () => TYPES;

test("the virtual package maps declarations to the types folder, hides sources, and keeps other files real", () => {
  const base = join(outside, "node_modules", "imagenot-lab");
  const map = (p: string, cwd = outside) => virtualPackagePath(p, cwd, typesDir);
  assert.equal(map(base), PACKAGE_ROOT);
  assert.equal(
    map(join(base, "kernel.d.ts")),
    join(TYPES, "kernel", "api.d.ts"),
    "exports subpath",
  );
  assert.equal(map(join(base, "src", "util", "rng.d.ts")), join(TYPES, "src", "util", "rng.d.ts"));
  assert.equal(
    map(join(base, "src", "util", "rng.ts")),
    null,
    "sources are hidden behind their declarations",
  );
  assert.equal(map(join(base, "package.json")), join(PACKAGE_ROOT, "package.json"));
  assert.equal(map(join(outside, "other.ts")), undefined);
  const inside = join(PACKAGE_ROOT, "notebooks");
  assert.equal(
    map(join(inside, "node_modules", "imagenot-lab", "node_modules", "x"), inside),
    null,
  );
  assert.equal(map(join(base, "node_modules", "x")), join(PACKAGE_ROOT, "node_modules", "x"));
});

test("installVirtualPackage routes a sys object's lookups, leaving other paths alone", () => {
  const real = new Map([
    [join(TYPES, "kernel", "api.d.ts"), "export {}"],
    [join(outside, "a.ts"), "a"],
  ]);
  const sys: ResolutionSys = {
    fileExists: (p) => real.has(p),
    readFile: (p) => real.get(p),
    directoryExists: (p) => p === PACKAGE_ROOT,
    realpath: () => "/resolved",
  };
  installVirtualPackage(sys, outside, typesDir);
  const virtual = join(outside, "node_modules", "imagenot-lab");
  assert.equal(sys.fileExists(join(virtual, "kernel.d.ts")), true);
  assert.equal(sys.fileExists(join(virtual, "kernel", "api.ts")), false);
  assert.equal(sys.readFile(join(virtual, "kernel", "api.d.ts")), "export {}");
  assert.equal(sys.directoryExists(virtual), true);
  assert.equal(
    sys.realpath!(join(virtual, "kernel.d.ts")),
    join(virtual, "kernel.d.ts"),
    "virtual paths stay virtual",
  );
  assert.equal(sys.readFile(join(outside, "a.ts")), "a");
  assert.equal(sys.realpath!(join(outside, "a.ts")), "/resolved");
});
