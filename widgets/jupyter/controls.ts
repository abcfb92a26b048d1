/**
 * The controls, with the model names, modules and versions of @jupyter-widgets/controls 2.0 and base 2.0 and the
 * state keys of ipywidgets 8 (camelCase here, snake_case on the wire).
 */
import { InputError } from "../../src/errors";
import { controlsSpec, defineModel, type Widget } from "./define";
import type { ModelSpec, WidgetModel } from "./model";

const BASE = "@jupyter-widgets/base";
const CONTROLS = "@jupyter-widgets/controls";

function styleSpec(name: string): ModelSpec {
  return {
    modelName: `${name}Model`,
    modelModule: CONTROLS,
    modelModuleVersion: "2.0.0",
    viewName: "StyleView",
    viewModule: BASE,
    viewModuleVersion: "2.0.0",
  };
}

type Css = string | null;

/** CSS layout of a view (base LayoutModel): sizes, margins, flexbox and grid settings. */
export interface LayoutState {
  alignContent: Css;
  alignItems: Css;
  alignSelf: Css;
  borderBottom: Css;
  borderLeft: Css;
  borderRight: Css;
  borderTop: Css;
  bottom: Css;
  display: Css;
  flex: Css;
  flexFlow: Css;
  gridArea: Css;
  gridAutoColumns: Css;
  gridAutoFlow: Css;
  gridAutoRows: Css;
  gridColumn: Css;
  gridGap: Css;
  gridRow: Css;
  gridTemplateAreas: Css;
  gridTemplateColumns: Css;
  gridTemplateRows: Css;
  height: Css;
  justifyContent: Css;
  justifyItems: Css;
  left: Css;
  margin: Css;
  maxHeight: Css;
  maxWidth: Css;
  minHeight: Css;
  minWidth: Css;
  objectFit: Css;
  objectPosition: Css;
  order: Css;
  overflow: Css;
  padding: Css;
  right: Css;
  top: Css;
  visibility: Css;
  width: Css;
}

const LAYOUT_KEYS = [
  "alignContent",
  "alignItems",
  "alignSelf",
  "borderBottom",
  "borderLeft",
  "borderRight",
  "borderTop",
  "bottom",
  "display",
  "flex",
  "flexFlow",
  "gridArea",
  "gridAutoColumns",
  "gridAutoFlow",
  "gridAutoRows",
  "gridColumn",
  "gridGap",
  "gridRow",
  "gridTemplateAreas",
  "gridTemplateColumns",
  "gridTemplateRows",
  "height",
  "justifyContent",
  "justifyItems",
  "left",
  "margin",
  "maxHeight",
  "maxWidth",
  "minHeight",
  "minWidth",
  "objectFit",
  "objectPosition",
  "order",
  "overflow",
  "padding",
  "right",
  "top",
  "visibility",
  "width",
] as const;

/** The base LayoutModel: every view has one. */
export const Layout = defineModel<LayoutState>({
  spec: {
    modelName: "LayoutModel",
    modelModule: BASE,
    modelModuleVersion: "2.0.0",
    viewName: "LayoutView",
    viewModule: BASE,
    viewModuleVersion: "2.0.0",
  },
  defaults: Object.fromEntries(LAYOUT_KEYS.map((k) => [k, null])) as unknown as LayoutState,
});
export type Layout = InstanceType<typeof Layout>;

/** A description's width (DescriptionStyleModel). */
export interface DescriptionStyleState {
  descriptionWidth: string;
}
const descriptionStyle: DescriptionStyleState = { descriptionWidth: "" };

export const DescriptionStyle = defineModel<DescriptionStyleState>({
  spec: styleSpec("DescriptionStyle"),
  defaults: descriptionStyle,
});
export type DescriptionStyle = InstanceType<typeof DescriptionStyle>;

export const SliderStyle = defineModel<DescriptionStyleState & { handleColor: Css }>({
  spec: styleSpec("SliderStyle"),
  defaults: { ...descriptionStyle, handleColor: null },
});
export type SliderStyle = InstanceType<typeof SliderStyle>;

export const CheckboxStyle = defineModel<DescriptionStyleState & { background: Css }>({
  spec: styleSpec("CheckboxStyle"),
  defaults: { ...descriptionStyle, background: null },
});
export type CheckboxStyle = InstanceType<typeof CheckboxStyle>;

export const ToggleButtonsStyle = defineModel<
  DescriptionStyleState & { buttonWidth: string; fontWeight: string }
>({
  spec: styleSpec("ToggleButtonsStyle"),
  defaults: { ...descriptionStyle, buttonWidth: "", fontWeight: "" },
});
export type ToggleButtonsStyle = InstanceType<typeof ToggleButtonsStyle>;

