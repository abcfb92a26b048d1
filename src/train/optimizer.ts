/** The trainer's optimizers as torch.optim computes them: SGD, momentum, Adam and RMSprop with coupled L2
 * weight decay, AdamW with decoupled decay.
 * Ours rather than tf.train's because the learning rate must change every step (schedules, a separate
 * backbone rate) and a checkpoint must restore the state bit for bit: tf.train.adam rebuilds its bias
 * correction with pow() on restore, which differs in the last bits from the running product it kept. */
import * as tf from "@tensorflow/tfjs";

import { OPTIMIZERS, type OptimizerName } from "./settings";

export interface OptimizerOptions {
  /** Weight decay added to the gradient as `weightDecay * w` (torch's `weight_decay`); 0 by default. */
  weightDecay?: number;
  /** Momentum factor for "momentum" (0.9 by default) and "rmsprop" (0 by default, as torch). */
  momentum?: number;
  /** Adam's and AdamW's moment decay rates (0.9, 0.999 as in torch). */
  beta1?: number;
  beta2?: number;
  /** Added to the denominator (1e-8 as in torch, for Adam, AdamW and RMSprop). */
  epsilon?: number;
  /** RMSprop's smoothing constant for the mean square (0.99 as in torch). */
  alpha?: number;
  /** Most elements updated as one flat vector (about 4 million by default): variables are concatenated up
   * to this size, so larger groups mean fewer kernel calls and more transient memory. */
  groupElements?: number;
}

/** Optimizer state as plain data: the step count and one list of slot arrays per slot kind. */
export interface OptimizerState {
  name: OptimizerName;
  steps: number;
  /** slot kind ("momentum", "m", "v", "square") -> one Float32Array per variable, in variable order. */
  slots: Record<string, Float32Array[]>;
}

/** Updates a fixed list of variables from their gradients. */
export interface TrainOptimizer {
  readonly name: OptimizerName;
  /** Steps taken so far. */
  readonly steps: number;
  /** One update with learning rate `lr`; `grads[i]` belongs to the i-th variable. A variable without a
   * gradient (undefined: it did not affect the loss) is left alone, slots and all, as torch does. */
  apply(grads: readonly (tf.Tensor | undefined)[], lr: number): void;
  /** A copy of the state for a checkpoint. */
  state(): Promise<OptimizerState>;
  /** Continues from a saved state (same variables in the same order). */
  restore(state: OptimizerState): void;
  dispose(): void;
}

const SLOT_KINDS: Record<OptimizerName, readonly string[]> = {
  sgd: [],
  momentum: ["momentum"],
  adam: ["m", "v"],
  rmsprop: ["square", "momentum"],
  adamw: ["m", "v"],
};

