/** Command-line parsing shared by every subcommand: flags, values, repeated options; bad usage throws InputError. */
import { InputError } from "../src/errors";

export interface OptionSpec {
  /** "flag" takes no value; "value" takes one; "list" may repeat. */
  kind: "flag" | "value" | "list";
}

export interface ParsedArgs {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
}

/** Parses `argv` against `spec` (names without the leading `--`); unknown options throw InputError. */
export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Set(), values: new Map(), lists: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const opt = spec[name];
    if (!opt) throw new InputError(`unknown option --${name}`);
    if (opt.kind === "flag") {
      if (eq >= 0) throw new InputError(`--${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    const value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new InputError(`--${name} needs a value`);
    if (opt.kind === "value") out.values.set(name, value);
    else out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
  }
  return out;
}

/** The value of `--name` as a whole number in [min, max], or `fallback` when absent. */
export function intOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** The value of `--name` as a finite number >= `min`, or undefined when absent. */
export function numberOption(args: ParsedArgs, name: string, min = -Infinity): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < min)
    throw new InputError(`--${name} must be a number >= ${min}, got "${raw}"`);
  return n;
}

/** The value of `--name` if it is one of `choices`, or `fallback` when absent. */
export function choiceOption<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw))
    throw new InputError(`--${name} must be one of ${choices.join(", ")}, got "${raw}"`);
  return raw as T;
}

/** `--name` as a comma-separated list of `choices`; all of them when absent. */
export function choiceListOption<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
): T[] {
  const raw = args.values.get(name);
  if (raw === undefined) return [...choices];
  const items = raw.split(",").map((s) => s.trim());
  const bad = items.find((item) => !(choices as readonly string[]).includes(item));
  if (bad !== undefined)
    throw new InputError(
      `--${name} takes a comma-separated list of ${choices.join(", ")}, got "${bad}"`,
    );
  return items as T[];
}
