/**
 * The widget state a headless run saves, as Jupyter's "save widget state" does: the runner asks the kernel over the
 * widget control comm (request_states -> update_states, control protocol 1.0) and stores the answer in the
 * notebook's metadata as application/vnd.jupyter.widget-state+json, binary buffers as base64.
 */
import { randomUUID } from "node:crypto";
import type { KernelClient } from "../protocol/client";
import { newHeader, type Message } from "../protocol/wire";

/** The notebook metadata key (under metadata.widgets) of saved widget state. */
export const WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json";

interface UpdateStates {
  method: "update_states";
  states: Record<string, { state: Record<string, unknown>; buffers?: unknown[] }>;
  buffer_paths: Array<Array<string | number>>;
}

const CAPTURED = new Set(["display_data", "execute_result", "stream", "error", "clear_output"]);

/**
 * What a front end's Output widgets do with their msg_id, for a run with no front end (as nbclient does): while an
 * Output model's msg_id names a request, that request's outputs go into the Output, not the cell. The outputs end up
 * in the saved state.
 */
export class OutputWidgetRouter {
  private readonly outputModels = new Set<string>();
  private readonly capturing = new Map<string, string>();
  readonly outputs = new Map<string, Array<Record<string, unknown>>>();

  /** Takes `msg` if an Output widget catches it (true), after noting Output models and their msg_id changes. */
  take(msg: Message): boolean {
    const type = msg.header.msg_type;
    const c = msg.content as { comm_id?: string; data?: { state?: Record<string, unknown> } };
    const state = c.data?.state;
    if (type === "comm_open" && state?._model_name === "OutputModel")
      this.outputModels.add(c.comm_id!);
    if ((type === "comm_open" || type === "comm_msg") && this.outputModels.has(c.comm_id!)) {
      if (typeof state?.msg_id === "string") {
        for (const [id, model] of this.capturing)
          if (model === c.comm_id) this.capturing.delete(id);
        if (state.msg_id) this.capturing.set(state.msg_id, c.comm_id!);
      }
      return false;
    }
    const model = this.capturing.get(msg.parent_header.msg_id ?? "");
    if (!model || !CAPTURED.has(type)) return false;
    const list = this.outputs.get(model) ?? [];
    if (type === "clear_output") list.length = 0;
    else {
      const { transient: _, ...content } = msg.content as Record<string, unknown>;
      list.push({ output_type: type, ...content });
    }
    this.outputs.set(model, list);
    return true;
  }
}

/** Every live widget's state, or undefined when the kernel has no widgets (no control target, or none alive);
 * `router` adds what Output widgets caught during the run. */
export async function savedWidgetState(
  client: KernelClient,
  router?: OutputWidgetRouter,
  timeoutMs = 10_000,
): Promise<Record<string, unknown> | undefined> {
  const commId = randomUUID().replace(/-/g, "");
  const session = randomUUID();
  const send = (type: string, content: Record<string, unknown>, metadata = {}) =>
    client.send("shell", {
      header: newHeader(type, session, "imagenot-lab"),
      parent_header: {},
      metadata,
      content,
      buffers: [],
    });
  const listen = client.onIopub;
  const answer = new Promise<Message | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    client.onIopub = (msg) => {
      listen?.(msg);
      const c = msg.content as { comm_id?: string };
      if (c.comm_id !== commId) return;
      if (msg.header.msg_type === "comm_close" || msg.header.msg_type === "comm_msg") {
        clearTimeout(timer);
        resolve(msg.header.msg_type === "comm_msg" ? msg : undefined);
      }
    };
  });
  send(
    "comm_open",
    { comm_id: commId, target_name: "jupyter.widget.control", data: {} },
    { version: "1.0.0" },
  );
  send("comm_msg", { comm_id: commId, data: { method: "request_states" } });
  const msg = await answer.finally(() => (client.onIopub = listen));
  if (!msg) return undefined;
  send("comm_close", { comm_id: commId, data: {} });
  const data = (msg.content as { data: UpdateStates }).data;
  if (data.method !== "update_states" || Object.keys(data.states).length === 0) return undefined;
  for (const [id, outputs] of router?.outputs ?? [])
    if (data.states[id]) data.states[id].state.outputs = outputs;
  // Saved state keeps each model's buffers beside it: {path (within its state), data (base64), encoding}.
  data.buffer_paths.forEach((path, i) => {
    const [id, , ...rest] = path as [string, string, ...Array<string | number>];
    const model = data.states[id];
    (model.buffers ??= []).push({
      path: rest,
      data: Buffer.from(msg.buffers[i]).toString("base64"),
      encoding: "base64",
    });
  });
  return { version_major: 2, version_minor: 0, state: data.states };
}
