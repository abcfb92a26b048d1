/**
 * Spells out shorthand properties (`{ seed }` -> `{ seed: seed }`) before tslab converts a cell: its converter
 * rewrites a use of an earlier cell's variable to `exports.seed`, but misses the shorthand form, which then throws
 * "seed is not defined" at run time. Lines stay where they are, so errors still point at the cell's own lines.
 */
import * as ts from "@tslab/typescript-for-tslab";

/** `source` with every shorthand property assignment written as `name: name`. */
export function expandShorthandProperties(source: string): string {
  const file = ts.createSourceFile(
    "cell.ts",
    source,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  const at: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) at.push(node.name.getStart(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const pos of at.sort((a, b) => b - a)) {
    const name = /^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200c\u200d]*/u.exec(
      out.slice(pos),
    )![0];
    out = `${out.slice(0, pos)}${name}: ${out.slice(pos)}`;
  }
  return out;
}