interface FontState {
  fontFamily: Css;
  fontSize: Css;
  fontStyle: Css;
  fontVariant: Css;
  fontWeight: Css;
  textColor: Css;
  textDecoration: Css;
}
const font: FontState = {
  fontFamily: null,
  fontSize: null,
  fontStyle: null,
  fontVariant: null,
  fontWeight: null,
  textColor: null,
  textDecoration: null,
};

export const ButtonStyle = defineModel<FontState & { buttonColor: Css }>({
  spec: styleSpec("ButtonStyle"),
  defaults: { ...font, buttonColor: null },
});
export type ButtonStyle = InstanceType<typeof ButtonStyle>;

type TextLikeStyleState = DescriptionStyleState & {
  background: Css;
  fontSize: Css;
  textColor: Css;
};
const textLikeStyle: TextLikeStyleState = {
  ...descriptionStyle,
  background: null,
  fontSize: null,
  textColor: null,
};

export const TextStyle = defineModel<TextLikeStyleState>({
  spec: styleSpec("TextStyle"),
  defaults: textLikeStyle,
});
export type TextStyle = InstanceType<typeof TextStyle>;

export const HTMLStyle = defineModel<TextLikeStyleState>({
  spec: styleSpec("HTMLStyle"),
  defaults: textLikeStyle,
});
export type HTMLStyle = InstanceType<typeof HTMLStyle>;

export const LabelStyle = defineModel<DescriptionStyleState & FontState & { background: Css }>({
  spec: styleSpec("LabelStyle"),
  defaults: { ...descriptionStyle, ...font, background: null },
});
export type LabelStyle = InstanceType<typeof LabelStyle>;

/** What every view has (DOMWidget): CSS classes, a layout, keyboard focus and a tooltip. */
export interface DomState {
  _domClasses: string[];
  layout: Layout;
  tabbable: boolean | null;
  tooltip: string | null;
}
const dom = { _domClasses: [] as string[], tabbable: null, tooltip: null };
const newLayout = () => new Layout();

/** A labelled control (DescriptionWidget). */
export interface DescriptionState<Style> extends DomState {
  description: string;
  descriptionAllowHtml: boolean;
  style: Style;
}
const described = { ...dom, description: "", descriptionAllowHtml: false };

interface SliderState<T> extends DescriptionState<SliderStyle> {
  value: T;
  min: number;
  max: number;
  step: number;
  orientation: "horizontal" | "vertical";
  readout: boolean;
  readoutFormat: string;
  continuousUpdate: boolean;
  disabled: boolean;
  behavior: "drag-tap" | "drag-snap" | "tap" | "drag" | "snap";
}
const slider = {
  ...described,
  min: 0,
  max: 100,
  step: 1,
  orientation: "horizontal" as const,
  readout: true,
  readoutFormat: "d",
  continuousUpdate: true,
  disabled: false,
  behavior: "drag-tap" as const,
};
const sliderRefs = { layout: newLayout, style: () => new SliderStyle() };

export type IntSliderState = SliderState<number>;
/** A slider of integers. */
export const IntSlider = defineModel<IntSliderState, "layout" | "style">({
  spec: controlsSpec("IntSlider"),
  defaults: { ...slider, value: 0 },
  refs: sliderRefs,
});
export type IntSlider = InstanceType<typeof IntSlider>;

export type FloatSliderState = SliderState<number>;
/** A slider of floats. */
export const FloatSlider = defineModel<FloatSliderState, "layout" | "style">({
  spec: controlsSpec("FloatSlider"),
  defaults: { ...slider, value: 0, step: 0.1, readoutFormat: ".2f" },
  refs: sliderRefs,
});
export type FloatSlider = InstanceType<typeof FloatSlider>;

export type IntRangeSliderState = SliderState<[number, number]>;
/** A slider selecting an integer interval [lower, upper]. */
export const IntRangeSlider = defineModel<IntRangeSliderState, "layout" | "style">({
  spec: controlsSpec("IntRangeSlider"),
  defaults: { ...slider, value: [25, 75] },
  refs: sliderRefs,
});
export type IntRangeSlider = InstanceType<typeof IntRangeSlider>;

export interface CheckboxState extends DescriptionState<CheckboxStyle> {
  value: boolean;
  disabled: boolean;
  indent: boolean;
}
/** A checkbox. */
export const Checkbox = defineModel<CheckboxState, "layout" | "style">({
  spec: controlsSpec("Checkbox"),
  defaults: { ...described, value: false, disabled: false, indent: true },
  refs: { layout: newLayout, style: () => new CheckboxStyle() },
});
export type Checkbox = InstanceType<typeof Checkbox>;

