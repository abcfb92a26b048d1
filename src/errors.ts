/** The two kinds of failure every command and library function reports, each with its exit code. */

/** Bad usage or bad input (an option, a file, a dataset, a setting): exit 2 with a one-line reason naming it. */
export class InputError extends Error {
  override name = "InputError";
  readonly exitCode = 2;
}

/** A failure of the work itself (a diverged run, a failed job): exit 1 with a one-line reason. */
export class WorkError extends Error {
  override name = "WorkError";
  readonly exitCode = 1;
}
