/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/stats"
 * @example
 * placeholder(); // "@wc/stats"
 */
export function placeholder(): string {
  return "@wc/stats";
}
