/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/nlg-metrics"
 * @example
 * placeholder(); // "@wc/nlg-metrics"
 */
export function placeholder(): string {
  return "@wc/nlg-metrics";
}
