/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/lhvln-metrics"
 * @example
 * placeholder(); // "@wc/lhvln-metrics"
 */
export function placeholder(): string {
  return "@wc/lhvln-metrics";
}
