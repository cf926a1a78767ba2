import { WcError } from "@wc/tensor";

/** @internal Throw E_ARGUMENT unless `v` is a string. */
export function assertString(fn: string, what: string, v: unknown): asserts v is string {
  if (typeof v !== "string") {
    throw new WcError("E_ARGUMENT", `${fn}: expected ${what} to be a string, got ${v === null ? "null" : typeof v}`);
  }
}

/**
 * @internal Check a corpus: `hyps` is a string array and `refs` a non-empty list of reference
 * streams, each as long as `hyps` (sacreBLEU's layout: refs[k][i] = k-th reference of segment i).
 */
export function checkCorpus(fn: string, hyps: readonly string[], refs: readonly (readonly string[])[]): void {
  if (!Array.isArray(hyps)) throw new WcError("E_ARGUMENT", `${fn}: expected hyps to be an array of strings, got ${typeof hyps}`);
  if (!Array.isArray(refs) || refs.length === 0 || !refs.every((r) => Array.isArray(r))) {
    throw new WcError(
      "E_ARGUMENT",
      `${fn}: expected refs to be a non-empty array of reference streams (refs[k][i] = k-th reference of segment i); wrap a single stream as [refs]`,
    );
  }
  hyps.forEach((h, i) => assertString(fn, `hyps[${i}]`, h));
  refs.forEach((stream, k) => {
    if (stream.length !== hyps.length) {
      throw new WcError(
        "E_SHAPE",
        `${fn}: reference stream ${k} has ${stream.length} segments but there are ${hyps.length} hypotheses; every stream must have one line per hypothesis`,
      );
    }
    stream.forEach((r, i) => assertString(fn, `refs[${k}][${i}]`, r));
  });
}

/** @internal Check a sentence-level reference list. */
export function checkSentenceRefs(fn: string, hyp: string, refs: readonly string[]): void {
  assertString(fn, "hyp", hyp);
  if (!Array.isArray(refs) || refs.length === 0) {
    throw new WcError("E_ARGUMENT", `${fn}: expected refs to be a non-empty array of reference strings, got ${Array.isArray(refs) ? "[]" : typeof refs}`);
  }
  refs.forEach((r, i) => assertString(fn, `refs[${i}]`, r));
}

/** @internal Check an option is a finite number within [lo, hi]. */
export function checkNumber(fn: string, name: string, v: number, lo: number, hi: number, integer = false): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new WcError(
      "E_RANGE",
      `${fn}: expected ${name} to be a finite ${integer ? "integer" : "number"} in [${lo}, ${hi}], got ${String(v)}`,
    );
  }
}

/**
 * @internal The non-empty references of segment i across streams (sacreBLEU drops '' so a
 * segment may have fewer references); throws when none is left.
 */
export function segmentRefs(fn: string, refs: readonly (readonly string[])[], i: number): string[] {
  const out: string[] = [];
  for (const stream of refs) {
    const r = stream[i] as string;
    if (r !== "") out.push(r);
  }
  if (out.length === 0) {
    throw new WcError(
      "E_ARGUMENT",
      `${fn}: segment ${i} has only empty references; sacreBLEU rejects this ("Empty or None reference sentence found"), give at least one non-empty reference`,
    );
  }
  return out;
}
