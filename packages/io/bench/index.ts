/**
 * @wc/io benchmark (not a test): full load of a large f32 safetensors file from page cache (GB/s),
 * lazy single-tensor reads (bytes actually read), peak RSS of a full load vs the file size.
 *   pnpm bench            # 256 MiB, plus 1 GiB when /tmp has > 3 GiB free
 * Generated files are deleted afterwards. Each full load runs in a fresh child process so its
 * peak RSS is its own.
 */
import { spawnSync } from "node:child_process";
import { rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tensor } from "@wc/tensor";
import { StateDict, TensorEntry, openSafetensors, type ByteSource } from "../src/index";
import { fileSource, loadSafetensors, readFileBytes, saveSafetensors } from "../src/node/index";

const MiB = 2 ** 20;

async function child(path: string): Promise<void> {
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const sd = await loadSafetensors(path);
  let n = 0;
  for (const [, e] of sd) n += e.tensor.size;
  const ms = performance.now() - t0;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, elements: n, base, maxRss }));
}

async function makeFile(path: string, bytes: number): Promise<number> {
  const perTensor = 16 * MiB;
  const count = Math.max(1, Math.round(bytes / perTensor));
  const entries: [string, TensorEntry][] = [];
  for (let i = 0; i < count; i++) {
    const d = new Float32Array(perTensor / 4);
    for (let j = 0; j < d.length; j += 1024) d[j] = i + j * 1e-6;
    entries.push([`model.layers.${i}.mlp.weight`, TensorEntry.fromTensor(tensor(d, [perTensor / 4 / 1024, 1024]))]);
  }
  await saveSafetensors(path, new StateDict(entries));
  return count;
}

async function run(sizeMiB: number): Promise<void> {
  const path = join(tmpdir(), `wc-io-bench-${sizeMiB}.safetensors`);
  try {
    const count = await makeFile(path, sizeMiB * MiB);
    const probe = await fileSource(path);
    const size = probe.size;
    await probe.close!();
    await readFileBytes(path); // warm the page cache
    const self = fileURLToPath(import.meta.url);
    const loads: { ms: number; base: number; maxRss: number }[] = [];
    for (let r = 0; r < 3; r++) {
      const c = spawnSync(process.execPath, [...process.execArgv, self, "child", path], { encoding: "utf8" });
      if (c.status !== 0) throw new Error(c.stderr);
      loads.push(JSON.parse(c.stdout.trim().split("\n").pop()!));
    }
    const best = loads.reduce((a, b) => (a.ms < b.ms ? a : b));
    const peak = Math.max(...loads.map((l) => l.maxRss - l.base));
    // lazy: open + read one tensor, counting the bytes the source delivers
    const inner = await fileSource(path);
    let bytesRead = 0;
    const spy: ByteSource = { size: inner.size, read: (o, l) => ((bytesRead += l), inner.read(o, l)), close: () => inner.close!() };
    const t0 = performance.now();
    const r = await openSafetensors(spy);
    const name = r.names()[Math.floor(count / 2)]!;
    const e = await r.read(name);
    const lazyMs = performance.now() - t0;
    await r.close();
    console.log(`io:loadSafetensors:${sizeMiB}MiB:f32  ${(size / 1e9 / (best.ms / 1000)).toFixed(2)} GB/s  (best of 3: ${best.ms.toFixed(0)} ms, ${count} tensors)`);
    console.log(`io:loadSafetensors:${sizeMiB}MiB:peakRSS  +${(peak / MiB).toFixed(0)} MiB over baseline = ${(peak / size).toFixed(3)} x file size`);
    console.log(`io:openSafetensors+read:${sizeMiB}MiB  ${lazyMs.toFixed(1)} ms, read ${(bytesRead / MiB).toFixed(3)} MiB of ${(size / MiB).toFixed(0)} MiB (tensor ${(e.bytes.byteLength / MiB).toFixed(0)} MiB + header)`);
  } finally {
    rmSync(path, { force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "child") return child(process.argv[3]!);
  const fs = statfsSync(tmpdir());
  const free = fs.bavail * fs.bsize;
  console.log(`node ${process.version}, ${tmpdir()} free ${(free / 2 ** 30).toFixed(1)} GiB`);
  await run(256);
  if (free > 3 * 2 ** 30) await run(1024);
  else console.log("skipping 1 GiB: less than 3 GiB free in tmp");
}

void main();
