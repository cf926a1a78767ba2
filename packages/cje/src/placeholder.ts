/**
 * Replace me with the package's first real function.
 *
 * @returns the string "@wc/cje"
 * @example
 * placeholder(); // "@wc/cje"
 */
export function placeholder(): string {
  return "@wc/cje";
}
