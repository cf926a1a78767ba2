# NumPy reference for the projection benchmark (bench/index.ts runs it with OPENBLAS_NUM_THREADS=1):
# the spec's §3.3 projection written with batched np.linalg.svd, as an einsum-style port of
# fly's blockdiag_butterfly_project_einsum_rank would do it. Usage: python3 project_numpy.py n k q p l s r
import sys, time
import numpy as np

n_out, n_in = None, None
k, q, p, l, s, r = map(int, sys.argv[1:7])
n_out, n_in = l * s, k * p
i = np.arange(n_out)[:, None]
j = np.arange(n_in)[None, :]
A = ((i * 7 + j * 13 + (i * j) % 17) % 101) / 50.0 - 1.0  # same formula as bench/index.ts
t0 = time.perf_counter()
T = A.reshape(s, l, k, p).transpose(1, 2, 0, 3)  # (l, k, s, p): slice (g, a)
U, S, Vt = np.linalg.svd(T, full_matrices=False)
ranks = np.zeros((l, k), dtype=int)
for a in range(k):
    for b in range(q):
        ranks[(a * q + b) % l, a] += 1
keep = np.arange(S.shape[-1])[None, None, :] < ranks[:, :, None]
sq = float((S**2 * ~keep).sum())
w1 = np.zeros((k, q, p)); w2 = np.zeros((l, s, r))
for g in range(l):
    for a in range(k):
        bs = [b for b in range(q) if (a * q + b) % l == g]
        for idx, b in enumerate(bs[: S.shape[-1]]):
            root = np.sqrt(S[g, a, idx])
            w1[a, b] = root * Vt[g, a, idx]
            w2[g, :, (a * q + b - g) // l] = root * U[g, a, :, idx]
dt = time.perf_counter() - t0
print(f"{dt:.4f} {sq:.10e}")
