"""NumPy reference for the @wc/farms speed benchmark (bench/index.ts runs it; numpy only).

Builds the GPT-2-small weight shapes (per block: 768x2304, 768x768, 768x3072, 3072x768, stored
in x out as in the Hugging Face Conv1D checkpoint) with seeded heavy-tailed entries from the
same counter-based hash as bench/gpt2-like.ts, and runs the FARMS defaults on each: fixed-ops
windows (100 x 100, 10 starts per axis, LLM_Pruning/lib/sampling.py `fixed_sampling`), squared
singular values of every window (np.linalg.svd, compute_uv=False), pooled and sorted, then the
WeightWatcher 'ks' power-law fit (the loop of esd_utils_farms.py `analysis_esd`, vectorised per
candidate as in the official code). Prints one JSON line: {"seconds": ..., "alphas": [...]}.

usage: python3 farms_numpy.py BLOCKS   (prints wall seconds, process CPU seconds, and CPU seconds of the ESD and fit parts)
"""
import json, sys, time
import numpy as np

SHAPES = [(768, 2304), (768, 768), (768, 3072), (3072, 768)]


def fmix32(h):
    h = h ^ (h >> np.uint32(16)); h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13)); h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def matrix(rows, cols, seed):
    idx = np.arange(rows * cols, dtype=np.uint32)
    with np.errstate(over='ignore'):
        h = fmix32(idx * np.uint32(0x9E3779B1) + np.uint32((seed * 0x632BE5AB) & 0xFFFFFFFF))
    u = (h.astype(np.float64) + 0.5) / 4294967296.0
    sign = np.where(u < 0.5, -1.0, 1.0)
    mag = (1.0 - 2.0 * np.abs(u - 0.5)) ** (-1.0 / 3.0)  # symmetric Pareto, tail index 3
    return (0.02 * sign * mag).astype(np.float32).reshape(rows, cols)


def fixed_sampling(W, r=100, q=1.0, P=10):
    rows, cols = W.shape
    r = min(r, rows, cols); c = int(r * q)
    rs = max(1, (rows - r) // (P - 1)); cs = max(1, (cols - c) // (P - 1))
    nr = min(P, max(1, (rows - r) // rs + 1)); nc = min(P, max(1, (cols - c) // cs + 1))
    eigs = []
    for a in range(nr):
        for b in range(nc):
            r0 = min(a * rs, rows - r); c0 = min(b * cs, cols - c)
            s = np.linalg.svd(W[r0:r0 + r, c0:c0 + c].astype(np.float64), compute_uv=False)
            eigs.append(s * s)
    return np.sort(np.concatenate(eigs))


def fit_ks(nz):
    N = len(nz); logs = np.log(nz)
    alphas = np.zeros(N - 1); Ds = np.ones(N - 1)
    for i in range(N - 1):
        n = float(N - i)
        a = 1 + n / (np.sum(logs[i:]) - n * logs[i]); alphas[i] = a
        if a > 1:
            Ds[i] = np.max(np.abs(1 - (nz[i:] / nz[i]) ** (-a + 1) - np.arange(n) / n))
    k = int(np.argmin(Ds))
    return alphas[k]


def main():
    blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    mats = []
    for b in range(blocks):
        for k, (i, o) in enumerate(SHAPES):
            # out x in = o x i (the stored Conv1D weight is in x out and is transposed once)
            mats.append(np.ascontiguousarray(matrix(i, o, b * 4 + k).T))
    t = time.perf_counter(); c = time.process_time()
    alphas, esd_cpu, fit_cpu = [], 0.0, 0.0
    for W in mats:
        c0 = time.process_time(); e = fixed_sampling(W); c1 = time.process_time()
        alphas.append(float(fit_ks(e))); esd_cpu += c1 - c0; fit_cpu += time.process_time() - c1
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c,
                      "esdCpu": esd_cpu, "fitCpu": fit_cpu, "alphas": alphas}))


if __name__ == "__main__":
    main()
