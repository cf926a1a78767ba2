// The WebAssembly text (WAT) source of the GEMM kernels, written out by small template helpers so
// the unrolled micro-kernels stay readable. `scripts/gen-wasm.mjs` assembles it with wabt at build
// time into `src/wasm/gemm-wasm.generated.ts`; nothing else reads this file.
//
// Memory layout (all byte addresses, chosen by the TypeScript driver in src/gemm/wasm.ts):
//   packed A: MR-high row panels, k-major inside: element (r, p) of panel q at q*MR*kc + p*MR + r
//   (MR * element size is a multiple of 16 bytes, so each k-step's A column is whole vectors)
//   packed B: NR-wide column panels, k-major inside: element (p, j) of panel q at q*NR*kc + p*NR + j
//   C: a row-major tile of padded rows/cols with leading dimension ldc (elements)
// kc is always a multiple of UNROLL (the driver zero-pads k), and the padded extents mc/nc are
// multiples of MR/NR, so the kernels have no edge cases.

const UNROLL = 4;

/**
 * One micro-kernel: C[MR x NR] (+)= sum_p A[:, p] B[p, :] over kc steps, accumulators in locals.
 * @param {object} o
 * @param {"f32"|"f64"} o.t element type
 * @param {number} o.mr rows (MR)
 * @param {number} o.nv vectors per row (NR = nv * lanes)
 * @param {boolean} o.relaxed use relaxed_madd (fused multiply-add) instead of mul + add
 */
function microKernel({ t, mr, nv, relaxed, unroll = UNROLL, shuffle = false }) {
  const UNROLL = unroll;
  const es = t === "f32" ? 4 : 8;
  const vt = t === "f32" ? "f32x4" : "f64x2";
  const splat = t === "f32" ? "v128.load32_splat" : "v128.load64_splat";
  const aStep = mr * es;
  const bStep = nv * 16;
  const acc = (r, v) => `$c${r}_${v}`;
  const L = [];
  L.push(`  (func $micro_${t} (param $a i32) (param $b i32) (param $c i32) (param $kc i32) (param $ldc i32) (param $first i32)`);
  L.push(`    (local $end i32) (local $av v128) (local $ar v128)`);
  for (let v = 0; v < nv; v++) L.push(`    (local $b${v} v128)`);
  for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) L.push(`    (local ${acc(r, v)} v128)`);
  L.push(`    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $kc) (i32.const ${aStep}))))`);
  L.push(`    (loop $k`);
  for (let u = 0; u < UNROLL; u++) {
    for (let v = 0; v < nv; v++) L.push(`      (local.set $b${v} (v128.load offset=${u * bStep + v * 16} (local.get $b)))`);
    for (let r = 0; r < mr; r++) {
      const lanes = 16 / es;
      if (!shuffle) L.push(`      (local.set $av (${splat} offset=${u * aStep + r * es} (local.get $a)))`);
      else {
        // One vector load per `lanes` rows, then broadcast each lane with a shuffle.
        const lane = r % lanes;
        if (lane === 0) L.push(`      (local.set $ar (v128.load offset=${u * aStep + r * es} (local.get $a)))`);
        const bytes = Array.from({ length: 16 }, (_, i) => lane * es + (i % es)).join(" ");
        L.push(`      (local.set $av (i8x16.shuffle ${bytes} (local.get $ar) (local.get $ar)))`);
      }
      for (let v = 0; v < nv; v++) {
        const x = acc(r, v);
        L.push(
          relaxed
            ? `      (local.set ${x} (${vt}.relaxed_madd (local.get $av) (local.get $b${v}) (local.get ${x})))`
            : `      (local.set ${x} (${vt}.add (local.get ${x}) (${vt}.mul (local.get $av) (local.get $b${v}))))`,
        );
      }
    }
  }
  L.push(`      (local.set $a (i32.add (local.get $a) (i32.const ${UNROLL * aStep})))`);
  L.push(`      (local.set $b (i32.add (local.get $b) (i32.const ${UNROLL * bStep})))`);
  L.push(`      (br_if $k (i32.lt_u (local.get $a) (local.get $end))))`);
  // Store: overwrite on the first k-slice, accumulate afterwards.
  L.push(`    (if (local.get $first)`);
  L.push(`      (then`);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) L.push(`        (v128.store offset=${v * 16} (local.get $c) (local.get ${acc(r, v)}))`);
    if (r < mr - 1) L.push(`        (local.set $c (i32.add (local.get $c) (local.get $ldc)))`);
  }
  L.push(`      )`);
  L.push(`      (else`);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) {
      L.push(`        (v128.store offset=${v * 16} (local.get $c) (${vt}.add (v128.load offset=${v * 16} (local.get $c)) (local.get ${acc(r, v)})))`);
    }
    if (r < mr - 1) L.push(`        (local.set $c (i32.add (local.get $c) (local.get $ldc)))`);
  }
  L.push(`      )`);
  L.push(`    )`);
  L.push(`  )`);
  return L.join("\n");
}

