/** The project's import graph and the arrows DESIGN.md allows, checked by test/layout/arrows.test.ts.
 * Run `node --import tsx scripts/arrows.ts [ROOT]` to print the graph between areas and every violation. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";

/** One import of one file: the target (a project file, or a package name) and whether it loads code. */
export interface ImportEdge {
  from: string;
  /** Project-relative path of the imported file, or the package name ("@tensorflow/tfjs"). */
  to: string;
  /** Type-only imports (`import type`, `typeof import(...)`) load nothing at run time. */
  typeOnly: boolean;
  external: boolean;
}

const TOP_FOLDERS = ["app", "src", "kernel", "widgets", "bench", "test", "scripts", "bin"];
const EXTENSIONS = [".ts", ".cjs", ".js", ".json", "/index.ts"];

/** Every .ts/.cjs file of the project's own folders (no node_modules, no fixtures). */
export function projectFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === "node_modules" || name === "fixtures") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|cjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(relative(root, path));
    }
  };
  for (const top of TOP_FOLDERS) if (existsSync(join(root, top))) walk(join(root, top));
  return out;
}

function resolveSpecifier(root: string, from: string, spec: string): string | null {
  const base = resolve(root, dirname(from), spec);
  for (const ext of ["", ...EXTENSIONS]) {
    const candidate = base + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
  }
  return null;
}

/** The imports of one file: static imports and exports, require() and import() calls, import types. */
export function fileImports(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edges: ImportEdge[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const external = !spec.startsWith(".");
    const to = external ? packageName(spec) : resolveSpecifier(root, file, spec);
    if (to === null) throw new Error(`${file}: cannot resolve "${spec}"`);
    edges.push({ from: file, to, typeOnly, external });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier.text, Boolean(allTypes));
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, true);
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isResolve =
        ts.isPropertyAccessExpression(callee) && callee.getText() === "require.resolve";
      if (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword)
        add(node.arguments[0].text, false);
      else if (isResolve && node.arguments[0].text.startsWith("."))
        add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function packageName(spec: string): string {
  const parts = spec.replace(/^node:/, "node:").split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every import edge of the project. */
export function importGraph(root: string): ImportEdge[] {
  return projectFiles(root).flatMap((file) => fileImports(root, file));
}

/** The area a file belongs to: "app", "widgets", "kernel/protocol", "src/train", "test", ... */
export function areaOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "src" || parts[0] === "kernel")
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file.replace(/\.ts$/, "");
  return parts[0];
}

const inside = (file: string, ...prefixes: string[]) =>
  prefixes.some((p) => file === p || file.startsWith(`${p}/`));

/** The rules of DESIGN.md, each a test of one internal edge; returns the broken rule's words or null. */
function brokenRule(e: ImportEdge): string | null {
  const { from, to } = e;
  if (inside(from, "src") && inside(to, "app", "widgets", "kernel", "test", "bench", "scripts"))
    return "src/ uses nothing above it";
  if (inside(from, "kernel") && inside(to, "app", "widgets"))
    return "kernel/ never uses widgets/ or app/";
  if (inside(from, "kernel") && inside(to, "src") && !inside(to, "src/util", "src/errors.ts"))
    return "kernel/ uses src/util and src/errors.ts only";
  if (inside(from, "widgets") && inside(to, "app")) return "widgets/ never uses app/";
  if (inside(from, "widgets") && inside(to, "kernel") && to !== "kernel/api.ts")
    return "widgets/ uses kernel/api.ts only";
  if (inside(from, "bench") && inside(to, "test")) return "bench/ never imports test/";
  if (inside(from, "test") && inside(to, "bench")) return "test/ never imports bench/";
  if (inside(from, "src/models") && inside(to, "src/data")) return "models/ knows nothing of data";
  return null;
}

