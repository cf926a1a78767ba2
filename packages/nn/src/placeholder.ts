/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/nn"
 * @example
 * placeholder(); // "@wc/nn"
 */
export function placeholder(): string {
  return "@wc/nn";
}
