/**
 * nbformat 4 notebooks: reading, papermill-style parameter injection, and turning a cell's iopub messages into
 * the outputs Jupyter saves (streams merged, display updates applied by display id, clear_output honoured).
 */
import { readFileSync } from "node:fs";
import { InputError } from "../../src/errors";
import { isJsonMime } from "../api";
import type { Message } from "../protocol/wire";

export type MultilineString = string | string[];

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: { tags?: string[]; [key: string]: unknown };
  source: MultilineString;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: unknown;
}

export type NotebookOutput =
  | { output_type: "stream"; name: string; text: MultilineString }
  | {
      output_type: "display_data";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | {
      output_type: "execute_result";
      execution_count: number;
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** A multiline string field as one string. */
export function joinSource(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

/** Splits text into lines that keep their newlines, the way Jupyter saves multiline strings. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Reads an .ipynb file, checking that it is nbformat 4. */
export function readNotebook(path: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(path, "utf8")) as Notebook;
  } catch (e) {
    throw new InputError(`cannot read notebook ${path}: ${(e as Error).message}`);
  }
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells))
    throw new InputError(`${path} is not an nbformat 4 notebook (nbformat: ${nb.nbformat})`);
  return nb;
}

/** Parses "NAME=VALUE" parameters; values are JSON when they parse as JSON, else strings (papermill's -p/-r mix). */
export function parseParameters(specs: readonly string[]): Array<[string, unknown]> {
  return specs.map((spec) => {
    const eq = spec.indexOf("=");
    const name = eq < 0 ? "" : spec.slice(0, eq);
    if (!/^[A-Za-z_$][\w$]*$/.test(name))
      throw new InputError(`--param must be NAME=VALUE with NAME an identifier, got "${spec}"`);
    const raw = spec.slice(eq + 1);
    try {
      return [name, JSON.parse(raw)];
    } catch {
      return [name, raw];
    }
  });
}

/**
 * Inserts a cell tagged "injected-parameters" that assigns the values (`quick = true;`), after the cell tagged
 * "parameters" (which declares them with `let`), or first when there is none; a previous injected cell is replaced.
 */
export function injectParameters(nb: Notebook, params: Array<[string, unknown]>): Notebook {
  if (params.length === 0) return nb;
  const cells = nb.cells.filter((c) => !(c.metadata.tags ?? []).includes("injected-parameters"));
  const at = cells.findIndex((c) => (c.metadata.tags ?? []).includes("parameters"));
  const source = [
    "// Parameters injected by imagenot-lab run-notebook",
    ...params.map(([k, v]) => `${k} = ${JSON.stringify(v)};`),
  ].join("\n");
  const injected: NotebookCell = {
    cell_type: "code",
    id: "injected-parameters",
    metadata: { tags: ["injected-parameters"] },
    source: splitLines(source),
    outputs: [],
    execution_count: null,
  };
  cells.splice(at + 1, 0, injected);
  return { ...nb, cells };
}

function savedBundle(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data))
    out[mime] = typeof value === "string" && !isJsonMime(mime) ? splitLines(value) : value;
  return out;
}

/** Builds a notebook's outputs from iopub messages, including updates to displays shown in earlier cells. */
export class OutputCollector {
  private readonly byDisplayId = new Map<
    string,
    Array<{ data: Record<string, unknown>; metadata: Record<string, unknown> }>
  >();
  private current: NotebookOutput[] = [];
  private clearPending = false;

  /** Starts collecting for a new cell; returns the array its outputs go into. */
  startCell(): NotebookOutput[] {
    this.current = [];
    this.clearPending = false;
    return this.current;
  }

  /** Applies one iopub message to the current cell's outputs (or to an earlier display, for updates). */
  add(msg: Message): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- message content is JSON of many shapes
    const c = msg.content as Record<string, any>;
    const type = msg.header.msg_type;
    if (type === "clear_output") {
      if (c.wait) this.clearPending = true;
      else this.current.splice(0);
      return;
    }
    if (type === "update_display_data") {
      for (const out of this.byDisplayId.get(c.transient?.display_id) ?? []) {
        out.data = savedBundle(c.data);
        out.metadata = c.metadata ?? {};
      }
      return;
    }
    if (!["stream", "display_data", "execute_result", "error"].includes(type)) return;
    if (this.clearPending) {
      this.current.splice(0);
      this.clearPending = false;
    }
    if (type === "stream") {
      const last = this.current[this.current.length - 1];
      if (last?.output_type === "stream" && last.name === c.name)
        last.text = splitLines(joinSource(last.text) + c.text);
      else this.current.push({ output_type: "stream", name: c.name, text: splitLines(c.text) });
    } else if (type === "error") {
      this.current.push({
        output_type: "error",
        ename: c.ename,
        evalue: c.evalue,
        traceback: c.traceback,
      });
    } else {
      const out =
        type === "execute_result"
          ? {
              output_type: "execute_result" as const,
              execution_count: c.execution_count,
              data: savedBundle(c.data),
              metadata: c.metadata ?? {},
            }
          : {
              output_type: "display_data" as const,
              data: savedBundle(c.data),
              metadata: c.metadata ?? {},
            };
      this.current.push(out);
      const id = c.transient?.display_id;
      if (typeof id === "string")
        this.byDisplayId.set(id, [...(this.byDisplayId.get(id) ?? []), out]);
    }
  }
}
