/**
 * The Output widget (@jupyter-widgets/output 1.0). While `capture` runs, the model's `msg_id` names the request
 * the kernel is answering; the front end then routes that request's displays, streams and clear_output into the
 * widget instead of the cell, and syncs what it caught back as `outputs` (ipywidgets' `with out:`).
 */
import type { MimeBundle } from "../../kernel/api";
import { kernelApi } from "../bundle";
import { defineModel } from "./define";
import { Layout, type DomState } from "./controls";

/** One output in nbformat's shape, as the `outputs` state holds it. */
export type OutputItem = Record<string, unknown> & { output_type: string };

export interface OutputState extends DomState {
  msgId: string;
  outputs: OutputItem[];
}

const OutputBase = defineModel<OutputState, "layout">({
  spec: {
    modelName: "OutputModel",
    modelModule: "@jupyter-widgets/output",
    modelModuleVersion: "1.0.0",
    viewName: "OutputView",
    viewModule: "@jupyter-widgets/output",
    viewModuleVersion: "1.0.0",
  },
  defaults: { _domClasses: [], tabbable: null, tooltip: null, msgId: "", outputs: [] },
  refs: { layout: () => new Layout() },
});

/** An output area as a widget: `capture(fn)` shows in it whatever `fn` displays or prints. */
export class Output extends OutputBase {
  private depth = 0;

  /**
   * Runs `fn` with this widget catching the current request's outputs (sync code, and async code until the kernel
   * moves on to another request: its outputs then belong to that one). Outside a kernel it just runs `fn`.
   */
  capture<T>(fn: () => T): T {
    const id = kernelApi().parentMsgId();
    if (!id) return fn();
    this.depth++;
    this.msgId = id;
    const done = () => {
      if (--this.depth === 0) this.msgId = "";
    };
    let result: T;
    try {
      result = fn();
    } catch (e) {
      done();
      throw e;
    }
    if (result instanceof Promise) return result.finally(done) as T;
    done();
    return result;
  }

  /** Clears the widget's outputs; with `wait`, only when the next output arrives (no flicker). */
  clear(wait = false): void {
    if (this.msgId) kernelApi().clearOutput(wait);
    else this.outputs = [];
  }

  /** Appends displays directly to the synced `outputs` (no request needed: works from timers, and is saved). */
  appendDisplay(...bundles: MimeBundle[]): void {
    this.outputs = [...this.outputs, ...bundles.map(displayItem)];
  }

  /** Replaces the outputs by `bundles` in one update (a figure redrawn from a callback, saved with the state). */
  replaceDisplays(...bundles: MimeBundle[]): void {
    this.outputs = bundles.map(displayItem);
  }
}

function displayItem(bundle: MimeBundle): OutputItem {
  return { output_type: "display_data", data: kernelApi().normalizeBundle(bundle), metadata: {} };
}
