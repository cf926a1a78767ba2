/** Internal: a phase-space point of Hamiltonian Monte Carlo. */
export interface Point {
  q: Float64Array;
  p: Float64Array;
  g: Float64Array;
  logp: number;
}

/** Internal: the sampler state one trajectory needs. */
export interface TreeContext {
  logDensity: (q: Float64Array, grad: Float64Array) => number;
  invMetric: Float64Array;
  eps: number;
  h0: number;
  maxDeltaH: number;
  uniform: () => number;
  nLeapfrog: number;
  sumMetroProb: number;
  divergent: boolean;
}

export function clonePoint(z: Point): Point {
  return { q: z.q.slice(), p: z.p.slice(), g: z.g.slice(), logp: z.logp };
}

export function hamiltonian(z: Point, invM: Float64Array): number {
  let k = 0;
  for (let i = 0; i < z.p.length; i++) k += (invM[i] as number) * (z.p[i] as number) ** 2;
  return -z.logp + 0.5 * k;
}

export function leapfrog(z: Point, eps: number, ctx: TreeContext): void {
  const d = z.q.length;
  const m = ctx.invMetric;
  for (let i = 0; i < d; i++) z.p[i] = (z.p[i] as number) + 0.5 * eps * (z.g[i] as number);
  for (let i = 0; i < d; i++) z.q[i] = (z.q[i] as number) + eps * (m[i] as number) * (z.p[i] as number);
  z.logp = ctx.logDensity(z.q, z.g);
  for (let i = 0; i < d; i++) z.p[i] = (z.p[i] as number) + 0.5 * eps * (z.g[i] as number);
}

export function sharp(p: Float64Array, invM: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = (invM[i] as number) * (p[i] as number);
  return out;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function criterion(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0;
}

export function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
}

export function sumOf(a: Float64Array, b: Float64Array): Float64Array {
  const out = a.slice();
  addInto(out, b);
  return out;
}

export function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Outputs of one subtree (the begin/end momenta and their sharp versions, rho, log weight). */
export interface SubTree {
  valid: boolean;
  propose: Point;
  pBeg: Float64Array;
  pEnd: Float64Array;
  sBeg: Float64Array;
  sEnd: Float64Array;
  rho: Float64Array;
  logW: number;
}

/**
 * Builds a subtree of 2^depth leapfrog steps from `z` (advanced in place) in direction `sign`,
 * sampling a proposal multinomially (uniform within subtrees, as in Stan's base_nuts) and checking
 * the generalized no-U-turn criterion across and between the halves.
 */
export function buildTree(depth: number, z: Point, sign: number, ctx: TreeContext): SubTree {
  if (depth === 0) {
    leapfrog(z, sign * ctx.eps, ctx);
    ctx.nLeapfrog++;
    let h = hamiltonian(z, ctx.invMetric);
    if (Number.isNaN(h)) h = Infinity;
    if (h - ctx.h0 > ctx.maxDeltaH) ctx.divergent = true;
    const logW = ctx.h0 - h;
    ctx.sumMetroProb += logW > 0 ? 1 : Math.exp(logW);
    const s = sharp(z.p, ctx.invMetric);
    return { valid: !ctx.divergent, propose: clonePoint(z), pBeg: z.p.slice(), pEnd: z.p.slice(), sBeg: s, sEnd: s.slice(), rho: z.p.slice(), logW };
  }
  const init = buildTree(depth - 1, z, sign, ctx);
  if (!init.valid) return init;
  const fin = buildTree(depth - 1, z, sign, ctx);
  if (!fin.valid) return fin;
  const logW = logAdd(init.logW, fin.logW);
  let propose = init.propose;
  if (fin.logW > logW) propose = fin.propose;
  else if (ctx.uniform() < Math.exp(fin.logW - logW)) propose = fin.propose;
  const rho = sumOf(init.rho, fin.rho);
  let persist = criterion(init.sBeg, fin.sEnd, rho);
  persist = persist && criterion(init.sBeg, fin.sBeg, sumOf(init.rho, fin.pBeg));
  persist = persist && criterion(init.sEnd, fin.sEnd, sumOf(fin.rho, init.pEnd));
  return { valid: persist, propose, pBeg: init.pBeg, pEnd: fin.pEnd, sBeg: init.sBeg, sEnd: fin.sEnd, rho, logW };
}
