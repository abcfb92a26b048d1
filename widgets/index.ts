/** The widgets: views (pure functions from plain data to Plotly figures), rendering, display and export. */
export {
  baseLayout,
  BASE_CONFIG,
  PALETTE,
  colorAt,
  axis,
  type Figure,
  type Trace,
  type PlotlyObject,
} from "./figure";
export {
  plotlySource,
  plotlyScript,
  figureHtml,
  reportHtml,
  writeReport,
  writeFigureHtml,
  escapeHtml,
  type Report,
  type ReportSection,
} from "./html";
export { figureBundle, figureSummary, show, update, PLOTLY_MIME } from "./bundle";
export { isFigure, isRunRecord, runSummary } from "./formatters";
export { figurePng, figurePngBytes, type PngOptions } from "./png";
export {
  improvementView,
  type ImprovementInput,
  type ImprovementSeries,
} from "./views/improvement";
export {
  accuracyScatterView,
  fittedPair,
  type ScatterInput,
  type ScatterPair,
  type ScatterPoint,
  type FitLine,
} from "./views/scatter";
export { rankBumpView, type BumpInput } from "./views/bump";
export {
  trainingCurvesView,
  liveTrainingView,
  type TrainingRun,
  type StepPoint,
  type EpochPoint,
  type LiveTraining,
  type LiveTrainingOptions,
} from "./views/training";
export {
  lexnameMixView,
  sunburstView,
  classCountsView,
  imageGridView,
  nearDuplicateGridView,
  type NamedCounts,
  type SunburstInput,
  type GridImage,
  type ImagePair,
} from "./views/datasets";
export { decisionView } from "./views/decision";
export { confusionMatrixView, type ConfusionInput } from "./views/confusion";
export { tableView, type TableSource, type DataFrameLike } from "./views/table";
export { studyViews, type StudyInput, type StudyState, type StudyViews } from "./interactive/study";
export { studyPanel, type StudyPanel } from "./interactive/study-panel";
