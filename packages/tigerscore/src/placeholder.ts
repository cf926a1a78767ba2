/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/tigerscore"
 * @example
 * placeholder(); // "@wc/tigerscore"
 */
export function placeholder(): string {
  return "@wc/tigerscore";
}