/**
 * The macro-kernel: loops the micro-kernel over an mc x nc block (B micro-panel outer so it stays
 * in L1 while the packed A block streams from L2).
 */
function macroKernel({ t, mr, nv }) {
  const es = t === "f32" ? 4 : 8;
  const nr = nv * (16 / es);
  return `  (func $macro_${t} (export "macro_${t}") (param $pa i32) (param $pb i32) (param $c i32) (param $mc i32) (param $nc i32) (param $kc i32) (param $ldc i32) (param $first i32)
    (local $jr i32) (local $ir i32) (local $bp i32) (local $cp i32) (local $ldcb i32) (local $panelA i32) (local $panelB i32)
    (local.set $ldcb (i32.mul (local.get $ldc) (i32.const ${es})))
    (local.set $panelA (i32.mul (local.get $kc) (i32.const ${mr * es})))
    (local.set $panelB (i32.mul (local.get $kc) (i32.const ${nr * es})))
    (local.set $bp (local.get $pb))
    (block $jdone
      (loop $j
        (br_if $jdone (i32.ge_u (local.get $jr) (local.get $nc)))
        (local.set $ir (i32.const 0))
        (block $idone
          (loop $i
            (br_if $idone (i32.ge_u (local.get $ir) (local.get $mc)))
            (call $micro_${t}
              (i32.add (local.get $pa) (i32.mul (local.get $ir) (i32.mul (local.get $kc) (i32.const ${es}))))
              (local.get $bp)
              (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (local.get $jr)) (i32.const ${es})))
              (local.get $kc) (local.get $ldcb) (local.get $first))
            (local.set $ir (i32.add (local.get $ir) (i32.const ${mr})))
            (br $i)))
        (local.set $bp (i32.add (local.get $bp) (local.get $panelB)))
        (local.set $jr (i32.add (local.get $jr) (i32.const ${nr})))
        (br $j)))
  )`;
}

/**
 * Packing helpers over a staging block the driver filled with TypedArray.set (leading dimension
 * `ld` elements), zero-padding k up to kcPad; whole panels only (the driver packs a ragged edge):
 * - gather_<t>_<R>: R rows of a row-major block -> k-major R-wide panels (element (r, p) from
 *   src + (q R + r) ld + p);
 * - copy_<t>_<R>: R contiguous elements per k step (element (r, p) from src + p ld + q R + r).
 * A panels use R = MR, B panels R = NR; which one runs depends on which stride of the operand is 1.
 */
