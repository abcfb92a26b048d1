/** The commands' JSON output: library objects are camelCase, the command's JSON is snake_case (DESIGN.md). */

/** "bHyponymsOfA" -> "b_hyponyms_of_a". */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A copy of `value` with every object key in snake_case, at every depth. Only for objects whose keys are
 * field names: keys that carry data (ids, names) pass unchanged only when they hold no capital letter. */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [snakeCase(k), snakeCaseKeys(v)]),
  );
}