/** An optimizer of kind `name` for `variables` (their order is the order of gradients and saved slots). */
export function makeOptimizer(
  name: OptimizerName,
  variables: readonly tf.Variable[],
  opts: OptimizerOptions = {},
): TrainOptimizer {
  if (!OPTIMIZERS.includes(name))
    throw new RangeError(`optimizer must be one of ${OPTIMIZERS.join(", ")}, got "${name}"`);
  const weightDecay = opts.weightDecay ?? 0;
  const momentum = opts.momentum ?? (name === "rmsprop" ? 0 : 0.9);
  const beta1 = opts.beta1 ?? 0.9,
    beta2 = opts.beta2 ?? 0.999,
    epsilon = opts.epsilon ?? 1e-8,
    alpha = opts.alpha ?? 0.99;
  const groupElements = opts.groupElements ?? 1 << 22;
  if (!(Number.isInteger(groupElements) && groupElements > 0))
    throw new RangeError(`groupElements must be a positive whole number, got ${groupElements}`);
  // AdamW shrinks the weights before its update; the others add the decay to the gradient (L2).
  const coupledDecay = name !== "adamw" && weightDecay !== 0;
  const kinds = SLOT_KINDS[name];
  let slots: Record<string, tf.Variable[]> = Object.fromEntries(
    kinds.map((k) => [k, variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)))]),
  );
  let steps = 0;

  return {
    name,
    get steps() {
      return steps;
    },
    apply(grads, lr) {
      if (grads.length !== variables.length)
        throw new RangeError(
          `optimizer: ${grads.length} gradients for ${variables.length} variables`,
        );
      steps++;
      // Bias corrections in double precision from the step count, so a restored run computes the same numbers.
      const c1 = 1 - Math.pow(beta1, steps),
        c2 = 1 - Math.pow(beta2, steps);
      const update = (w: tf.Tensor, grad: tf.Tensor, slot: Record<string, tf.Tensor>) => {
        const g = coupledDecay ? tf.add(grad, tf.mul(w, weightDecay)) : grad;
        if (name === "sgd") return { w: tf.sub(w, tf.mul(g, lr)), slot };
        if (name === "momentum") {
          const buf = tf.add(tf.mul(slot.momentum, momentum), g);
          return { w: tf.sub(w, tf.mul(buf, lr)), slot: { momentum: buf } };
        }
        if (name === "rmsprop") {
          const square = tf.add(tf.mul(slot.square, alpha), tf.mul(tf.square(g), 1 - alpha));
          const step = tf.div(g, tf.add(tf.sqrt(square), epsilon));
          // torch keeps a momentum buffer only when momentum > 0; a zero buffer times 0 is the same.
          const buf = tf.add(tf.mul(slot.momentum, momentum), step);
          return { w: tf.sub(w, tf.mul(buf, lr)), slot: { square, momentum: buf } };
        }
        const shrunk = name === "adamw" && weightDecay !== 0 ? tf.mul(w, 1 - lr * weightDecay) : w;
        const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(g), 1 - beta2));
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(c2)), epsilon);
        return { w: tf.sub(shrunk, tf.mul(tf.div(m, denom), lr / c1)), slot: { m, v } };
      };
      // Elementwise, so a group of variables is updated as one flat vector: a few kernel calls per group
      // instead of a few per variable (an Inception step has some 300 variables).
      const live = variables.flatMap((_, i) => (grads[i] === undefined ? [] : [i]));
      for (const group of fusedGroups(live, variables, groupElements))
        tf.tidy(() => {
          const next = update(
            flatten(group.map((i) => variables[i])),
            flatten(group.map((i) => grads[i]!)),
            Object.fromEntries(kinds.map((k) => [k, flatten(group.map((i) => slots[k][i]))])),
          );
          scatter(
            next.w,
            group.map((i) => variables[i]),
          );
          for (const k of kinds)
            scatter(
              next.slot[k],
              group.map((i) => slots[k][i]),
            );
        });
    },
    async state() {
      const out: Record<string, Float32Array[]> = {};
      for (const k of kinds)
        out[k] = await Promise.all(slots[k].map(async (s) => (await s.data()) as Float32Array));
      return { name, steps, slots: out };
    },
    restore(state) {
      if (state.name !== name)
        throw new RangeError(`optimizer state is for "${state.name}", this optimizer is "${name}"`);
      for (const k of kinds) {
        const saved = state.slots[k];
        if (!saved || saved.length !== variables.length)
          throw new RangeError(
            `optimizer state: slot "${k}" has ${saved?.length ?? 0} arrays for ${variables.length} variables`,
          );
        saved.forEach((a, i) => {
          if (a.length !== variables[i].size)
            throw new RangeError(
              `optimizer state: slot "${k}" #${i} has ${a.length} values, variable ${variables[i].name} has ${variables[i].size}`,
            );
        });
      }
      const next = Object.fromEntries(
        kinds.map((k) => [
          k,
          state.slots[k].map((a, i) =>
            tf.tidy(() => tf.variable(tf.tensor(a, variables[i].shape), false)),
          ),
        ]),
      );
      for (const k of kinds) tf.dispose(slots[k]);
      slots = next;
      steps = state.steps;
    },
    dispose() {
      for (const k of kinds) tf.dispose(slots[k]);
    },
  };
}

/** Consecutive runs of `indices` whose variables hold at most `limit` elements together (a larger variable
 * forms a group of its own). */
function fusedGroups(
  indices: readonly number[],
  variables: readonly tf.Tensor[],
  limit: number,
): number[][] {
  const groups: number[][] = [];
  let size = Infinity;
  for (const i of indices) {
    if (size + variables[i].size > limit) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(i);
    size += variables[i].size;
  }
  return groups;
}

/** The tensors' values end to end, as one vector. */
function flatten(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  const flat = tensors.map((t) => tf.reshape(t, [-1]) as tf.Tensor1D);
  return flat.length === 1 ? flat[0] : tf.concat1d(flat);
}

/** Assigns consecutive pieces of `flat` to `targets`, each in its own shape. */
function scatter(flat: tf.Tensor, targets: readonly tf.Variable[]): void {
  const pieces =
    targets.length === 1
      ? [flat]
      : tf.split(
          flat,
          targets.map((t) => t.size),
        );
  pieces.forEach((p, j) => targets[j].assign(tf.reshape(p, targets[j].shape)));
}
