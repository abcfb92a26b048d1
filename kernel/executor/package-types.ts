/**
 * Declaration files of this package for tslab's type checker. tslab compiles cells with TypeScript 5.0 and
 * non-strict options; checking the project's strict TypeScript sources there would report errors that are not
 * errors (narrowing needs strictNullChecks). So the checker sees .d.ts files emitted once by the project's own
 * TypeScript with the project's options, cached in the temp folder and rebuilt when a source file changes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageManifest, PACKAGE_ROOT } from "./package-resolution";

/** The folders whose sources the public entry points can reach. */
const SOURCE_DIRS = ["src", "kernel", "widgets"];

function sourceFingerprint(root: string, ts: { version: string }): string {
  const hash = createHash("sha1").update(`${root}\0${ts.version}\0`);
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(entry.name)) {
        const s = statSync(p);
        hash.update(`${p}\0${s.size}\0${s.mtimeMs}\0`);
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  return hash.digest("hex").slice(0, 16);
}

/** The folder holding `<path>.d.ts` for every source file of the package, building it if it is missing or stale. */
export function packageDeclarations(root = PACKAGE_ROOT): string {
  // The project's TypeScript (a dependency), not tslab's: the sources are written for it.
  const ts = require("typescript") as typeof import("typescript");
  const dir = join(tmpdir(), `imagenot-lab-types-${sourceFingerprint(root, ts)}`);
  if (existsSync(dir)) return dir;
  const entries = Object.values(packageManifest(root).exports ?? {})
    .filter((t) => t.endsWith(".ts"))
    .map((t) => join(root, t));
  const staging = mkdtempSync(join(tmpdir(), "imagenot-lab-types-build-"));
  const program = ts.createProgram(entries, {
    declaration: true,
    emitDeclarationOnly: true,
    noCheck: true,
    skipLibCheck: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    resolveJsonModule: true,
    types: ["node"],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    rootDir: root,
    outDir: staging,
  });
  program.emit();
  // Another kernel may have built the same folder meanwhile: the first rename wins, the copies are equal.
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
