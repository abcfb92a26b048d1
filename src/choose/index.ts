/** From the study to a decision: choose an architecture for your own images. The pure part (no
 * TensorFlow): intervals, the Pareto front, the recommendation, the ranking check, the decision. */
export {
  INTERVAL_METHODS,
  accuracyInterval,
  clopperPearsonInterval,
  wilsonInterval,
  type IntervalMethod,
  type ProportionInterval,
} from "./interval";
export { dominates, paretoFront, type CostPoint } from "./pareto";
export {
  recommend,
  withinBestInterval,
  type Choice,
  type IntervalChoice,
  type Recommendation,
  type RecommendOptions,
} from "./recommend";
export { rankingHeld, type RankingHeld } from "./ranking";
export { benchmarkStanding, type BenchmarkStanding } from "./standing";
export {
  COST_AXES,
  decide,
  decisionNotes,
  type BaselineRow,
  type CandidateRow,
  type CostAxis,
  type Decision,
  type DecisionOptions,
  type MeasuredCandidate,
} from "./decision";
