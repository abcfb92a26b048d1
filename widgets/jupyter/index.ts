/**
 * Jupyter widgets from TypeScript ("imagenot-lab/jupyter-widgets"): typed ipywidgets-style controls that speak the
 * Jupyter widget message protocol 2.1 over the imagenot-ts kernel's comms, so they work in any front end running
 * the standard widget manager (JupyterLab, Notebook 7, VS Code, exported HTML with @jupyter-widgets/html-manager).
 */
import { registerControlTarget } from "./model";

export {
  WidgetModel,
  widgetStates,
  widgetStateDocument,
  wireName,
  propertyName,
  PROTOCOL_VERSION,
  WIDGET_TARGET,
  CONTROL_TARGET,
  VIEW_MIME,
  STATE_MIME,
  type Change,
  type ModelSpec,
  type ModelState,
} from "./model";
export {
  defineModel,
  controlsSpec,
  type Widget,
  type WidgetClass,
  type ModelDefinition,
} from "./define";
export {
  Layout,
  DescriptionStyle,
  SliderStyle,
  CheckboxStyle,
  ToggleButtonsStyle,
  ButtonStyle,
  TextStyle,
  HTMLStyle,
  LabelStyle,
  IntSlider,
  FloatSlider,
  IntRangeSlider,
  Checkbox,
  Text,
  Label,
  HTML,
  Play,
  Button,
  Dropdown,
  ToggleButtons,
  SelectMultiple,
  HBox,
  VBox,
  Tab,
  type ValueWidget,
  type LayoutState,
  type DomState,
  type DescriptionState,
  type IntSliderState,
  type FloatSliderState,
  type IntRangeSliderState,
  type CheckboxState,
  type TextState,
  type LabelState,
  type HTMLState,
  type PlayState,
  type ButtonState,
  type DropdownState,
  type ToggleButtonsState,
  type SelectMultipleState,
  type BoxState,
  type TabState,
} from "./controls";
export { Output, type OutputState, type OutputItem } from "./output";
export { link, interact, type Link, type Interactive, type ControlValues } from "./interact";

// A page reloaded before any widget is made still finds the control target, once this module is loaded.
registerControlTarget();
