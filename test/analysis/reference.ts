/** The reference tables read independently of our loaders, by Python's csv module, for scipy snippets. */
import { join } from "node:path";
import { ROOT } from "../helpers/cli";

export const FIGURE1_CSV = join(ROOT, "data", "reference", "imagenot_figure1.csv");
export const TESTBED_CSV = join(ROOT, "data", "reference", "imagenet_testbed_top1.csv");

/** Python that defines read_columns(path) -> (columns, {column: [float or None or str]}) skipping `#` lines. */
export const READ_COLUMNS_PY = `
import csv
def read_columns(path):
    with open(path) as f:
        rows = list(csv.reader(line for line in f if not line.startswith('#') and line.strip()))
    header, body = rows[0], rows[1:]
    def cell(v):
        if v == '': return None
        try: return float(v)
        except ValueError: return v
    return header, {h: [cell(r[i]) for r in body] for i, h in enumerate(header)}
def paired(cols, a, b):
    return [(x, y) for x, y in zip(cols[a], cols[b]) if x is not None and y is not None]
`;
