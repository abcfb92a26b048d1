/**
 * Runs TypeScript cells: tslab's converter type-checks and compiles each cell against the declarations of the
 * cells before it; we run the JavaScript in this process (interruptible by SIGINT) and return the last value or
 * an error report instead of printing them, so the kernel can send execute_result and error messages.
 */
import * as vm from "node:vm";
import * as ts from "@tslab/typescript-for-tslab";
import { createConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { installVirtualPackage, notebookRequire } from "./package-resolution";
import { packageDeclarations } from "./package-types";
import { expandShorthandProperties } from "./shorthand";
import { diagnosticsReport, runtimeErrorReport, type ErrorReport } from "./traceback";

export type CellOutcome =
  { status: "ok"; hasValue: boolean; value?: unknown } | ({ status: "error" } & ErrorReport);

export interface Completion {
  start: number;
  end: number;
  matches: string[];
}

export interface CellExecutor {
  /** Type-checks and runs `source`; `label` (e.g. "cell[3]") names the cell in stack traces. */
  execute(source: string, label: string): Promise<CellOutcome>;
  /** Evaluates `expression` in the cells' scope (a user_expression): nothing it declares is kept. */
  evaluate(expression: string, label: string): Promise<CellOutcome>;
  /** Completion candidates at UTF-16 offset `position`, with the span they replace. */
  complete(source: string, position: number): Completion;
  /** Hover text (type and documentation) of the symbol at `position`, or undefined. */
  inspect(source: string, position: number): string | undefined;
  /** Whether `source` is a complete cell, and the indent of the next line if not. */
  isComplete(source: string): { complete: boolean; indent: string };
  /** Stops the running cell's awaited promise; blocking code is stopped by SIGINT through vm's breakOnSigint. */
  interrupt(): void;
  /** The variables the cells have declared. */
  readonly locals: Record<string, unknown>;
  /** Stops the type checker's file watchers, which otherwise keep the process alive. */
  close(): void;
}

/** The globalThis key through which a compiled cell receives its scope and require. */
const CELL_SCOPE = Symbol.for("imagenot-lab.kernel.cell-scope");

/**
 * The object that holds the cells' variables. tslab compiles named imports to getters (defineProperty); storing
 * the value instead keeps those names reassignable in later cells, as ordinary variables are.
 */
function createLocals(): Record<string, unknown> {
  const store: Record<string, unknown> = {};
  return new Proxy(store, {
    defineProperty(target, prop, attrs) {
      if (prop === "__esModule") return true;
      target[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

class InterruptedError extends Error {
  override name = "Interrupted";
}

/** Creates the executor for notebooks in the current folder (tslab's type checker resolves imports from there). */
export function createCellExecutor(): CellExecutor {
  const cwd = process.cwd();
  // Declarations are built on the first type check that reaches the package, so cells that never import it pay nothing.
  let typesDir: string | undefined;
  installVirtualPackage(ts.sys, cwd, () => (typesDir ??= packageDeclarations()));
  const converter: Converter = createConverter({ isJS: false, isBrowser: false });
  const locals = createLocals();
  const scope = { exports: locals, require: notebookRequire(cwd) };
  (globalThis as Record<symbol, unknown>)[CELL_SCOPE] = scope;
  let prevDecl = "";
  let rejectRunning: ((e: Error) => void) | undefined;

  /** Runs one cell; with `keep` its declarations become visible to later cells. */
  async function run(source: string, label: string, keep: boolean): Promise<CellOutcome> {
    const converted = converter.convert(prevDecl, expandShorthandProperties(source));
    if (converted.diagnostics.length > 0)
      return { status: "error", ...diagnosticsReport(converted.diagnostics, label, source) };
    if (!converted.output) {
      if (keep) prevDecl = converted.declOutput ?? "";
      return { status: "ok", hasValue: false };
    }
    const js = converted.output;
    // The call stays inside the script: breakOnSigint covers only what runs during runInThisContext.
    const fn = converted.hasToplevelAwait ? "async function" : "function";
    const script = `(${fn} (exports, require) { ${js}\n}).call(undefined, globalThis[Symbol.for("imagenot-lab.kernel.cell-scope")].exports, globalThis[Symbol.for("imagenot-lab.kernel.cell-scope")].require)`;
    try {
      const result = vm.runInThisContext(script, {
        filename: label,
        breakOnSigint: true,
        displayErrors: false,
      });
      if (converted.hasToplevelAwait) {
        await new Promise<void>((resolve, reject) => {
          rejectRunning = reject;
          (result as Promise<unknown>).then(() => resolve(), reject);
        }).finally(() => {
          rejectRunning = undefined;
        });
      }
    } catch (e) {
      if (
        e instanceof InterruptedError ||
        (e instanceof Error && /interrupted by `?SIGINT/.test(e.message))
      ) {
        return {
          status: "error",
          ename: "Interrupted",
          evalue: "execution interrupted by SIGINT",
          traceback: ["Interrupted: execution interrupted by SIGINT"],
        };
      }
      return { status: "error", ...runtimeErrorReport(e, label, js, source) };
    }
    if (keep) prevDecl = converted.declOutput ?? "";
    const name = converted.lastExpressionVar;
    if (!name) return { status: "ok", hasValue: false };
    const value = locals[name];
    delete locals[name];
    return { status: "ok", hasValue: value !== undefined, value };
  }

  return {
    execute: (source, label) => run(source, label, true),
    evaluate: (expression, label) => run(expression, label, false),
    complete(source, position) {
      const info = converter.complete(prevDecl, source, position);
      return { start: info.start, end: info.end, matches: info.candidates };
    },
    inspect(source, position) {
      const info = converter.inspect(prevDecl, source, position);
      if (!info) return undefined;
      const signature = (info.displayParts ?? []).map((p) => p.text).join("");
      const docs = (info.documentation ?? []).map((p) => p.text).join("");
      const tags = (info.tags ?? []).map((t) =>
        `@${t.name} ${(t.text ?? []).map((p) => p.text).join("")}`.trim(),
      );
      return [signature, docs, ...tags].filter((s) => s).join("\n\n") || undefined;
    },
    isComplete(source) {
      const r = isCompleteCode(source);
      return { complete: r.completed, indent: r.indent ?? "" };
    },
    interrupt() {
      rejectRunning?.(new InterruptedError("execution interrupted"));
    },
    locals,
    close: () => converter.close(),
  };
}