interface StringState<Style> extends DescriptionState<Style> {
  value: string;
  placeholder: string;
}
const stringDefaults = { ...described, value: "", placeholder: "\u200b" };

export interface TextState extends StringState<TextStyle> {
  disabled: boolean;
  continuousUpdate: boolean;
}
/** A one-line text box. */
export const Text = defineModel<TextState, "layout" | "style">({
  spec: controlsSpec("Text"),
  defaults: { ...stringDefaults, disabled: false, continuousUpdate: true },
  refs: { layout: newLayout, style: () => new TextStyle() },
});
export type Text = InstanceType<typeof Text>;

export type LabelState = StringState<LabelStyle>;
/** Plain text. */
export const Label = defineModel<LabelState, "layout" | "style">({
  spec: controlsSpec("Label"),
  defaults: stringDefaults,
  refs: { layout: newLayout, style: () => new LabelStyle() },
});
export type Label = InstanceType<typeof Label>;

export type HTMLState = StringState<HTMLStyle>;
/** HTML (the front end sanitises it; scripts do not run). */
export const HTML = defineModel<HTMLState, "layout" | "style">({
  spec: controlsSpec("HTML"),
  defaults: stringDefaults,
  refs: { layout: newLayout, style: () => new HTMLStyle() },
});
export type HTML = InstanceType<typeof HTML>;

export interface PlayState extends DescriptionState<DescriptionStyle> {
  value: number;
  min: number;
  max: number;
  step: number;
  interval: number;
  playing: boolean;
  repeat: boolean;
  showRepeat: boolean;
  disabled: boolean;
}
/** Play / pause / stop buttons stepping `value` every `interval` ms. */
export const Play = defineModel<PlayState, "layout" | "style">({
  spec: controlsSpec("Play"),
  defaults: {
    ...described,
    value: 0,
    min: 0,
    max: 100,
    step: 1,
    interval: 100,
    playing: false,
    repeat: false,
    showRepeat: true,
    disabled: false,
  },
  refs: { layout: newLayout, style: () => new DescriptionStyle() },
});
export type Play = InstanceType<typeof Play>;

export interface ButtonState extends DomState {
  description: string;
  disabled: boolean;
  icon: string;
  buttonStyle: "" | "primary" | "success" | "info" | "warning" | "danger";
  style: ButtonStyle;
}
const ButtonBase = defineModel<ButtonState, "layout" | "style">({
  spec: controlsSpec("Button"),
  defaults: { ...dom, description: "", disabled: false, icon: "", buttonStyle: "" },
  refs: { layout: newLayout, style: () => new ButtonStyle() },
});

/** A button; `onClick` handlers run when the front end reports a click. */
export class Button extends ButtonBase {
  private readonly clickHandlers: Array<(button: Button) => void> = [];

  constructor(init?: Partial<ButtonState>) {
    super(init);
    this.onCustom((content) => {
      if ((content as { event?: unknown } | null)?.event === "click") this.click();
    });
  }

  /** Calls `handler` on every click. */
  onClick(handler: (button: Button) => void): void {
    this.clickHandlers.push(handler);
  }

  /** Runs the click handlers, as a click in the page does. */
  click(): void {
    for (const h of this.clickHandlers) h(this);
  }
}

// Selections: the kernel holds the options and the selected value; the wire carries labels and indices.
interface SelectionState<V, I, Style = DescriptionStyle> extends DescriptionState<Style> {
  options: readonly string[];
  value: V;
  index: I;
  _optionsLabels: readonly string[];
  disabled: boolean;
}

function optionIndex(options: readonly string[], value: string, who: string): number {
  const i = options.indexOf(value);
  if (i < 0)
    throw new InputError(
      `${who}: ${JSON.stringify(value)} is not one of ${JSON.stringify(options)}`,
    );
  return i;
}

/** The consistent initial value/index/labels of a single selection (the first option by default). */
function singleInit(
  init: { options?: readonly string[]; value?: string | null; index?: number | null },
  who: string,
) {
  const options = init.options ?? [];
  const index =
    init.value != null
      ? optionIndex(options, init.value, who)
      : (init.index ?? (options.length ? 0 : null));
  const value = index === null ? null : options[index];
  return { options, index, value, _optionsLabels: [...options] };
}

/** Keeps value, index and labels in step whichever side changes one. */
function syncSingle<Style>(
  w: WidgetModel & SelectionState<string | null, number | null, Style>,
  who: string,
): void {
  w.observe("index", () => (w.value = w.index === null ? null : (w.options[w.index] ?? null)));
  w.observe(
    "value",
    () => (w.index = w.value === null ? null : optionIndex(w.options, w.value, who)),
  );
  w.observe("options", () => {
    w._optionsLabels = [...w.options];
    w.index = w.value !== null && w.options.includes(w.value) ? w.options.indexOf(w.value) : null;
    if (w.index === null && w.options.length) w.index = 0;
  });
}

