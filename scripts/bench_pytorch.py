#!/usr/bin/python3
"""PyTorch peer of `scripts/charspark bench --suite train` (issue #6, row 3).

Trains the benchmark model -- Embedding(99, 50) -> LSTM(128) -> last time step -> Linear(1)
(sigmoid in the loss: BCEWithLogits), RMSprop lr 1e-3 (alpha 0.95, eps 1e-8: DL4J's RmsProp) --
on CPU over the sequences the Java bench wrote to DATA (meta.json, features.u8 [n, length] uint8
character indices, labels.u8 [n] uint8), in minibatches of --batch, in file order. meta.json's
"model" picks the network (default "lstm", the above): "bilstm" -- Embedding -> LSTM(units,
bidirectional) -> max over time -> Linear(1), charspark's spoilers bilstm; "lm" -- Embedding(classes)
-> LSTM(units) -> last step -> Linear(classes) with cross-entropy (labels are the next character's
index), charspark's language model without dropout.

One warm-up pass over --warmup-batches minibatches (excluded), then --reps timed passes over all n
sequences. Prints ONE JSON line on stdout (logs go to stderr): seq/s median/min/max, seconds, the
loss after the last pass, versions, BLAS and thread settings, SGEMM rate of torch's BLAS and the
process's peak RSS.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE \
      /usr/bin/python3 scripts/bench_pytorch.py --data DIR/train-data --threads 1

Converge mode (`bench --suite converge`, issue #17): with --converge VALDIR (same format), trains a
fresh model over DATA's minibatches in file order, epoch after epoch, and after every --eval-every
training sequences computes the validation ROC AUC (exact, by ranks, ties half) and mean log loss
(probabilities clipped to [1e-7, 1 - 1e-7]) -- as the Java side does -- until AUC >= --target-auc
and loss <= --target-loss, or --max-epochs, or --max-seconds of training. Evaluation time is not
training time. The JSON line then carries "curve": [{sequences, seconds, auc, loss}, ...].

(`bench` sets those variables; the thread counts to --threads. Debian's torch is built with
BLAS_INFO=generic and calls whatever libblas.so.3 is selected: install libopenblas0-pthread, or
it is the reference BLAS, ~15x slower at SGEMM -- see "blas_libraries_loaded" in the output.)
"""
import argparse
import json
import os
import platform
import re
import resource
import statistics
import sys
import time


def log(msg):
    print("bench_pytorch: " + msg, file=sys.stderr, flush=True)


