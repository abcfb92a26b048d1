/**
 * The live test page, bundled with esbuild: the real widget managers from npm (@jupyter-widgets/html-manager,
 * which is ManagerBase with @jupyter-widgets/base, controls 2.0 and output 1.0) talking to the imagenot-ts kernel
 * through a real Jupyter server with @jupyterlab/services. Only the wiring of comms to the manager is ours, as
 * jupyterlab_widgets' KernelWidgetManager does it; window.lab is what the playwright test calls.
 */
import {
  KernelManager,
  ServerConnection,
  type Kernel,
  type KernelMessage,
} from "@jupyterlab/services";
import { shims, type DOMWidgetView, type WidgetModel } from "@jupyter-widgets/base";
import { HTMLManager } from "@jupyter-widgets/html-manager";
import { OutputModel } from "@jupyter-widgets/html-manager/lib/output";
import "@jupyter-widgets/controls/css/widgets.css";

const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/**
 * The Output model's msg_id routing, as jupyterlab_widgets' OutputModel does it: while msg_id is set, the kernel's
 * iopub messages with that parent go into the widget (html-manager renders `outputs` but has no kernel to hook).
 */
class KernelOutputModel extends OutputModel {
  private hooked = "";
  private readonly hook = (msg: KernelMessage.IIOPubMessage): boolean => {
    const type = msg.header.msg_type;
    if (type === "clear_output") this.outputs.clear((msg.content as { wait: boolean }).wait);
    else if (["display_data", "execute_result", "stream", "error"].includes(type))
      this.outputs.add({ ...(msg.content as object), output_type: type } as never);
    else return true;
    this.set("outputs", this.outputs.toJSON(), { newMessage: true });
    this.save_changes();
    return false;
  };

  override initialize(attributes: never, options: never): void {
    super.initialize(attributes, options);
    this.on("change:msg_id", () => this.rehook());
  }

  private rehook(): void {
    const kernel = (this.widget_manager as LiveManager).kernel;
    if (this.hooked) kernel.removeMessageHook(this.hooked, this.hook);
    this.hooked = this.get("msg_id");
    if (this.hooked) kernel.registerMessageHook(this.hooked, this.hook);
  }
}

class LiveManager extends HTMLManager {
  constructor(readonly kernel: Kernel.IKernelConnection) {
    super();
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      await this.handle_comm_open(new shims.services.Comm(comm), msg);
    });
  }

  override async _create_comm(
    target: string,
    modelId?: string,
    data?: unknown,
    metadata?: unknown,
    buffers?: ArrayBuffer[] | ArrayBufferView[],
  ): Promise<shims.services.Comm> {
    const comm = this.kernel.createComm(target, modelId);
    if (data || metadata) comm.open(data as never, metadata as never, buffers);
    return new shims.services.Comm(comm);
  }

  override async _get_comm_info(): Promise<Record<string, unknown>> {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }

  override loadClass(className: string, moduleName: string, moduleVersion: string): Promise<never> {
    if (moduleName === "@jupyter-widgets/output" && className === "OutputModel")
      return Promise.resolve(KernelOutputModel as never);
    return super.loadClass(className, moduleName, moduleVersion) as Promise<never>;
  }

  /** Restores every live model through the control comm (request_states), as a reloaded page does. */
  restore(): Promise<void> {
    return this._loadFromKernel();
  }
}

let manager: LiveManager;
const out = () => document.getElementById("out")!;

async function showView(modelId: string): Promise<void> {
  const model = await manager.get_model(modelId);
  const view = (await manager.create_view(model as WidgetModel)) as DOMWidgetView;
  const box = document.createElement("div");
  box.className = "view";
  box.dataset.modelId = modelId;
  out().appendChild(box);
  await manager.display_view(view, box);
}

const lab = {
  /** Connects to kernel `id` (or starts an imagenot-ts kernel); returns its id. */
  async connect(token: string, id?: string): Promise<string> {
    const serverSettings = ServerConnection.makeSettings({
      baseUrl: `${location.origin}/`,
      wsUrl: `ws://${location.host}/`,
      token,
      appendToken: true,
    });
    const kernels = new KernelManager({ serverSettings });
    await kernels.ready;
    const kernel = id
      ? kernels.connectTo({ model: { id, name: "imagenot-ts" } })
      : await kernels.startNew({ name: "imagenot-ts" });
    await kernel.info;
    manager = new LiveManager(kernel);
    return kernel.id;
  },

  /** Runs `code`; widget views it displays are shown in the page; returns the text outputs and the status. */
  async run(code: string): Promise<{ status: string; text: string[] }> {
    const text: string[] = [];
    const views: string[] = [];
    const future = manager.kernel.requestExecute({ code });
    future.onIOPub = (msg) => {
      const type = msg.header.msg_type;
      const content = msg.content as {
        data?: Record<string, unknown>;
        text?: string;
        evalue?: string;
      };
      if (type === "stream") text.push(content.text!);
      else if (type === "error") text.push(`error: ${content.evalue}`);
      else if (type === "display_data" || type === "execute_result") {
        const view = content.data![VIEW_MIME] as { model_id: string } | undefined;
        if (view) views.push(view.model_id);
        else text.push(String(content.data!["text/plain"]));
      }
    };
    const reply = await future.done;
    for (const id of views) await showView(id);
    return { status: reply.content.status, text };
  },

  /** After a reload: asks the kernel for every model (request_states) and shows the views of `ids`. */
  async restore(ids: string[]): Promise<string[]> {
    await manager.restore();
    for (const id of ids) await showView(id);
    return Object.keys((manager as unknown as { _models: Record<string, unknown> })._models);
  },

  /** A model's synced value of `key`, as the page's manager holds it. */
  async get(modelId: string, key: string): Promise<unknown> {
    return (await manager.get_model(modelId)).get(key);
  },
};

(window as unknown as { lab: typeof lab }).lab = lab;
