/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/aces"
 * @example
 * placeholder(); // "@wc/aces"
 */
export function placeholder(): string {
  return "@wc/aces";
}
