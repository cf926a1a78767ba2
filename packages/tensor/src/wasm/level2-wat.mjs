// WAT source of the WebAssembly SIMD128 level-2 kernels (matrix-vector products `gemv_n`, `gemv_t`,
// `symv_l`) used inside linalg's Householder reductions. scripts/gen-wasm.mjs assembles it with wabt
// into src/linalg/level2-wasm.generated.ts at build/test/typecheck time (gitignored, never committed).
const ROWS = [0, 1, 2, 3];
const zero = "(v128.const f64x2 0 0)";
const get = (x) => `(local.get $${x})`;
const at = (p, c, off = 0) => `(v128.load offset=${off} (i32.add ${get(p)} ${get(c)}))`;
const madd = (acc, a, b) => `(local.set $${acc} (f64x2.add ${get(acc)} (f64x2.mul ${a} ${b})))`;
const hsum = (a, b) =>
  `(f64.add (f64x2.extract_lane 0 (f64x2.add ${get(a)} ${get(b)})) (f64x2.extract_lane 1 (f64x2.add ${get(a)} ${get(b)})))`;

// All addresses and `ld` are in bytes; `mr` (rows) and `nc` (columns) are element counts, both
// multiples of 4 (the caller zero-pads). Rows are read at a, a+ld, a+2ld, ...
const gemvN = `
  ;; y[r] = sum_c A[r, c] x[c] for r < mr: four rows per pass, two vectors of columns per step.
  (func (export "gemv_n") (param $a i32) (param $ld i32) (param $mr i32) (param $nc i32) (param $x i32) (param $y i32)
    (local $yend i32) (local $end i32) (local $c i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $xa v128) (local $xb v128)
    ${ROWS.map((r) => `(local $s${r} v128) (local $t${r} v128)`).join(" ")}
    (local.set $yend (i32.add ${get("y")} (i32.shl ${get("mr")} (i32.const 3))))
    (local.set $end (i32.shl ${get("nc")} (i32.const 3)))
    (block $done
      (br_if $done (i32.ge_u ${get("y")} ${get("yend")}))
      (loop $rows
        (local.set $a1 (i32.add ${get("a")} ${get("ld")}))
        (local.set $a2 (i32.add ${get("a1")} ${get("ld")}))
        (local.set $a3 (i32.add ${get("a2")} ${get("ld")}))
        ${ROWS.map((r) => `(local.set $s${r} ${zero}) (local.set $t${r} ${zero})`).join("\n        ")}
        (local.set $c (i32.const 0))
        (block $cd
          (br_if $cd (i32.eqz ${get("end")}))
          (loop $cols
            (local.set $xa ${at("x", "c")})
            (local.set $xb ${at("x", "c", 16)})
            ${ROWS.map((r) => {
              const p = r === 0 ? "a" : `a${r}`;
              return `${madd(`s${r}`, at(p, "c"), get("xa"))}\n            ${madd(`t${r}`, at(p, "c", 16), get("xb"))}`;
            }).join("\n            ")}
            (local.set $c (i32.add ${get("c")} (i32.const 32)))
            (br_if $cols (i32.lt_u ${get("c")} ${get("end")}))))
        ${ROWS.map((r) => `(f64.store offset=${8 * r} ${get("y")} ${hsum(`s${r}`, `t${r}`)})`).join("\n        ")}
        (local.set $a (i32.add ${get("a3")} ${get("ld")}))
        (local.set $y (i32.add ${get("y")} (i32.const 32)))
        (br_if $rows (i32.lt_u ${get("y")} ${get("yend")})))))`;

