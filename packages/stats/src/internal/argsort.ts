/**
 * Internal: stable ascending argsort of finite doubles by LSD radix sort on their IEEE bits
 * (four 16-bit passes), O(n). -0 and +0 compare equal (both are mapped to +0).
 */
export function argsortF64(x: Float64Array): Uint32Array {
  const n = x.length;
  const bits = new Float64Array(n);
  const u = new Uint32Array(bits.buffer);
  for (let i = 0; i < n; i++) bits[i] = x[i] === 0 ? 0 : (x[i] as number);
  // little-endian: u[2i] = low word, u[2i+1] = high word
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = u[2 * i + 1] as number;
    const l = u[2 * i] as number;
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let idx = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const count = new Uint32Array(65536);
  const passes: [Uint32Array, number][] = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [key, shift] of passes) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((key[i] as number) >>> shift) & 0xffff]++;
    let sum = 0;
    let trivial = false;
    for (let b = 0; b < 65536; b++) {
      const c = count[b] as number;
      if (c === n) trivial = true;
      count[b] = sum;
      sum += c;
    }
    if (trivial) continue;
    for (let i = 0; i < n; i++) {
      const j = idx[i] as number;
      const b = ((key[j] as number) >>> shift) & 0xffff;
      tmp[count[b]++] = j;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}
