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
      tf.tidy(() => {
        variables.forEach((w, i) => {
          const grad = grads[i];
          if (grad === undefined) return;
          const g = coupledDecay ? tf.add(grad, tf.mul(w, weightDecay)) : grad;
          if (name === "sgd") {
            w.assign(tf.sub(w, tf.mul(g, lr)));
          } else if (name === "momentum") {
            const buf = slots.momentum[i];
            buf.assign(tf.add(tf.mul(buf, momentum), g));
            w.assign(tf.sub(w, tf.mul(buf, lr)));
          } else if (name === "rmsprop") {
            const sq = slots.square[i],
              buf = slots.momentum[i];
            sq.assign(tf.add(tf.mul(sq, alpha), tf.mul(tf.square(g), 1 - alpha)));
            const step = tf.div(g, tf.add(tf.sqrt(sq), epsilon));
            // torch keeps a momentum buffer only when momentum > 0; a zero buffer times 0 is the same.
            buf.assign(tf.add(tf.mul(buf, momentum), step));
            w.assign(tf.sub(w, tf.mul(buf, lr)));
          } else {
            if (name === "adamw" && weightDecay !== 0) w.assign(tf.mul(w, 1 - lr * weightDecay));
            const m = slots.m[i],
              v = slots.v[i];
            m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
            v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
            const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(c2)), epsilon);
            w.assign(tf.sub(w, tf.mul(tf.div(m, denom), lr / c1)));
          }
        });
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
