/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/recsys-metrics"
 * @example
 * placeholder(); // "@wc/recsys-metrics"
 */
export function placeholder(): string {
  return "@wc/recsys-metrics";
}
