/** The study issue's budgets: wall-clock seconds for the whole study and the test accuracy floor each run
 * should reach, per dataset, for the quick and the full plan (src/study/plan.ts STUDY_SIZES). */
export const STUDY_TARGETS = {
  quick: { seconds: 600, floor: { mnist: 0.5, "fashion-mnist": 0.5 } },
  full: { seconds: 1800, floor: { mnist: 0.85, "fashion-mnist": 0.75 } },
} as const;
