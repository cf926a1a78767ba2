"""NumPy transcription of BitStack's absolute-value decomposition loop (spec step 5), for timing.

Usage: python3 avd_numpy.py N NITER K FILE -> prints JSON {seconds (CPU), rel} for the N x N float32
matrix in FILE (raw little-endian, row-major, written by bench/speed.ts), computed in float64, the
dtype the TypeScript path computes in.
"""
import json, sys, time
import numpy as np

n, niter, k = (int(a) for a in sys.argv[1:4])
W = np.fromfile(sys.argv[4], dtype="<f4").reshape(n, n).astype(np.float64)
t = time.process_time()
R = W.copy()
for _ in range(niter):
    S = np.where(R >= 0, 1.0, -1.0)
    U, s, Vt = np.linalg.svd(np.abs(R), full_matrices=False)
    R = R - S * ((U[:, :k] * np.sqrt(s[:k])) @ (np.sqrt(s[:k])[:, None] * Vt[:k]))
sec = time.process_time() - t
print(json.dumps({"seconds": sec, "rel": float(np.linalg.norm(R) / np.linalg.norm(W))}))
