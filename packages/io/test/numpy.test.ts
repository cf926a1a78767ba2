import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tensor, transpose } from "@wc/tensor";
import { StateDict, TensorEntry, parseNpy, parseNpyHeader, parseNpz, serializeNpy, serializeNpz, serializeSafetensors } from "../src/index";
import { loadNpy, loadNpz, saveNpy, saveNpz } from "../src/node/index";
import { EXPECTED, FIX, expectCode, expectValues } from "./helpers";

const tmp = mkdtempSync(join(tmpdir(), "wc-io-np-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const read = (name: string): Uint8Array => new Uint8Array(readFileSync(`${FIX}${name}`));

describe("npy: files written by NumPy", () => {
  const exp = EXPECTED.npy as Record<string, { descr: string; shape: number[]; fortran: boolean; version: number[]; values: (number | string)[] }>;
  it("reads every fixture (v1/v2/v3 headers, Fortran order, big-endian, all numeric dtypes)", async () => {
    expect(Object.keys(exp).length).toBe(19);
    for (const [name, e] of Object.entries(exp)) {
      const bytes = read(`${name}.npy`);
      const h = parseNpyHeader(bytes);
      expect(h.version, name).toEqual(e.version);
      expect(h.fortranOrder, name).toBe(e.fortran);
      expect(h.shape, name).toEqual(e.shape);
      const entry = parseNpy(bytes);
      expect([...entry.shape]).toEqual(e.shape);
      expectValues(entry.tensor.data, e.values);
      const viaFile = await loadNpy(`${FIX}${name}.npy`);
      expectValues(viaFile.tensor.data, e.values);
    }
  });
  it("maps NumPy dtypes to on-disk dtypes", () => {
    const map: Record<string, string> = { f2: "F16", i8: "I64", u2: "U16", u8: "U64", bool: "BOOL", "be-f4": "F32", i1: "I8" };
    for (const [f, d] of Object.entries(map)) expect(parseNpy(read(`${f}.npy`)).dtype).toBe(d);
  });
  it("round-trips through our writer (64-byte aligned data, C order)", () => {
    for (const name of Object.keys(exp)) {
      const e = parseNpy(read(`${name}.npy`));
      const out = serializeNpy(e);
      const h = parseNpyHeader(out);
      expect(h.dataStart % 64).toBe(0);
      const back = parseNpy(out);
      expect(Buffer.from(back.bytes).equals(Buffer.from(e.bytes))).toBe(true);
      expect([...back.shape]).toEqual([...e.shape]);
    }
  });
  it("writes strided views in row-major order", () => {
    const t = transpose(tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]));
    expect([...parseNpy(serializeNpy(t)).tensor.data]).toEqual([1, 4, 2, 5, 3, 6]);
  });
  it("rejects malformed and unsupported files", async () => {
    const good = read("f4-v1.npy");
    await expectCode(() => parseNpy(new Uint8Array([1, 2, 3])), "E_FORMAT");
    await expectCode(() => parseNpy(good.subarray(0, good.byteLength - 1)), "E_FORMAT");
    const v9 = good.slice();
    v9[6] = 9;
    await expectCode(() => parseNpy(v9), "E_FORMAT");
    const mk = (dict: string): Uint8Array => {
      const h = new TextEncoder().encode(dict);
      const b = new Uint8Array(10 + h.byteLength + 16);
      b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      new DataView(b.buffer).setUint16(8, h.byteLength, true);
      b.set(h, 10);
      return b;
    };
    await expectCode(() => parseNpy(mk("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }")), "E_UNSUPPORTED");
    await expectCode(() => parseNpy(mk("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }")), "E_UNSUPPORTED");
    await expectCode(() => parseNpy(mk("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")), "E_FORMAT");
    await expectCode(() => parseNpy(mk("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }")), "E_FORMAT");
    await expectCode(() => serializeNpy(TensorEntry.fromTensor(tensor(new Float32Array(2)), { dtype: "BF16" })), "E_DTYPE");
  });
});

