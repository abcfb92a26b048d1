/** The Pareto front of accuracy (higher is better) against cost (lower is better). */

/** A candidate as the front sees it. */
export interface CostPoint {
  accuracy: number;
  cost: number;
}

/** True when `a` is at least as good as `b` on both axes and better on one. */
export function dominates(a: CostPoint, b: CostPoint): boolean {
  return (
    a.accuracy >= b.accuracy && a.cost <= b.cost && (a.accuracy > b.accuracy || a.cost < b.cost)
  );
}

/** Indices of the points no other point dominates, in ascending order of cost (then of index); equal
 * points are all kept. */
export function paretoFront(points: readonly CostPoint[]): number[] {
  points.forEach((p, i) => {
    if (!Number.isFinite(p.accuracy) || !Number.isFinite(p.cost))
      throw new RangeError(`paretoFront: point ${i} has a non-finite accuracy or cost`);
  });
  return points
    .map((_, i) => i)
    .filter((i) => !points.some((q, j) => j !== i && dominates(q, points[i])))
    .sort((i, j) => points[i].cost - points[j].cost || i - j);
}
