/**
 * Error reports for the front end: ename, evalue and traceback lines, with stack frames of a cell mapped from the
 * JavaScript tslab emitted back to the TypeScript lines the user wrote, and type errors shown at their source line.
 */
import { inspect } from "node:util";
import type { Diagnostic } from "tslab/dist/converter";

export interface ErrorReport {
  ename: string;
  evalue: string;
  traceback: string[];
}

const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;

function tokens(line: string): string[] {
  // `exports.x` is how tslab rewrites references to earlier cells' variables, and `exports.tsLastExpr = e` how it
  // keeps the last expression's value; the user wrote `x` and `e`.
  const written = line.replace(/\bexports\.tsLastExpr\d*\s*=\s*/g, "").replace(/\bexports\./g, "");
  return (written.match(TOKEN) ?? []).filter((t) => t !== "exports");
}

/**
 * The 1-based source line that emitted JavaScript line `jsLine` (1-based) came from, or undefined.
 * TypeScript's emit drops types and reformats, so lines are matched by their tokens, preferring lines in order.
 */
export function mapJsLineToSource(js: string, jsLine: number, source: string): number | undefined {
  const target = tokens(js.split("\n")[jsLine - 1] ?? "");
  if (target.length === 0) return undefined;
  const lines = source.split("\n");
  const expected = (jsLine / Math.max(1, js.split("\n").length)) * lines.length;
  let best: { line: number; score: number; distance: number } | undefined;
  lines.forEach((text, i) => {
    const have = new Set(tokens(text));
    if (have.size === 0) return;
    const score = target.filter((t) => have.has(t)).length / target.length;
    const distance = Math.abs(i + 1 - expected);
    if (!best || score > best.score || (score === best.score && distance < best.distance))
      best = { line: i + 1, score, distance };
  });
  return best && best.score >= 0.6 ? best.line : undefined;
}

/** An exception thrown by cell `label` as an error report; `js` is the code that ran and `source` what the
 * user wrote. */
export function runtimeErrorReport(
  error: unknown,
  label: string,
  js: string,
  source: string,
): ErrorReport {
  if (!(error instanceof Error)) {
    return { ename: "Uncaught", evalue: inspect(error), traceback: [`Uncaught ${inspect(error)}`] };
  }
  const ename = error.name || error.constructor?.name || "Error";
  // V8 names earlier cells' variables as tslab compiled them (`exports.x`); the user wrote `x`.
  const evalue = error.message.replace(/\bexports\./g, "");
  const frames: string[] = [];
  const sourceLines = source.split("\n");
  let where: number | undefined;
  for (const line of (error.stack ?? "").split("\n")) {
    if (!/^\s+at /.test(line)) continue;
    // Frames below the cell are the kernel's own machinery, not the user's concern.
    if (/node:vm|kernel[\\/]executor\.ts/.test(line)) break;
    // Frames above the cell inside the kernel (input(), display.update()) say how it failed, not where.
    if (frames.length === 0 && /kernel[\\/](protocol[\\/]|api\.ts)/.test(line)) continue;
    const m = line.match(new RegExp(`${label.replace(/[[\]]/g, "\\$&")}:(\\d+):(\\d+)`));
    if (!m) {
      frames.push(line);
      continue;
    }
    // The closing line of the kernel's wrapper around the cell is not code the user wrote.
    if ((js.split("\n")[Number(m[1]) - 1] ?? "").trim() === "") continue;
    const src = mapJsLineToSource(js, Number(m[1]), source);
    where ??= src;
    frames.push(
      src
        ? line.replace(m[0], `${label}:${src}`)
        : line.replace(m[0], `${label} (emitted JavaScript line ${m[1]})`),
    );
  }
  const traceback = [`${ename}: ${evalue}`, ...frames];
  if (where) traceback.push("", `${label}, line ${where}:`, `    ${sourceLines[where - 1].trim()}`);
  return { ename, evalue, traceback };
}

/** Type-check diagnostics of cell `label` as one error report, each with its line and a caret under the column. */
export function diagnosticsReport(
  diagnostics: Diagnostic[],
  label: string,
  source: string,
): ErrorReport {
  const lines = source.split("\n");
  const traceback: string[] = [];
  const messages: string[] = [];
  for (const d of diagnostics) {
    const at = `${d.fileName ?? label}:${d.start.line + 1}:${d.start.character + 1}`;
    const message = `${at} - error TS${d.code}: ${d.messageText}`;
    messages.push(message);
    traceback.push(message);
    if (!d.fileName && lines[d.start.line] !== undefined) {
      traceback.push(
        `    ${lines[d.start.line]}`,
        `    ${" ".repeat(d.start.character)}${"^".repeat(Math.max(1, Math.min(d.end.offset - d.start.offset, lines[d.start.line].length - d.start.character)))}`,
      );
    }
  }
  return { ename: "TypeScriptError", evalue: messages[0] ?? "type check failed", traceback };
}