describe("npz", () => {
  const exp = EXPECTED.npz as Record<string, { shape: number[]; values: number[] }>;
  it("reads stored (np.savez) and deflated (np.savez_compressed) archives", async () => {
    const s = parseNpz(read("stored.npz"));
    expect(s.names()).toEqual(["a", "b"]);
    const d = await loadNpz(`${FIX}deflated.npz`);
    expect(d.names()).toEqual(["a", "b", "c"]);
    for (const sd of [s, d]) for (const k of sd.names()) {
      expect([...sd.get(k)!.shape]).toEqual(exp[k]!.shape);
      expectValues(sd.tensor(k).data, exp[k]!.values);
    }
  });
  it("writes archives that read back, deterministically", () => {
    const sd = parseNpz(read("deflated.npz"));
    for (const compress of [false, true]) {
      const a = serializeNpz(sd, { compress });
      expect(Buffer.from(a).equals(Buffer.from(serializeNpz(sd, { compress })))).toBe(true);
      const back = parseNpz(a);
      for (const k of sd.names()) expect(Buffer.from(back.get(k)!.bytes).equals(Buffer.from(sd.get(k)!.bytes))).toBe(true);
    }
  });
  it("rejects non-zip data and forged member sizes", async () => {
    await expectCode(() => parseNpz(new Uint8Array(100)), "E_FORMAT");
    const z = read("stored.npz").slice();
    // forge the uncompressed size of the first central-directory record (offset 24 from "PK\1\2")
    const cd = Buffer.from(z).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    new DataView(z.buffer).setUint32(cd + 24, 0x7fffffff, true);
    await expectCode(() => parseNpz(z), "E_FORMAT");
  });
});

const python = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" }).status === 0;

describe("our files are readable by NumPy", () => {
  it("np.load reads our .npy/.npz and the fixture script reads our safetensors", async () => {
    if (!python) {
      console.log("python3 with numpy not found: skipping the NumPy read-back check (the one optional check)");
      return;
    }
    const a = tensor(new Float32Array([1.5, -2, 3.25, 1e-8, -0, 7]), [2, 3]);
    const b = tensor(new Int32Array([-5, 6]), [2]);
    const c = tensor(new Float64Array([Math.PI]), []);
    await saveNpy(join(tmp, "a.npy"), a);
    await saveNpz(join(tmp, "z.npz"), { a, b, c }, { compress: true });
    const sd = new StateDict([
      ["a", TensorEntry.fromTensor(a, { dtype: "F16" })],
      ["b", TensorEntry.fromTensor(b, { dtype: "I64" })],
      ["c", TensorEntry.fromTensor(c, { dtype: "BF16" })],
    ]).withMetadata({ format: "pt" });
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(tmp, "s.safetensors"), serializeSafetensors(sd));
    const run = (f: string): Record<string, { descr?: string; shape: number[]; values: number[] }> => {
      const r = spawnSync("python3", [`${FIX}make_fixtures.py`, "verify", join(tmp, f)], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout);
    };
    const npy = run("a.npy");
    expect(npy.array).toEqual({ descr: "<f4", shape: [2, 3], values: [1.5, -2, 3.25, 9.99999993922529e-9, -0, 7] });
    const npz = run("z.npz");
    expect(npz.b).toEqual({ descr: "<i4", shape: [2], values: [-5, 6] });
    expect(npz.c!.shape).toEqual([]);
    expect(npz.c!.values).toEqual([Math.PI]);
    const st = run("s.safetensors");
    // np.array([1.5, -2, 3.25, 1e-8, -0.0, 7], np.float32).astype(np.float16).astype(float)
    expect(st.a!.values).toEqual([1.5, -2, 3.25, 0, -0, 7]);
    expect(st.b!.values).toEqual([-5, 6]);
    expect(st.c!.values).toEqual([3.140625]); // bf16(pi) = 0x4049
    expect((st as unknown as { __metadata__: unknown }).__metadata__).toEqual({ format: "pt" });
  });
});
