/** Did a run learn? A verdict from its final test accuracy and its training losses (no TensorFlow), so
 * that records, the report and the notebooks mark runs that stayed at chance. */
import { binomialQuantile } from "../analysis/binomial";

/** A run left chance when its test accuracy is above this two-sided binomial interval of chance. */
export const CHANCE_INTERVAL_LEVEL = 0.99;
/** The training loss "left ln(classes)" once an epoch's mean fell below this fraction of ln(classes).
 * At chance the epoch mean sits at ln C (uniform predictions give exactly ln C, with or without label
 * smoothing); averaged over an epoch of a few hundred images its noise is about 0.01-0.02, so 5% of
 * ln C (0.115 for 10 classes) is many standard errors away from chance, yet any real learning passes it. */
export const LOSS_LEFT_FRACTION = 0.95;

export interface LearnedVerdict {
  learned: boolean;
  /** Why, in a sentence naming the numbers. */
  reason: string;
  /** The CHANCE_INTERVAL_LEVEL interval of the accuracy of guessing (1/classes) on testCount items. */
  chance: { lo: number; hi: number };
}

/** The accuracies a guesser (p = 1/classes) reaches on `n` items with probability `level`, two-sided. */
export function chanceInterval(
  n: number,
  classes: number,
  level = CHANCE_INTERVAL_LEVEL,
): { lo: number; hi: number } {
  const tail = (1 - level) / 2;
  return {
    lo: binomialQuantile(tail, n, 1 / classes) / n,
    hi: binomialQuantile(1 - tail, n, 1 / classes) / n,
  };
}

/** The verdict for a finished run: it learned when its final test accuracy lies above the chance interval
 * and some epoch's mean training loss fell below LOSS_LEFT_FRACTION x ln(classes). */
export function learnedVerdict(run: {
  finalTestAcc: number;
  testCount: number;
  numClasses: number;
  trainLosses: readonly number[];
}): LearnedVerdict {
  const chance = chanceInterval(run.testCount, run.numClasses);
  const lnC = Math.log(run.numClasses);
  const lowest = Math.min(...run.trainLosses);
  const acc = run.finalTestAcc;
  const interval = `${(100 * CHANCE_INTERVAL_LEVEL).toFixed(0)}% interval of chance [${chance.lo.toFixed(3)}, ${chance.hi.toFixed(3)}] on ${run.testCount} test items`;
  if (!(acc > chance.hi))
    return {
      learned: false,
      reason: `test accuracy ${acc.toFixed(3)} is ${acc < chance.lo ? "below" : "within"} the ${interval}`,
      chance,
    };
  if (!(lowest < LOSS_LEFT_FRACTION * lnC))
    return {
      learned: false,
      reason: `training loss never fell below ${LOSS_LEFT_FRACTION} x ln(${run.numClasses}) = ${(LOSS_LEFT_FRACTION * lnC).toFixed(3)} (lowest epoch mean ${lowest.toFixed(3)})`,
      chance,
    };
  return {
    learned: true,
    reason: `test accuracy ${acc.toFixed(3)} is above the ${interval}; lowest epoch-mean training loss ${lowest.toFixed(3)} < ${(LOSS_LEFT_FRACTION * lnC).toFixed(3)}`,
    chance,
  };
}