def loaded_blas():
    """Real paths of the BLAS/LAPACK/MKL shared libraries mapped into this process."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path).lower()
                if path.startswith("/") and any(k in name for k in ("blas", "lapack", "mkl")):
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(libs)


def peak_rss_mb():
    """VmHWM of this process. Not ru_maxrss: Linux keeps that across execve, so a child of a JVM
    would report the JVM's peak."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="directory with meta.json, features.u8, labels.u8")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (intra-op threads)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--reps", type=int, default=3, help="timed passes over all sequences")
    ap.add_argument("--warmup-batches", type=int, default=8)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--gemm-n", type=int, default=1024, help="square SGEMM size for the BLAS rate (0: skip)")
    ap.add_argument("--flush-denormal", action="store_true",
                    help="torch.set_flush_denormal(True): denormal floats as zero (FTZ/DAZ); the default"
                         " keeps them, and their slow arithmetic slowed this model's first passes 10x")
    ap.add_argument("--converge", metavar="VALDIR", help="converge mode: validation data directory")
    ap.add_argument("--eval-every", type=int, default=640, help="converge: training sequences between evaluations")
    ap.add_argument("--target-auc", type=float, default=0.90)
    ap.add_argument("--target-loss", type=float, default=0.40)
    ap.add_argument("--max-epochs", type=int, default=12)
    ap.add_argument("--max-seconds", type=float, default=180.0)
    a = ap.parse_args()

    # Before torch creates its pools: one inter-op thread, --threads intra-op threads.
    import numpy as np
    import torch
    from torch import nn

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    flush = torch.set_flush_denormal(True) if a.flush_denormal else False
    torch.manual_seed(a.seed)

    def load(d):
        with open(os.path.join(d, "meta.json")) as f:
            m = json.load(f)
        n, length = int(m["sequences"]), int(m["length"])
        x = np.fromfile(os.path.join(d, "features.u8"), dtype=np.uint8)
        y = np.fromfile(os.path.join(d, "labels.u8"), dtype=np.uint8)
        if x.size != n * length or y.size != n:
            raise SystemExit(f"data size mismatch in {d}: {x.size} features, {y.size} labels for n={n}, length={length}")
        if m.get("model", "lstm") == "lm":
            lab = torch.from_numpy(y.astype(np.int64))
        else:
            lab = torch.from_numpy(y.astype(np.float32)).reshape(n, 1)
        return m, n, length, torch.from_numpy(x.reshape(n, length).astype(np.int64)), lab

    meta, n, length, features, labels = load(a.data)
    model = meta.get("model", "lstm")
    vocab = int(meta.get("vocab", 99))
    classes = int(meta.get("classes", 1))
    batches = [(features[i:i + a.batch], labels[i:i + a.batch]) for i in range(0, n, a.batch)]

    units = int(meta.get("units", 128))
    bidirectional = model == "bilstm"

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocab, int(meta.get("embedding", 50)))
            self.lstm = nn.LSTM(int(meta.get("embedding", 50)), units, batch_first=True,
                                bidirectional=bidirectional)
            self.out = nn.Linear(units * (2 if bidirectional else 1), classes)

        def forward(self, idx):
            h, _ = self.lstm(self.embed(idx))
            return self.out(h.max(dim=1).values if bidirectional else h[:, -1, :])

    net = Net()
    opt = torch.optim.RMSprop(net.parameters(), lr=a.lr, alpha=0.95, eps=1e-8)
    loss_fn = nn.CrossEntropyLoss() if model == "lm" else nn.BCEWithLogitsLoss()
    net.train()

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    if a.converge:
        # Warm-up on a throwaway copy (its own optimizer): the first passes of a fresh process ran
        # 3-4x slower than later ones here (allocator and kernel warm-up), which is not learning.
        import copy
        wnet = copy.deepcopy(net)
        wopt = torch.optim.RMSprop(wnet.parameters(), lr=a.lr, alpha=0.95, eps=1e-8)
        t0 = time.perf_counter()
        for xb, yb in batches[: max(1, a.warmup_batches)]:
            wopt.zero_grad(set_to_none=True)
            loss_fn(wnet(xb), yb).backward()
            wopt.step()
        log(f"warm-up {min(len(batches), max(1, a.warmup_batches))} batches on a copy in {time.perf_counter() - t0:.2f}s")
        del wnet, wopt
        converge(a, net, opt, step, batches, load(a.converge), torch, np)
        return

    t0 = time.perf_counter()
    for xb, yb in batches[: max(1, a.warmup_batches)]:
        step(xb, yb)
    log(f"warm-up {min(len(batches), max(1, a.warmup_batches))} batches in {time.perf_counter() - t0:.2f}s")

    secs, cpu, loss = [], [], float("nan")
    for r in range(a.reps):
        c0, t0 = time.process_time(), time.perf_counter()
        total = 0.0
        for xb, yb in batches:
            total += step(xb, yb) * xb.shape[0]
        secs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        loss = total / n
        log(f"pass {r + 1}/{a.reps}: {secs[-1]:.2f}s, {n / secs[-1]:.1f} seq/s, mean loss {loss:.4f}")

    gemm = None
    if a.gemm_n > 0:
        g = torch.Generator().manual_seed(a.seed)
        m1 = torch.rand(a.gemm_n, a.gemm_n, generator=g)
        m2 = torch.rand(a.gemm_n, a.gemm_n, generator=g)
        for _ in range(3):
            torch.mm(m1, m2)
        rates = []
        for _ in range(5):
            k, t0 = 10, time.perf_counter()
            for _ in range(k):
                torch.mm(m1, m2)
            rates.append(2.0 * a.gemm_n ** 3 * k / (time.perf_counter() - t0) / 1e9)
        gemm = {"n": a.gemm_n, "gflops_median": statistics.median(rates), "gflops_min": min(rates),
                "gflops_max": max(rates), "runs": len(rates)}

    blas_libs = loaded_blas()
    config = torch.__config__.show()
    blas = re.findall(r"\b(?:BLAS_INFO|LAPACK_INFO|USE_MKLDNN|USE_OPENMP)=[^,\s]*", config)
    med = statistics.median(secs)
    out = {
        "model": model, "sequences": n, "length": length, "batch": a.batch, "threads": a.threads,
        "seconds_median": med, "seconds_min": min(secs), "seconds_max": max(secs), "runs": len(secs),
        "seq_per_s_median": n / med, "seq_per_s_min": n / max(secs), "seq_per_s_max": n / min(secs),
        "cpu_per_wall_median": statistics.median(c / s for c, s in zip(cpu, secs)),
        "loss_after": loss,
        "torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
        "flush_denormal": bool(flush),
        "torch_num_threads": torch.get_num_threads(),
        "torch_num_interop_threads": torch.get_num_interop_threads(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                         "OMP_WAIT_POLICY")},
        "blas": ", ".join(blas) if blas else "see config",
        # Debian's torch is built with BLAS_INFO=generic: it calls whatever libblas.so.3 the
        # alternatives system points at. The reference BLAS (package libblas3) is ~15x slower than
        # OpenBLAS (libopenblas0-pthread) at SGEMM.
        "blas_libraries_loaded": blas_libs,
        "blas_is_reference": any("/blas/libblas" in p for p in blas_libs),
        "mkldnn": bool(torch.backends.mkldnn.is_available()),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "parallel_info": torch.__config__.parallel_info(),
        "config": config,
        "gemm": gemm,
        "peak_rss_mb": peak_rss_mb(),
        "argv": " ".join([sys.executable] + sys.argv),
    }
    print(json.dumps(out), flush=True)


