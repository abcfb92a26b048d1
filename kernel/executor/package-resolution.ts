/**
 * Makes `import ... from "imagenot-lab"` (and its subpaths such as "imagenot-lab/kernel") work in a notebook
 * wherever the notebook lives: at run time through the require given to cells, and for tslab's type checker
 * through a virtual `<cwd>/node_modules/imagenot-lab` that maps onto this package's files.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";

import { PACKAGE_ROOT } from "../../src/util/versions";

export { PACKAGE_ROOT };

interface PackageJson {
  name: string;
  exports?: Record<string, string>;
}

const manifests = new Map<string, PackageJson>();

/** The package's name and its exports map, from package.json (read once: the type checker asks on every lookup). */
export function packageManifest(root = PACKAGE_ROOT): PackageJson {
  let m = manifests.get(root);
  if (!m)
    manifests.set(
      root,
      (m = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson),
    );
  return m;
}

function isPackageSpecifier(id: string, name: string): boolean {
  return id === name || id.startsWith(`${name}/`);
}

/**
 * A require for notebook cells: the package itself resolves through its own exports map (Node's self-reference),
 * other modules from the notebook's folder first and from this package's dependencies second.
 */
export function notebookRequire(cwd: string, root = PACKAGE_ROOT): NodeJS.Require {
  const { name } = packageManifest(root);
  const fromCwd = createRequire(join(cwd, "__notebook__.js"));
  const fromPackage = createRequire(join(root, "package.json"));
  const resolveId = (id: string): string => {
    if (isPackageSpecifier(id, name)) return fromPackage.resolve(id);
    try {
      return fromCwd.resolve(id);
    } catch (e) {
      const bare = !id.startsWith(".") && !id.startsWith("/");
      if (bare && (e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND")
        return fromPackage.resolve(id);
      throw e;
    }
  };
  const req = ((id: string) => fromCwd(resolveId(id))) as NodeJS.Require;
  req.resolve = Object.assign((id: string) => resolveId(id), { paths: fromCwd.resolve.paths });
  req.cache = fromCwd.cache;
  req.main = fromCwd.main;
  req.extensions = fromCwd.extensions;
  return req;
}

/** The subset of TypeScript's `sys` that module resolution goes through. */
export interface ResolutionSys {
  fileExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  directoryExists(path: string): boolean;
  realpath?(path: string): string;
}

/**
 * Maps paths under `<cwd>/node_modules/<name>/` onto the package: declaration files to `typesDir` (see
 * package-types.ts; `<sub>.d.ts` for an exports entry "./<sub>" to its target's, as TypeScript's node10 resolution
 * ignores "exports"), sources to null (hidden, so the checker takes the declarations), other files to the package
 * root. Returns undefined for paths outside the virtual package, null for paths that must not exist.
 */
export function virtualPackagePath(
  path: string,
  cwd: string,
  typesDir: () => string,
  root = PACKAGE_ROOT,
): string | undefined | null {
  const { name, exports = {} } = packageManifest(root);
  const base = join(cwd, "node_modules", name).replace(/\\/g, "/");
  const p = path.replace(/\\/g, "/");
  if (p === base) return root;
  if (!p.startsWith(base + "/")) return undefined;
  const rest = p.slice(base.length + 1);
  if (rest === "node_modules" || rest.startsWith("node_modules/")) {
    // Inside the project, its dependencies must resolve to the same files as the notebook's own imports (one copy
    // of each type), so the virtual package has no node_modules of its own and lookups walk up from cwd.
    return relative(root, cwd).startsWith("..") ? join(root, rest) : null;
  }
  if (rest.endsWith(".d.ts")) {
    for (const [sub, target] of Object.entries(exports)) {
      if (sub !== "." && rest === `${sub.slice(2)}.d.ts`)
        return join(typesDir(), target.replace(/\.ts$/, ".d.ts"));
    }
    return join(typesDir(), rest);
  }
  if (/\.[cm]?[jt]sx?$/.test(rest)) return null;
  return join(root, rest);
}

/** Patches `sys` (tslab's TypeScript sys object) so that the type checker sees the virtual package. */
export function installVirtualPackage(
  sys: ResolutionSys,
  cwd: string,
  typesDir: () => string,
  root = PACKAGE_ROOT,
): void {
  const fileExists = sys.fileExists.bind(sys);
  const readFile = sys.readFile.bind(sys);
  const directoryExists = sys.directoryExists.bind(sys);
  const realpath = sys.realpath?.bind(sys);
  const map = (p: string) => virtualPackagePath(p, cwd, typesDir, root);
  sys.fileExists = (p) => {
    const m = map(p);
    return m === null ? false : fileExists(m ?? p);
  };
  sys.readFile = (p, enc) => {
    const m = map(p);
    return m === null ? undefined : readFile(m ?? p, enc);
  };
  sys.directoryExists = (p) => {
    const m = map(p);
    return m === null ? false : directoryExists(m ?? p);
  };
  // Keep virtual paths as they are: resolved through node_modules, the files count as a library (not emitted).
  if (realpath) sys.realpath = (p) => (map(p) === undefined ? realpath(p) : p);
}