function packKernels(t, R) {
  const es = t === "f32" ? 4 : 8;
  const vecs = (R * es) / 16;
  const gather = Array.from({ length: R }, (_, r) =>
    `          (${t}.store offset=${r * es} (local.get $dst) (${t}.load (i32.add (local.get $s) (local.get $o${r}))))`).join("\n");
  const copy = Array.from({ length: vecs }, (_, v) => `          (v128.store offset=${v * 16} (local.get $dst) (v128.load offset=${v * 16} (local.get $s)))`).join("\n");
  const zero = Array.from({ length: vecs }, (_, v) => `          (v128.store offset=${v * 16} (local.get $dst) (v128.const i64x2 0 0))`).join("\n");
  // Vector gather, `lanes` k-steps at a time: `lanes` rows x `lanes` steps loaded as vectors and
  // transposed with shuffles (4x4 for f32, 2x2 for f64), one vector store per step and row group.
  const lanesV = 16 / es;
  const shuf = (x, y, lanes) => `(i8x16.shuffle ${lanes.flatMap((l) => Array.from({ length: es }, (_, b) => es * l + b)).join(" ")} ${x} ${y})`;
  const group = (g) => {
    const v = (i) => `(v128.load (i32.add (local.get $s) (local.get $o${lanesV * g + i})))`;
    const L = Array.from({ length: lanesV }, (_, i) => `            (local.set $v${i} ${v(i)})`);
    let outs;
    if (lanesV === 4) {
      L.push(`            (local.set $t0 ${shuf("(local.get $v0)", "(local.get $v1)", [0, 4, 1, 5])})`);
      L.push(`            (local.set $t1 ${shuf("(local.get $v0)", "(local.get $v1)", [2, 6, 3, 7])})`);
      L.push(`            (local.set $t2 ${shuf("(local.get $v2)", "(local.get $v3)", [0, 4, 1, 5])})`);
      L.push(`            (local.set $t3 ${shuf("(local.get $v2)", "(local.get $v3)", [2, 6, 3, 7])})`);
      outs = [["$t0", "$t2", [0, 1, 4, 5]], ["$t0", "$t2", [2, 3, 6, 7]], ["$t1", "$t3", [0, 1, 4, 5]], ["$t1", "$t3", [2, 3, 6, 7]]];
    } else {
      outs = [["$v0", "$v1", [0, 2]], ["$v0", "$v1", [1, 3]]];
    }
    outs.forEach(([x, y, lanes], j) => L.push(`            (v128.store offset=${j * R * es + g * 16} (local.get $dst) ${shuf(`(local.get ${x})`, `(local.get ${y})`, lanes)})`));
    return L.join("\n");
  };
  const vecGather = R % lanesV === 0 ? Array.from({ length: R / lanesV }, (_, g) => group(g)).join("\n") : "";
  const vecLoop = (name) => name !== "gather" || !vecGather ? "" : `
        (block $vdone
          (loop $vloop
            (br_if $vdone (i32.gt_u (i32.add (local.get $p) (i32.const ${lanesV})) (local.get $kc)))
${vecGather}
            (local.set $dst (i32.add (local.get $dst) (i32.const ${lanesV * R * es})))
            (local.set $s (i32.add (local.get $s) (i32.const ${lanesV * es})))
            (local.set $p (i32.add (local.get $p) (i32.const ${lanesV})))
            (br $vloop)))`;
  const vecLocals = (name) => name !== "gather" || !vecGather ? "" : " (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)";
  const body = (name, panelStart, stepBody, sStep, extraLocals, prologue) => `  (func (export "${name}_${t}_${R}") (param $src i32) (param $ld i32) (param $dst i32) (param $kc i32) (param $kcPad i32) (param $panels i32)
    (local $q i32) (local $p i32) (local $s i32) (local $ldb i32)${extraLocals}${vecLocals(name)}
    (local.set $ldb (i32.mul (local.get $ld) (i32.const ${es})))
${prologue}
    (block $qdone
      (loop $qloop
        (br_if $qdone (i32.ge_u (local.get $q) (local.get $panels)))
        (local.set $s (i32.add (local.get $src) ${panelStart}))
        (local.set $p (i32.const 0))${vecLoop(name)}
        (block $pdone
          (loop $ploop
          (br_if $pdone (i32.ge_u (local.get $p) (local.get $kc)))
${stepBody}
          (local.set $dst (i32.add (local.get $dst) (i32.const ${R * es})))
          (local.set $s (i32.add (local.get $s) ${sStep}))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $ploop)))
        (block $zdone
          (loop $zloop
          (br_if $zdone (i32.ge_u (local.get $p) (local.get $kcPad)))
${zero}
          (local.set $dst (i32.add (local.get $dst) (i32.const ${R * es})))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $zloop)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $qloop)))
  )`;
  return [
    body(
      "gather",
      `(i32.mul (local.get $q) (i32.mul (local.get $ldb) (i32.const ${R})))`,
      gather,
      `(i32.const ${es})`,
      " " + Array.from({ length: R }, (_, r) => `(local $o${r} i32)`).join(" "),
      Array.from({ length: R }, (_, r) => `    (local.set $o${r} (i32.mul (local.get $ldb) (i32.const ${r})))`).join("\n"),
    ),
    body("copy", `(i32.mul (local.get $q) (i32.const ${R * es}))`, copy, `(local.get $ldb)`, "", ""),
  ].join("\n");
}

/**
 * Register tile shapes, picked by timing the macro-kernel on packed in-cache blocks on Zen 4 / V8 11
 * (Node 20): f32 8 x (2 x f32x4) = 8 x 8, f64 6 x (2 x f64x2) = 6 x 4, k unrolled 4 times, the A
 * column loaded as whole vectors and broadcast lane by lane with i8x16.shuffle (~15% faster than
 * v128.load32_splat per row here; 4 x 12 and 4 x 6 with load-splats reached ~37 and ~18 GFLOP/s).
 */
export const SHAPES = { f32: { mr: 8, nv: 2, nr: 8 }, f64: { mr: 6, nv: 2, nr: 4 }, unroll: UNROLL, shuffle: true };

/**
 * The whole module text.
 * @param {{ relaxed?: boolean, shared?: boolean }} [opts] relaxed: FMA micro-kernels;
 *   shared: import a shared memory (for worker threads)
 */
export function gemmWat({ relaxed = false, shared = false, f32 = SHAPES.f32, f64 = SHAPES.f64, unroll = UNROLL, shuffle = SHAPES.shuffle } = {}) {
  const mem = shared ? `(import "env" "memory" (memory 1 65536 shared))` : `(import "env" "memory" (memory 1))`;
  return [
    `(module`,
    `  ${mem}`,
    microKernel({ t: "f32", mr: f32.mr, nv: f32.nv, relaxed, unroll, shuffle }),
    microKernel({ t: "f64", mr: f64.mr, nv: f64.nv, relaxed, unroll, shuffle }),
    macroKernel({ t: "f32", mr: f32.mr, nv: f32.nv }),
    macroKernel({ t: "f64", mr: f64.mr, nv: f64.nv }),
    ...[...new Set([f32.mr, f32.nv * 4])].map((R) => packKernels("f32", R)),
    ...[...new Set([f64.mr, f64.nv * 2])].map((R) => packKernels("f64", R)),
    `)`,
    ``,
  ].join("\n");
}
