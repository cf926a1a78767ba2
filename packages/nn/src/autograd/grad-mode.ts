let enabled = true;

/**
 * Whether operations currently record the graph for `backward()` (false inside {@link noGrad}).
 * @returns true when gradients are being recorded
 * @example
 * isGradEnabled(); // true
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording the autograd graph: outputs created inside do not require
 * gradients and keep no references to their inputs (inference, evaluation, optimizer updates).
 * Nesting is allowed; the previous mode is restored even when `fn` throws.
 * @param fn - the work to run
 * @returns what `fn` returns
 * @example
 * const logits = noGrad(() => model.call(x));
 */
export function noGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/**
 * Runs `fn` with graph recording on (even inside {@link noGrad}), restoring the previous mode.
 * @internal
 */
export function withGradEnabled<T>(fn: () => T): T {
  const prev = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}
