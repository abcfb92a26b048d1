/**
 * Runs a notebook headless: starts the imagenot-ts kernel in the notebook's folder, executes the code cells in
 * order over ZMQ (as a Jupyter front end would) and records their outputs and execution counts.
 */
import { dirname, join, resolve } from "node:path";
import { KernelClient } from "../protocol/client";
import { DISPLAY_NAME, KERNEL_NAME } from "../kernelspec";
import { injectParameters, joinSource, OutputCollector, type Notebook } from "./notebook";
import { PACKAGE_ROOT } from "../executor/package-resolution";
import { OutputWidgetRouter, savedWidgetState, WIDGET_STATE_MIME } from "./widget-state";

export interface CellFailure {
  /** 1-based position among all cells of the executed notebook. */
  cellNumber: number;
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface NotebookRun {
  notebook: Notebook;
  /** The first failing cell; the cells after it were not run. */
  failure?: CellFailure;
}

export interface RunOptions {
  params?: Array<[string, unknown]>;
  /** The folder cells run in (default: the notebook's folder, as Jupyter does). */
  cwd?: string;
  /** Called before each code cell: its 1-based number among code cells, their count, and its cell number. */
  onCell?: (index: number, total: number, cellNumber: number) => void;
  /** Where the kernel process's own output goes (default: ignored; the cells' output is in the notebook). */
  kernelStdio?: "ignore" | "inherit";
}

/** The argv that starts our kernel directly, without a kernelspec install. */
export function kernelArgv(): string[] {
  return [process.execPath, join(PACKAGE_ROOT, "kernel", "entry.cjs"), "{connection_file}"];
}

/** Runs `nb` (read from `path`) and returns it with outputs; stops at the first failing cell. */
export async function runNotebook(
  nb: Notebook,
  path: string,
  opts: RunOptions = {},
): Promise<NotebookRun> {
  const notebook: Notebook = structuredClone(injectParameters(nb, opts.params ?? []));
  const client = await KernelClient.launch({
    argv: kernelArgv(),
    cwd: opts.cwd ?? dirname(resolve(path)),
    stdio: opts.kernelStdio,
  });
  const collector = new OutputCollector();
  const outputWidgets = new OutputWidgetRouter();
  try {
    const info = await client.request("shell", "kernel_info_request", {});
    notebook.metadata = {
      ...notebook.metadata,
      kernelspec: { name: KERNEL_NAME, display_name: DISPLAY_NAME, language: "typescript" },
      language_info: (info.reply.content as Record<string, unknown>).language_info,
    };
    const code = notebook.cells.map((c, i) => ({ c, i })).filter(({ c }) => c.cell_type === "code");
    for (const [k, { c, i }] of code.entries()) {
      opts.onCell?.(k + 1, code.length, i + 1);
      c.outputs = collector.startCell();
      const source = joinSource(c.source);
      if (source.trim() === "") {
        c.execution_count = null;
        continue;
      }
      const { reply, iopub } = await client.execute(source);
      for (const msg of iopub) if (!outputWidgets.take(msg)) collector.add(msg);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- message content is JSON of many shapes
      const content = reply.content as Record<string, any>;
      c.execution_count = content.execution_count ?? null;
      if (content.status !== "ok") {
        return {
          notebook,
          failure: {
            cellNumber: i + 1,
            ename: content.ename,
            evalue: content.evalue,
            traceback: content.traceback ?? [],
          },
        };
      }
    }
    const widgets = await savedWidgetState(client, outputWidgets);
    if (widgets)
      notebook.metadata = { ...notebook.metadata, widgets: { [WIDGET_STATE_MIME]: widgets } };
    return { notebook };
  } finally {
    await client.shutdown();
  }
}
