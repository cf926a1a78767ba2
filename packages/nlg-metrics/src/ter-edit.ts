/**
 * Translation edit rate of one hypothesis against one reference (sacreBLEU `lib_ter.py`):
 * greedy shifts chosen with Tercom's ranking, then a beam-restricted Levenshtein distance.
 */

const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const BEAM_WIDTH = 25;
const MAX_SHIFT_CANDIDATES = 1000;
const INF = 1e16;

// Edit operations, as single-character codes.
const OP_NOP = 0;
const OP_SUB = 1;
const OP_INS = 2;
const OP_DEL = 3;
const OP_UNDEF = 4;

/**
 * @internal Beam edit distance between a hypothesis and the reference (rows = hypothesis words).
 * Returns the distance and the trace (operations from the start), preferring match/sub, then
 * deletion, then insertion on equal cost, as sacreBLEU does.
 */
function beamEditDistance(h: readonly string[], r: readonly string[]): { dist: number; trace: Uint8Array } {
  const nh = h.length;
  const nr = r.length;
  const W = nr + 1;
  const cost = new Float64Array((nh + 1) * W).fill(INF);
  const op = new Uint8Array((nh + 1) * W).fill(OP_UNDEF);
  for (let j = 0; j <= nr; j++) {
    cost[j] = j;
    op[j] = OP_INS;
  }
  const ratio = nh > 0 ? nr / nh : 1;
  const beam = BEAM_WIDTH < ratio / 2 ? Math.ceil(ratio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
  for (let i = 1; i <= nh; i++) {
    const diag = Math.floor(i * ratio);
    const minJ = Math.max(0, diag - beam);
    const maxJ = i === nh ? nr + 1 : Math.min(nr + 1, diag + beam);
    const row = i * W;
    const prev = (i - 1) * W;
    const hw = h[i - 1];
    for (let j = minJ; j < maxJ; j++) {
      if (j === 0) {
        cost[row] = cost[prev]! + 1;
        op[row] = OP_DEL;
        continue;
      }
      const same = hw === r[j - 1];
      let best = cost[row + j]!;
      let bestOp = op[row + j]!;
      const cSub = cost[prev + j - 1]! + (same ? 0 : 1);
      if (best > cSub) {
        best = cSub;
        bestOp = same ? OP_NOP : OP_SUB;
      }
      const cDel = cost[prev + j]! + 1;
      if (best > cDel) {
        best = cDel;
        bestOp = OP_DEL;
      }
      const cIns = cost[row + j - 1]! + 1;
      if (best > cIns) {
        best = cIns;
        bestOp = OP_INS;
      }
      cost[row + j] = best;
      op[row + j] = bestOp;
    }
  }
  const rev: number[] = [];
  let i = nh;
  let j = nr;
  while (i > 0 || j > 0) {
    const o = op[i * W + j]!;
    rev.push(o);
    if (o === OP_SUB || o === OP_NOP) {
      i--;
      j--;
    } else if (o === OP_INS) j--;
    else if (o === OP_DEL) i--;
    else throw new Error("ter: undefined cell reached in the edit-distance backtrace");
  }
  const trace = new Uint8Array(rev.length);
  for (let k = 0; k < rev.length; k++) trace[k] = rev[rev.length - 1 - k]!;
  return { dist: cost[nh * W + nr]!, trace };
}

/** @internal Alignment from the flipped trace (reference rewritten into hypothesis). */
function traceToAlignment(trace: Uint8Array, nr: number): { align: Int32Array; refErr: Uint8Array; hypErr: number[] } {
  let posHyp = -1;
  let posRef = -1;
  const hypErr: number[] = [];
  const refErr = new Uint8Array(nr);
  const align = new Int32Array(nr).fill(-2);
  for (const raw of trace) {
    // flip insertions and deletions
    const o = raw === OP_INS ? OP_DEL : raw === OP_DEL ? OP_INS : raw;
    if (o === OP_NOP || o === OP_SUB) {
      posHyp++;
      posRef++;
      align[posRef] = posHyp;
      hypErr.push(o === OP_SUB ? 1 : 0);
      refErr[posRef] = o === OP_SUB ? 1 : 0;
    } else if (o === OP_INS) {
      posHyp++;
      hypErr.push(1);
    } else {
      posRef++;
      align[posRef] = posHyp;
      refErr[posRef] = 1;
    }
  }
  return { align, refErr, hypErr };
}

function performShift(words: readonly string[], start: number, length: number, target: number): string[] {
  if (target < start) {
    return [...words.slice(0, target), ...words.slice(start, start + length), ...words.slice(target, start), ...words.slice(start + length)];
  } else if (target > start + length) {
    return [...words.slice(0, start), ...words.slice(start + length, target), ...words.slice(start, start + length), ...words.slice(target)];
  }
  return [...words.slice(0, start), ...words.slice(start + length, length + target), ...words.slice(start, start + length), ...words.slice(length + target)];
}

function sumRange(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  const end = Math.min(to, a.length);
  for (let k = from; k < end; k++) s += a[k]!;
  return s;
}

interface ShiftResult {
  delta: number;
  words: string[];
  checked: number;
}

function shift(wordsH: string[], wordsR: readonly string[], checkedIn: number): ShiftResult {
  let checked = checkedIn;
  const { dist: preScore, trace } = beamEditDistance(wordsH, wordsR);
  const { align, refErr, hypErr } = traceToAlignment(trace, wordsR.length);
  let best: [number, number, number, number, string[]] | null = null;
  const nh = wordsH.length;
  const nr = wordsR.length;
  outer: for (let startH = 0; startH < nh; startH++) {
    for (let startR = 0; startR < nr; startR++) {
      if (Math.abs(startR - startH) > MAX_SHIFT_DIST) continue;
      let length = 0;
      while (wordsH[startH + length] === wordsR[startR + length] && length < MAX_SHIFT_SIZE) {
        length++;
        // ---- evaluate candidate (startH, startR, length)
        if (sumRange(hypErr, startH, startH + length) !== 0 && sumRange(refErr, startR, startR + length) !== 0) {
          const a = align[startR]!;
          if (!(startH <= a && a < startH + length)) {
            let prevIdx = -1;
            for (let offset = -1; offset < length; offset++) {
              let idx: number;
              if (startR + offset === -1) idx = 0;
              else if (startR + offset < nr && align[startR + offset] !== -2) idx = align[startR + offset]! + 1;
              else break;
              if (idx === prevIdx) continue;
              prevIdx = idx;
              const shifted = performShift(wordsH, startH, length, idx);
              const gain = preScore - beamEditDistance(shifted, wordsR).dist;
              checked++;
              if (
                best === null ||
                gain > best[0] ||
                (gain === best[0] &&
                  (length > best[1] || (length === best[1] && (-startH > best[2] || (-startH === best[2] && -idx > best[3])))))
              ) {
                best = [gain, length, -startH, -idx, shifted];
              }
            }
          }
        }
        if (checked >= MAX_SHIFT_CANDIDATES) break outer;
        // ----
        if (nh === startH + length || nr === startR + length) break;
      }
    }
  }
  if (best === null) return { delta: 0, words: wordsH, checked };
  return { delta: best[0], words: best[4], checked };
}

/**
 * Number of TER edits (shifts + word edits) turning `hyp` into `ref`, and the reference length.
 *
 * @param hyp - hypothesis tokens
 * @param ref - reference tokens
 * @returns `[edits, refLength]`; an empty reference gives `[hyp.length, 0]`
 * @example
 * translationEditRate("d e f g h a b c".split(" "), "a b c d e f g h".split(" ")); // [1, 8]
 */
export function translationEditRate(hyp: readonly string[], ref: readonly string[]): [number, number] {
  if (ref.length === 0) return [hyp.length, 0];
  let shifts = 0;
  let input = hyp.slice();
  let checked = 0;
  for (;;) {
    const res = shift(input, ref, checked);
    checked = res.checked;
    if (checked >= MAX_SHIFT_CANDIDATES) break;
    if (res.delta <= 0) break;
    shifts++;
    input = res.words;
  }
  return [shifts + beamEditDistance(input, ref).dist, ref.length];
}
