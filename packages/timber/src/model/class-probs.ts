import { log1mExp, log1pExp } from "@wc/stats";

/** log sigma(x) = -log(1 + e^-x). */
export function logSigmoid(x: number): number {
  return -log1pExp(-x);
}

/** sigma(x) without overflow. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Multinomial (baseline-category) log class probabilities: eta_1 = 0, eta_2 = e2, eta_3 = e3.
 * Writes log pi into `out` (length 3).
 */
export function multinomialLogProbs(e2: number, e3: number, out: Float64Array): void {
  const mx = Math.max(0, e2, e3);
  const lse = mx + Math.log(Math.exp(-mx) + Math.exp(e2 - mx) + Math.exp(e3 - mx));
  out[0] = -lse;
  out[1] = e2 - lse;
  out[2] = e3 - lse;
}

/**
 * Ordinal (cumulative logit) log class probabilities P(L <= k) = sigma(c_k - eta), c1 < c2, and the
 * derivatives of each log pi_k with respect to a = c1 - eta and b = c2 - eta (written into
 * `da`, `db` when given).
 */
export function ordinalLogProbs(c1: number, c2: number, eta: number, out: Float64Array, da?: Float64Array, db?: Float64Array): void {
  const a = c1 - eta;
  const b = c2 - eta;
  out[0] = logSigmoid(a);
  out[2] = logSigmoid(-b);
  out[1] = logSigmoid(b) + logSigmoid(-a) + log1mExp(Math.min(a - b, 0));
  if (da && db) {
    const inv = 1 / Math.expm1(b - a);
    da[0] = sigmoid(-a);
    db[0] = 0;
    da[1] = -sigmoid(a) - inv;
    db[1] = sigmoid(-b) + inv;
    da[2] = 0;
    db[2] = -sigmoid(b);
  }
}
