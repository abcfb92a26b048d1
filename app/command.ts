/** What every subcommand in app/commands/ exports: its name, its --help text and how it runs. */
export interface Command {
  name: string;
  /** The full --help text. */
  usage: string;
  /** Runs with the arguments after the subcommand; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}
