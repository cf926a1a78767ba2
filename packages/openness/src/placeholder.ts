/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/openness"
 * @example
 * placeholder(); // "@wc/openness"
 */
export function placeholder(): string {
  return "@wc/openness";
}
