/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/io"
 * @example
 * placeholder(); // "@wc/io"
 */
export function placeholder(): string {
  return "@wc/io";
}
