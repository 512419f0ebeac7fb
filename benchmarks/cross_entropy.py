"""Large-vocabulary cross-entropy: xentlab's fused kernels against PyTorch and a NumPy recipe.

For each (N, V) of float32 logits with class-index targets this prints, all measured in the same
run: the median time of every method, its ratio to the memory-bandwidth bound, and its peak
extra memory. Methods:

- ``xentlab fwd``: ``xl.cross_entropy``; ``xentlab fwd+grad``: ``xl.cross_entropy_with_grad``
  (a new gradient array per call) and ``... out=``, writing the gradient into a reused buffer.
- ``torch fwd``: ``F.cross_entropy`` under ``no_grad``; ``torch fwd+bwd``: the same with
  ``requires_grad`` and ``backward()`` (2 threads, ``torch.set_num_threads(2)``).
- ``numpy fwd`` / ``numpy fwd+grad``: the textbook recipe, log_softmax with full N×V temporaries.

The bound is the time to read the logits once (``torch.sum``, 2 threads): ``bound/t`` is the
fraction of it a method reaches (1 = as fast as reading the input). A gradient must also be
written, so fwd+grad rows also show ``copy/t``, against the time of copying the logits into a
preallocated array (read + write of N·V floats). Peak extra memory is the growth of the
resident set's high-water mark (VmHWM, reset through /proc/self/clear_refs; Linux) of a fresh
process during the second call of the method, the logits, targets and any ``out=`` buffer being
already there: it counts every allocation that was touched, NumPy's, torch's and numba's, and
includes the gradient a method returns.

Run: ``python benchmarks/cross_entropy.py`` (``--quick`` for fewer repetitions and no memory
column, ``--shapes 8192x32000`` for some shapes only).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

SHAPES = [(1_000_000, 10), (65_536, 1_000), (8_192, 32_000), (2_048, 128_256)]
THREADS = 2
METHODS = [
    "xentlab fwd",
    "xentlab fwd+grad",
    "xentlab fwd+grad out=",
    "torch fwd",
    "torch fwd+bwd",
    "numpy fwd",
    "numpy fwd+grad",
]


def numpy_recipe(x: np.ndarray, t: np.ndarray, grad: bool) -> Any:
    """Mean cross-entropy by log_softmax, and its gradient (softmax − one-hot) / N."""
    m = x.max(axis=1, keepdims=True)
    log_p = x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))
    rows = np.arange(x.shape[0])
    loss = -log_p[rows, t].mean()
    if not grad:
        return loss
    g = np.exp(log_p)
    g[rows, t] -= 1
    g /= x.shape[0]
    return loss, g


def make_inputs(n: int, v: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, v), dtype=np.float32)
    x *= 2  # in place: no temporary the size of the logits
    return x, rng.integers(0, v, size=n)


def make_method(name: str, x: np.ndarray, t: np.ndarray) -> Callable[[], Any]:
    """A call that runs one method once on (x, t), with its inputs prepared outside it."""
    import torch
    import torch.nn.functional as F

    import xentlab as xl

    torch.set_num_threads(THREADS)
    xt, tt = torch.from_numpy(x), torch.from_numpy(t)
    if name == "xentlab fwd":
        return lambda: xl.cross_entropy(x, t)
    if name == "xentlab fwd+grad":
        return lambda: xl.cross_entropy_with_grad(x, t)
    if name == "xentlab fwd+grad out=":
        out = np.empty_like(x)
        out.fill(0)  # a buffer in reuse is resident: fault its pages in now
        return lambda: xl.cross_entropy_with_grad(x, t, out=out)
    if name == "torch fwd":

        def torch_fwd() -> Any:
            with torch.no_grad():
                return F.cross_entropy(xt, tt)

        return torch_fwd
    if name == "torch fwd+bwd":
        leaf = xt.clone().requires_grad_(True)  # a copy made once, outside the timing

        def torch_fwd_bwd() -> Any:
            leaf.grad = None
            F.cross_entropy(leaf, tt).backward()
            return leaf.grad

        return torch_fwd_bwd
    if name == "numpy fwd":
        return lambda: numpy_recipe(x, t, grad=False)
    if name == "numpy fwd+grad":
        return lambda: numpy_recipe(x, t, grad=True)
    raise ValueError(f"unknown method {name!r}")


def median_time(fn: Callable[[], Any], repeats: int) -> float:
    fn()  # warm-up: compilation, page faults of first use
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bandwidth_times(x: np.ndarray, repeats: int) -> tuple[float, float]:
    """(time to read x once, time to copy x into a preallocated array), 2 threads."""
    import torch

    torch.set_num_threads(THREADS)
    xt = torch.from_numpy(x)
    out = torch.empty_like(xt)
    return median_time(lambda: xt.sum(), repeats), median_time(lambda: out.copy_(xt), repeats)


# ------------------------------------------------------------------------------ memory


def _status_bytes(field: str) -> int:
    """A memory figure of this process from /proc/self/status (Linux), in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _child_peak(name: str, n: int, v: int) -> None:
    """In a fresh process: print the peak RSS growth of one call of the method."""
    x, t = make_inputs(n, v)
    fn = make_method(name, x, t)
    fn()  # a first call: imports, numba's kernels loaded; its result is freed
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # resets the high-water mark VmHWM to the current RSS
    before = _status_bytes("VmRSS")
    fn()
    print(_status_bytes("VmHWM") - before)


