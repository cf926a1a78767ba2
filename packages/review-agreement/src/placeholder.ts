/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/review-agreement"
 * @example
 * placeholder(); // "@wc/review-agreement"
 */
export function placeholder(): string {
  return "@wc/review-agreement";
}
