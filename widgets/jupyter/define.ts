/** Typed widget classes from a model spec and default state: `slider.value` is a number, and observe knows it. */
import { WidgetModel, type Change, type ModelSpec } from "./model";

/** A widget whose synced properties are `S`, typed on the instance and in `observe`. */
export type Widget<S> = WidgetModel &
  S & {
    observe<K extends keyof S & string>(
      names: K | readonly K[],
      fn: (change: Change<S[K]>) => void,
    ): () => void;
  };

/** The class a definition makes: `new IntSlider({ value: 3, max: 10 })`. */
export type WidgetClass<S> = new (init?: Partial<S>) => Widget<S>;

/** How a model is defined: its front-end classes, default state, sub-models made per instance, unsynced keys. */
export interface ModelDefinition<S, R extends keyof S> {
  spec: ModelSpec;
  defaults: Omit<S, R>;
  /** Makes a fresh sub-model (layout, style) for each instance that was not given one. */
  refs?: { [K in R]: () => S[K] };
  /** Properties that stay in the kernel (a selection's `value`; the wire carries its index). */
  kernelOnly?: ReadonlyArray<keyof S & string>;
}

/** Makes the class of a model: each state key becomes a typed property whose setter syncs it. */
export function defineModel<S extends object, R extends keyof S = never>(
  def: ModelDefinition<S, R>,
): WidgetClass<S> {
  const refs = (def.refs ?? {}) as Record<string, () => unknown>;
  class Model extends WidgetModel {
    constructor(init: Partial<S> = {}) {
      const values: Record<string, unknown> = { ...def.defaults };
      for (const [k, v] of Object.entries(init)) if (v !== undefined) values[k] = v;
      for (const [k, make] of Object.entries(refs)) values[k] ??= make();
      super(def.spec, values, def.kernelOnly);
    }
  }
  for (const key of [...Object.keys(def.defaults), ...Object.keys(refs)])
    Object.defineProperty(Model.prototype, key, {
      get(this: WidgetModel) {
        return this.get(key);
      },
      set(this: WidgetModel, value: unknown) {
        this.set(key, value);
      },
      configurable: true,
    });
  return Model as unknown as WidgetClass<S>;
}

/** The spec of a model in @jupyter-widgets/controls 2.0 (its view has the same name, ending in View). */
export function controlsSpec(name: string): ModelSpec {
  return {
    modelName: `${name}Model`,
    modelModule: "@jupyter-widgets/controls",
    modelModuleVersion: "2.0.0",
    viewName: `${name}View`,
    viewModule: "@jupyter-widgets/controls",
    viewModuleVersion: "2.0.0",
  };
}