const gemvT = `
  ;; y[c] = sum_r x[r] A[r, c] for c < nc: y is zeroed, then four rows are added per pass.
  (func (export "gemv_t") (param $a i32) (param $ld i32) (param $mr i32) (param $nc i32) (param $x i32) (param $y i32)
    (local $xend i32) (local $end i32) (local $c i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    ${ROWS.map((r) => `(local $x${r} v128)`).join(" ")} (local $u v128) (local $w v128)
    (local.set $xend (i32.add ${get("x")} (i32.shl ${get("mr")} (i32.const 3))))
    (local.set $end (i32.shl ${get("nc")} (i32.const 3)))
    (block $done
      (br_if $done (i32.eqz ${get("end")}))
      (local.set $c (i32.const 0))
      (loop $z
        (v128.store (i32.add ${get("y")} ${get("c")}) ${zero})
        (local.set $c (i32.add ${get("c")} (i32.const 16)))
        (br_if $z (i32.lt_u ${get("c")} ${get("end")})))
      (br_if $done (i32.ge_u ${get("x")} ${get("xend")}))
      (loop $rows
        (local.set $a1 (i32.add ${get("a")} ${get("ld")}))
        (local.set $a2 (i32.add ${get("a1")} ${get("ld")}))
        (local.set $a3 (i32.add ${get("a2")} ${get("ld")}))
        ${ROWS.map((r) => `(local.set $x${r} (v128.load64_splat offset=${8 * r} ${get("x")}))`).join("\n        ")}
        (local.set $c (i32.const 0))
        (loop $cols
          (local.set $u ${at("y", "c")})
          (local.set $w ${at("y", "c", 16)})
          ${ROWS.map((r) => {
            const p = r === 0 ? "a" : `a${r}`;
            return `${madd("u", at(p, "c"), get(`x${r}`))}\n          ${madd("w", at(p, "c", 16), get(`x${r}`))}`;
          }).join("\n          ")}
          (v128.store (i32.add ${get("y")} ${get("c")}) ${get("u")})
          (v128.store offset=16 (i32.add ${get("y")} ${get("c")}) ${get("w")})
          (local.set $c (i32.add ${get("c")} (i32.const 32)))
          (br_if $cols (i32.lt_u ${get("c")} ${get("end")})))
        (local.set $a (i32.add ${get("a3")} ${get("ld")}))
        (local.set $x (i32.add ${get("x")} (i32.const 32)))
        (br_if $rows (i32.lt_u ${get("x")} ${get("xend")})))))`;

const symvL = `
  ;; Symmetric y = A x from the lower triangle only, all but the 4 x 4 diagonal blocks (the caller
  ;; adds those): for each group of four rows r and every column c < r (r a multiple of 4),
  ;; y[r..r+3] += A[r.., c] x[c] and y[c] += A[r.., c] x[r..]. y[0 .. mr) is zeroed first.
  (func (export "symv_l") (param $a i32) (param $ld i32) (param $mr i32) (param $x i32) (param $y i32)
    (local $r i32) (local $rend i32) (local $c i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    ${ROWS.map((r) => `(local $s${r} v128) (local $x${r} v128) (local $v${r} v128)`).join(" ")} (local $xa v128) (local $ya v128)
    (local.set $rend (i32.shl ${get("mr")} (i32.const 3)))
    (block $done
      (br_if $done (i32.eqz ${get("rend")}))
      (local.set $c (i32.const 0))
      (loop $z
        (v128.store (i32.add ${get("y")} ${get("c")}) ${zero})
        (local.set $c (i32.add ${get("c")} (i32.const 16)))
        (br_if $z (i32.lt_u ${get("c")} ${get("rend")})))
      (local.set $r (i32.const 0))
      (loop $rows
        (local.set $a1 (i32.add ${get("a")} ${get("ld")}))
        (local.set $a2 (i32.add ${get("a1")} ${get("ld")}))
        (local.set $a3 (i32.add ${get("a2")} ${get("ld")}))
        ${ROWS.map((r) => `(local.set $x${r} (v128.load64_splat offset=${8 * r} (i32.add ${get("x")} ${get("r")}))) (local.set $s${r} ${zero})`).join("\n        ")}
        (local.set $c (i32.const 0))
        (block $cd
          (br_if $cd (i32.eqz ${get("r")}))
          (loop $cols
            (local.set $xa ${at("x", "c")})
            ${ROWS.map((r) => `(local.set $v${r} ${at(r === 0 ? "a" : `a${r}`, "c")})`).join("\n            ")}
            ${ROWS.map((r) => madd(`s${r}`, get(`v${r}`), get("xa"))).join("\n            ")}
            (local.set $ya ${at("y", "c")})
            ${ROWS.map((r) => madd("ya", get(`v${r}`), get(`x${r}`))).join("\n            ")}
            (v128.store (i32.add ${get("y")} ${get("c")}) ${get("ya")})
            (local.set $c (i32.add ${get("c")} (i32.const 16)))
            (br_if $cols (i32.lt_u ${get("c")} ${get("r")}))))
        ${ROWS.map((r) => `(f64.store offset=${8 * r} (i32.add ${get("y")} ${get("r")}) (f64.add (f64x2.extract_lane 0 ${get(`s${r}`)}) (f64x2.extract_lane 1 ${get(`s${r}`)})))`).join("\n        ")}
        (local.set $a (i32.add ${get("a3")} ${get("ld")}))
        (local.set $r (i32.add ${get("r")} (i32.const 32)))
        (br_if $rows (i32.lt_u ${get("r")} ${get("rend")})))))`;

const level2WatText = `(module\n  (import "env" "memory" (memory 1))${gemvN}${gemvT}${symvL})\n`;

/** The module's WAT text. */
export function level2Wat() {
  return level2WatText;
}