def peak_extra_memory(name: str, n: int, v: int) -> int:
    for attempt in range(2):  # the machine is shared: one retry if memory was short
        out = subprocess.run(
            [sys.executable, __file__, "--child", name, f"{n}x{v}"],
            capture_output=True,
            text=True,
        )
        if out.returncode == 0:
            break
        if attempt == 1:
            raise RuntimeError(f"memory of {name!r} at {n}x{v} failed:\n{out.stderr}")
    return int(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------ compile cost


def _child_first_call() -> None:
    start = time.perf_counter()
    import xentlab as xl

    x, t = make_inputs(1024, 1024)  # above the threshold: long rows
    xs, ts = make_inputs(1 << 16, 16)  # short rows
    loaded = time.perf_counter()
    first = time.perf_counter()
    xl.cross_entropy_with_grad(x, t)
    xl.cross_entropy_with_grad(xs, ts)
    first = time.perf_counter() - first
    again = time.perf_counter()
    xl.cross_entropy_with_grad(x, t)
    xl.cross_entropy_with_grad(xs, ts)
    again = time.perf_counter() - again
    print(f"{loaded - start} {first - again}")


def first_call_costs() -> tuple[float, float]:
    """Extra time of the first float32 with-gradient call (both kernels) in a fresh process:
    with numba's cache empty (compiling), then with it filled by that run."""
    cache = tempfile.mkdtemp(prefix="xentlab-numba-cache-")
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    try:
        costs = []
        for _ in range(2):
            out = subprocess.run(
                [sys.executable, __file__, "--child-first-call"],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            )
            costs.append(float(out.stdout.split()[-1]))
        return costs[0], costs[1]
    finally:
        shutil.rmtree(cache, ignore_errors=True)


# ------------------------------------------------------------------------------ report


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f}"


def fmt_bytes(n: int | None) -> str:
    if n is None:
        return "–"
    if n < 1 << 20:
        return "< 1 MiB"
    return f"{n / (1 << 30):.2f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.0f} MiB"


def run(shapes: list[tuple[int, int]], repeats: int, memory: bool) -> None:
    import numba
    import torch

    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"numpy {np.__version__}, torch {torch.__version__} ({THREADS} threads), "
        f"numba {numba.__version__} ({numba.get_num_threads()} threads); "
        f"median of {repeats}"
    )
    load = os.getloadavg()[0]
    print(f"# load average at start: {load:.2f}")
    cold, warm = first_call_costs()
    print(f"# first-call cost of the kernels (float32, both paths): {cold:.1f} s with an empty")
    print(f"# numba cache (compiling), {warm:.2f} s with the cache filled (loading)")
    print()
    header = "| (N, V) | method | time (ms) | bound/t | copy/t | speed-up vs torch | peak extra |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|")
    for n, v in shapes:
        x, t = make_inputs(n, v)
        read, copy = bandwidth_times(x, repeats)
        gib = x.nbytes / (1 << 30)
        print(f"| {n:,} × {v:,} | read logits once ({gib:.2f} GiB) | {fmt_ms(read)} | 1.00 | | | |")
        print(f"| | copy logits (read + write) | {fmt_ms(copy)} | | 1.00 | | |")
        times = {name: median_time(make_method(name, x, t), repeats) for name in METHODS}
        for name in METHODS:
            ref = times["torch fwd" if name.endswith("fwd") else "torch fwd+bwd"]
            writes = "fwd+" in name
            copy_ratio = f"{copy / times[name]:.2f}" if writes else ""
            peak = peak_extra_memory(name, n, v) if memory else None
            print(
                f"| | {name} | {fmt_ms(times[name])} | {read / times[name]:.2f} | {copy_ratio} "
                f"| {ref / times[name]:.1f}× | {fmt_bytes(peak)} |",
                flush=True,
            )
        del x, t
    print(f"\n# load average at end: {os.getloadavg()[0]:.2f}")


def parse_shape(text: str) -> tuple[int, int]:
    n, v = text.lower().split("x")
    return int(n), int(v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repetitions, no memory column")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--shapes", nargs="*", type=parse_shape, default=SHAPES)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-first-call", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child_peak(args.child[0], *parse_shape(args.child[1]))
    elif args.child_first_call:
        _child_first_call()
    else:
        run(args.shapes, 3 if args.quick else args.repeats, memory=not args.quick)


if __name__ == "__main__":
    main()