def auc_exact(p, y):
    """ROC AUC by ranks (Mann-Whitney), ties counted half -- as ConvergeBench.auc."""
    import numpy as np
    order = np.argsort(p, kind="mergesort")
    ps, ys = p[order], y[order]
    ranks = np.empty(len(p))
    i = 0
    while i < len(p):
        j = i
        while j + 1 < len(p) and ps[j + 1] == ps[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2.0 + 1
        i = j + 1
    pos = int(ys.sum())
    neg = len(p) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    return float((ranks[ys == 1].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def converge(a, net, opt, step, batches, val, torch, np):
    """Trains until the validation targets or a cap; prints the JSON line with the curve."""
    _, vn, _, vx, vy = val
    vyl = vy.numpy().reshape(-1).astype(np.int64)

    def evaluate():
        net.eval()
        with torch.no_grad():
            p = torch.cat([torch.sigmoid(net(vx[i:i + 256])) for i in range(0, vn, 256)]).numpy().reshape(-1)
        net.train()
        p = p.astype(np.float64)
        q = np.clip(p, 1e-7, 1 - 1e-7)
        loss = float(-np.mean(np.where(vyl == 1, np.log(q), np.log(1 - q))))
        return auc_exact(p, vyl), loss

    curve, seen, trained, since, done = [], 0, 0.0, 0, False
    c0 = time.process_time()
    for epoch in range(a.max_epochs):
        t0 = time.perf_counter()
        for xb, yb in batches:
            step(xb, yb)
            seen += xb.shape[0]
            since += xb.shape[0]
            if since >= a.eval_every:
                trained += time.perf_counter() - t0
                since = 0
                auc, loss = evaluate()
                curve.append({"sequences": seen, "seconds": trained, "auc": auc, "loss": loss})
                log(f"epoch {epoch + 1}: {seen} sequences, {trained:.1f}s, val AUC {auc:.4f}, loss {loss:.4f}")
                if (auc >= a.target_auc and loss <= a.target_loss) or trained > a.max_seconds:
                    done = True
                    break
                t0 = time.perf_counter()
        if done:
            break
        trained += time.perf_counter() - t0 if since else 0.0
    out = {
        "mode": "converge", "sequences": sum(int(xb.shape[0]) for xb, _ in batches), "batch": a.batch, "threads": a.threads,
        "validation_sequences": vn, "target_auc": a.target_auc, "target_loss": a.target_loss,
        "curve": curve, "cpu_seconds": time.process_time() - c0,
        "torch": torch.__version__, "torch_num_threads": torch.get_num_threads(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                         "OMP_WAIT_POLICY", "OPENBLAS_CORETYPE")},
        "blas_libraries_loaded": loaded_blas(),
        "peak_rss_mb": peak_rss_mb(),
        "argv": " ".join([sys.executable] + sys.argv),
    }
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