/** Folders that must run without TensorFlow: nothing they load, at any depth, may load it. */
export const TENSORFLOW_FREE = ["src/analysis", "src/compare", "src/results", "src/wordnet"];
/** Single files that must stay TensorFlow-free for the same reason. */
export const TENSORFLOW_FREE_FILES = [
  "src/models/facts.ts",
  "src/engine/choices.ts",
  "src/train/settings.ts",
  "src/train/run-record.ts",
  "src/train/recipes.ts",
  "src/train/learned.ts",
  "src/errors.ts",
];

/** Files reached from `start` through imports that load code. */
function loadedFrom(start: string, runtime: Map<string, ImportEdge[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length) {
    for (const e of runtime.get(stack.pop()!) ?? []) {
      if (!seen.has(e.to)) {
        seen.add(e.to);
        if (!e.external) stack.push(e.to);
      }
    }
  }
  return seen;
}

/** Import cycles among project files (each as the list of files around it), found by Tarjan's algorithm. */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.external) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    onStack = new Set<string>();
  const stack: string[] = [],
    found: string[][] = [];
  let counter = 0;
  const strong = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) strong(v);
  return found;
}

export interface ArrowReport {
  /** Imports that point the wrong way, each with the rule it breaks. */
  reversed: { from: string; to: string; rule: string }[];
  /** TensorFlow-free files that load @tensorflow/* (directly or through what they import), with the path. */
  tensorflow: { file: string; through: string[] }[];
  cycles: string[][];
  /** Imports between areas with their counts ("src/train -> src/models": 4). */
  areas: Map<string, number>;
}

/** Checks every import of the project at `root` against DESIGN.md's arrows. */
export function checkArrows(root: string): ArrowReport {
  const edges = importGraph(root);
  const reversed = edges.flatMap((e) => {
    const rule = e.external ? null : brokenRule(e);
    return rule ? [{ from: e.from, to: e.to, rule }] : [];
  });
  const runtime = new Map<string, ImportEdge[]>();
  for (const e of edges) if (!e.typeOnly) runtime.set(e.from, [...(runtime.get(e.from) ?? []), e]);
  const files = projectFiles(root).filter(
    (f) => inside(f, ...TENSORFLOW_FREE) || TENSORFLOW_FREE_FILES.includes(f),
  );
  const tensorflow = files.flatMap((file) => {
    const loaded = [...loadedFrom(file, runtime)];
    const tf = loaded.filter((m) => m.startsWith("@tensorflow/"));
    return tf.length
      ? [
          {
            file,
            through: loaded.filter(
              (m) => !m.startsWith("@") && !m.startsWith("node:") && m.includes("/"),
            ),
          },
        ]
      : [];
  });
  const areas = new Map<string, number>();
  for (const e of edges) {
    if (e.external) continue;
    const [a, b] = [areaOf(e.from), areaOf(e.to)];
    if (a !== b) areas.set(`${a} -> ${b}`, (areas.get(`${a} -> ${b}`) ?? 0) + 1);
  }
  return { reversed, tensorflow, cycles: cycles(edges), areas };
}

/** The report as text: the area graph, then each violation. */
export function formatArrows(report: ArrowReport): string {
  const lines = ["imports between areas (count):"];
  for (const [edge, n] of [...report.areas].sort()) lines.push(`  ${edge} (${n})`);
  lines.push(`reversed arrows: ${report.reversed.length}`);
  for (const r of report.reversed) lines.push(`  ${r.from} -> ${r.to}: ${r.rule}`);
  lines.push(`TensorFlow loaded by TensorFlow-free modules: ${report.tensorflow.length}`);
  for (const t of report.tensorflow) lines.push(`  ${t.file}`);
  lines.push(`import cycles: ${report.cycles.length}`);
  for (const c of report.cycles) lines.push(`  ${c.join(" <-> ")}`);
  return lines.join("\n");
}

if (require.main === module) {
  const root = resolve(process.argv[2] ?? join(__dirname, ".."));
  const report = checkArrows(root);
  process.stdout.write(formatArrows(report) + "\n");
  process.exitCode =
    report.reversed.length + report.tensorflow.length + report.cycles.length > 0 ? 1 : 0;
}