const selection = { ...described, options: [] as readonly string[], disabled: false };

export type DropdownState = SelectionState<string | null, number | null>;
const DropdownBase = defineModel<DropdownState, "layout" | "style">({
  spec: controlsSpec("Dropdown"),
  defaults: { ...selection, value: null, index: null, _optionsLabels: [] },
  refs: { layout: newLayout, style: () => new DescriptionStyle() },
  kernelOnly: ["options", "value"],
});
/** A drop-down list of options; `value` is the selected option. */
export class Dropdown extends DropdownBase {
  constructor(init: Partial<DropdownState> = {}) {
    super({ ...init, ...singleInit(init, "Dropdown") });
    syncSingle(this, "Dropdown");
  }
}

export interface ToggleButtonsState extends SelectionState<
  string | null,
  number | null,
  ToggleButtonsStyle
> {
  tooltips: string[];
  icons: string[];
  buttonStyle: "" | "primary" | "success" | "info" | "warning" | "danger";
}
const ToggleButtonsBase = defineModel<ToggleButtonsState, "layout" | "style">({
  spec: controlsSpec("ToggleButtons"),
  defaults: {
    ...selection,
    value: null,
    index: null,
    _optionsLabels: [],
    tooltips: [],
    icons: [],
    buttonStyle: "",
  },
  refs: { layout: newLayout, style: () => new ToggleButtonsStyle() },
  kernelOnly: ["options", "value"],
});
/** One button per option, one of them pressed. */
export class ToggleButtons extends ToggleButtonsBase {
  constructor(init: Partial<ToggleButtonsState> = {}) {
    super({ ...init, ...singleInit(init, "ToggleButtons") });
    syncSingle(this, "ToggleButtons");
  }
}

export interface SelectMultipleState extends SelectionState<string[], number[]> {
  rows: number;
}
const SelectMultipleBase = defineModel<SelectMultipleState, "layout" | "style">({
  spec: controlsSpec("SelectMultiple"),
  defaults: { ...selection, value: [], index: [], _optionsLabels: [], rows: 5 },
  refs: { layout: newLayout, style: () => new DescriptionStyle() },
  kernelOnly: ["options", "value"],
});
/** A list box where several options can be selected; `value` lists them in option order. */
export class SelectMultiple extends SelectMultipleBase {
  constructor(init: Partial<SelectMultipleState> = {}) {
    const options = init.options ?? [];
    const index = init.value
      ? init.value.map((v) => optionIndex(options, v, "SelectMultiple"))
      : (init.index ?? []);
    super({
      ...init,
      options,
      index,
      value: index.map((i) => options[i]),
      _optionsLabels: [...options],
    });
    this.observe("index", () => (this.value = this.index.map((i) => this.options[i])));
    this.observe(
      "value",
      () => (this.index = this.value.map((v) => optionIndex(this.options, v, "SelectMultiple"))),
    );
    this.observe("options", () => {
      this._optionsLabels = [...this.options];
      this.value = this.value.filter((v) => this.options.includes(v));
      this.index = this.value.map((v) => this.options.indexOf(v));
    });
  }
}

/** A container's state (BoxModel): its children and a preset border style. */
export interface BoxState extends DomState {
  children: WidgetModel[];
  boxStyle: "" | "success" | "info" | "warning" | "danger";
}
const box = { ...dom, children: [] as WidgetModel[], boxStyle: "" as const };

/** Children side by side. */
export const HBox = defineModel<BoxState, "layout">({
  spec: controlsSpec("HBox"),
  defaults: box,
  refs: { layout: newLayout },
});
export type HBox = InstanceType<typeof HBox>;

/** Children one above the other. */
export const VBox = defineModel<BoxState, "layout">({
  spec: controlsSpec("VBox"),
  defaults: box,
  refs: { layout: newLayout },
});
export type VBox = InstanceType<typeof VBox>;

export interface TabState extends BoxState {
  titles: string[];
  selectedIndex: number | null;
}
/** One child at a time, chosen by tab titles. */
export const Tab = defineModel<TabState, "layout">({
  spec: controlsSpec("Tab"),
  defaults: { ...box, titles: [], selectedIndex: null },
  refs: { layout: newLayout },
});
export type Tab = InstanceType<typeof Tab>;

/** A widget with a `value`, as interact and link take it. */
export type ValueWidget<T = unknown> = Widget<{ value: T }>;
