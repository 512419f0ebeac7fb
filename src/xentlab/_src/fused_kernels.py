"""Numba kernels of the fused cross-entropy (import this only when a kernel is about to run).

For each row x of logits (C classes) one pass over the row in chunks keeps a running maximum m
and the rescaled running sum s = Σ_c e^{x_c − m}, so that log Σ_c e^{x_c} = m + log s without
overflow; the target logit (and Σ_c w_c x_c for label smoothing) is read in the same pass. The
gradient is a second pass over the row, still in cache, written into one output buffer:

    ∂ℓ/∂x_c = k e^{x_c − m} − u w_c − d [c = t],   k = (Σ_c a_c) / s

for ℓ = −Σ_c a_c log softmax(x)_c (see :func:`_grad_coefficients`). Rows shorter than about a
hundred classes go in blocks of rows instead, through a small scratch block. Extra memory is
O(N): a few numbers per row, and scratch of a few KiB per row block or per long row.

numba's ``np.exp`` stays a scalar libm call inside a loop, so :func:`exp_nonpositive` is written
out (range reduction and a polynomial, ≈ 2 ulp) for LLVM to vectorise; the only fast-math flag
used is ``reassoc`` on the sums, which lets LLVM keep several interleaved partial sums (lanes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numba
import numpy as np
from llvmlite import ir
from numba import prange, types
from numba.core import cgutils
from numba.extending import intrinsic, overload

__all__ = ["CHUNK", "ROWS_BLOCK", "exp_nonpositive", "long_rows", "short_rows"]

CHUNK = 2048  # elements of a long row reduced at a time (8 KiB of float32: stays in L1)
ROWS_BLOCK = 4096  # elements of short rows processed together through one scratch block


def _jit(**options: Any) -> Callable[[Any], Any]:
    """``numba.njit(cache=True)``, or without the on-disk cache where numba finds no writable
    place for it (a read-only install and home): caching may fail, importing must not."""

    def decorate(fn: Any) -> Any:
        try:
            return numba.njit(cache=True, **options)(fn)
        except RuntimeError:  # "cannot cache function ...: no locator available"
            return numba.njit(**options)(fn)

    return decorate


def _float_from_bits_intrinsic(typingctx: Any, bits: Any) -> Any:
    """The float whose IEEE-754 bit pattern is ``bits`` (int32 → float32, int64 → float64)."""
    float_type = types.float32 if bits.bitwidth == 32 else types.float64

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.bitcast(args[0], context.get_value_type(float_type))

    return float_type(bits), codegen


def _maximum_intrinsic(typingctx: Any, a: Any, b: Any) -> Any:
    """IEEE-754 maximum: NaN if either is NaN. LLVM vectorises it as a reduction."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        ty = context.get_value_type(signature.return_type)
        suffix = "f32" if signature.return_type == types.float32 else "f64"
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ty, [ty, ty]), f"llvm.maximum.{suffix}"
        )
        return builder.call(fn, args)

    return a(a, a), codegen


# called from jitted code only, where numba supplies typingctx
_float_from_bits: Any = intrinsic(_float_from_bits_intrinsic)
_maximum: Any = intrinsic(_maximum_intrinsic)


def exp_nonpositive(x: float) -> float:
    """e^x for x ≤ 0 in the precision of x, vectorisable (numba only; 0 below the normals).

    .. math:: e^x = 2^k e^r, \\quad k = \\operatorname{round}(x / \\ln 2),
        \\quad r = x - k \\ln 2 \\in [-\\tfrac{\\ln 2}{2}, \\tfrac{\\ln 2}{2}]

    with e^r from its Taylor polynomial (degree 7 for float32, 13 for float64) and 2^k built
    from its exponent bits. NaN gives NaN, −inf gives 0.
    """
    raise NotImplementedError("exp_nonpositive runs inside numba kernels only")


def _exp_constants(
    dtype: Any, ln2_hi: float, ln2_lo: float, degree: int, bias: int, mantissa: int
) -> tuple[Any, ...]:
    """log2(e), ln 2 split in two, the Taylor coefficients 1/j!, and the float format."""
    f, i = np.dtype(dtype).type, np.int32 if dtype == np.float32 else np.int64
    taylor = tuple(f(1 / math.factorial(j)) for j in range(degree + 1))
    k_min = 1 - bias  # the smallest normal power of two, 2^k_min
    lowest = k_min * math.log(2)  # e^x below the normal range counts as 0
    return (
        f(1 / math.log(2)),
        f(ln2_hi),
        f(ln2_lo),
        taylor,
        i(bias),
        i(mantissa),
        f(k_min),
        f(lowest),
    )


# ln 2 = hi + lo, hi with trailing zero bits so that k·hi is exact for every k used (Cody–Waite)
_E32 = _exp_constants(np.float32, 0.693359375, -2.12194440e-4, 7, 127, 23)
_E64 = _exp_constants(np.float64, 6.93147180369123816490e-01, 1.90821492927058770002e-10, 13,
                      1023, 52)  # fmt: skip


def _make_exp(constants: Any) -> Any:
    log2e, ln2_hi, ln2_lo, c, bias, mantissa, k_min, lowest = constants
    half, zero = log2e.dtype.type(0.5), log2e.dtype.type(0.0)
    int_t = mantissa.dtype.type
    degree = len(c) - 1

    def exp(x: Any) -> Any:
        k = np.floor(x * log2e + half)
        k = k if k > k_min else k_min  # NaN and −inf too: keeps 2^k well defined
        r = (x - k * ln2_hi) - k * ln2_lo
        p = c[degree]
        for j in range(degree - 1, -1, -1):  # Horner; LLVM unrolls it
            p = c[j] + r * p
        # numba widens int32 arithmetic to int64: cast the exponent bits back
        two_k = _float_from_bits(int_t((int_t(k) + bias) << mantissa))
        return zero if x < lowest else p * two_k

    return exp


@overload(exp_nonpositive, jit_options={"fastmath": False})
def _exp_nonpositive_overload(x: Any) -> Any:
    if x == types.float32:
        return _make_exp(_E32)
    if x == types.float64:
        return _make_exp(_E64)
    return None


# ---------------------------------------------------------------------------- loops over a row
# Each loop walks whole arrays from index 0: numba then knows that the indices are
# non-negative and LLVM emits plain vector loads (a range from a variable start would not).
# A loop that overwrites its input takes that array once: with two array arguments LLVM checks
# at run time that they do not overlap, and falls back to a scalar loop when they are the same.
# (numba's float(x) keeps a float32 x in float32: np.float64(x) widens it.)


@numba.njit(fastmath=False)
def _max(a: Any) -> Any:
    """max_j a_j, NaN if any a_j is NaN."""
    m = a[0]
    for j in range(1, a.size):
        m = _maximum(m, a[j])
    return m


@numba.njit(fastmath={"reassoc"})
def _sum_exp(a: Any, m: Any) -> Any:
    """Σ_j e^{a_j − m} for a_j ≤ m, in a's precision (a is one chunk, a few thousand long)."""
    s = a.dtype.type(0.0)
    for j in range(a.size):
        s += exp_nonpositive(a[j] - m)
    return s


@numba.njit(fastmath={"reassoc"})
def _store_exp(e: Any, a: Any, m: Any) -> Any:
    """e_j = e^{a_j − m}, returning Σ_j e_j in a's precision (a is one chunk)."""
    s = a.dtype.type(0.0)
    for j in range(a.size):
        e_j = exp_nonpositive(a[j] - m)
        e[j] = e_j
        s += e_j
    return s


@numba.njit(fastmath={"reassoc"})
def _store_exp_in_place(a: Any, m: Any) -> Any:
    """a_j ← e^{a_j − m}, returning Σ_j e^{a_j − m} in a's precision (a is one chunk)."""
    s = a.dtype.type(0.0)
    for j in range(a.size):
        e_j = exp_nonpositive(a[j] - m)
        a[j] = e_j
        s += e_j
    return s


@numba.njit(fastmath={"reassoc"})
def _sum(a: Any) -> float:
    """Σ_j a_j, accumulated in float64."""
    s = 0.0
    for j in range(a.size):
        s += a[j]
    return s


@numba.njit(fastmath={"reassoc"})
def _dot(a: Any, w: Any) -> float:
    """Σ_j w_j a_j, products and sum in float64 (the products of float32 numbers are exact)."""
    s = 0.0
    for j in range(a.size):
        s += np.float64(w[j]) * np.float64(a[j])
    return s


@numba.njit(fastmath=False)
def _exp_in_place(a: Any) -> None:
    for j in range(a.size):
        a[j] = exp_nonpositive(a[j])


@numba.njit(fastmath=False)
def _scale_in_place(g: Any, f: Any, u: Any, w: Any, smoothing: bool) -> None:
    """g_j ← f g_j − u w_j (the second term with label smoothing only)."""
    if smoothing:
        for j in range(g.size):
            g[j] = f * g[j] - u * w[j]
    else:
        for j in range(g.size):
            g[j] = f * g[j]


@numba.njit(fastmath=False)
def _online_softmax(
    row: Any, weight: Any, smoothing: bool, e: Any, keep: bool, in_place: bool, chunk_max: Any
) -> tuple[Any, float, float]:
    """(m, s, Σ_c w_c x_c) with m = max_c x_c and s = Σ_c e^{x_c − m}, in one pass over chunks.

    With ``keep``, e_c = e^{x_c − m_i} is written into e (or over the row ``in_place``), m_i
    being the running max when chunk i was read (kept in chunk_max); a chunk of only −inf is
    left for the gradient pass. A NaN or +inf stops the pass with s = NaN before its chunk is
    written, so that the caller can still find it; a row of only −inf gives s = 0.
    """
    n = row.size
    m = row.dtype.type(-np.inf)
    s = 0.0
    wx = 0.0
    for i in range((n + CHUNK - 1) // CHUNK):
        lo, hi = i * CHUNK, min(n, (i + 1) * CHUNK)
        chunk = row[lo:hi]
        top = _max(chunk)
        if not top < np.inf:  # NaN or +inf
            return m, np.nan, wx
        if smoothing:
            wx += _dot(chunk, weight[lo:hi])
        if top > m:
            # Σ e^{x − m_old} = e^{m_new − m_old} Σ e^{x − m_new}: rescale to the new max
            s *= math.exp(np.float64(m) - np.float64(top))
            m = top
        chunk_max[i] = m
        if m == -np.inf:  # only −inf so far: adds e^{−inf} = 0 (−inf − (−inf) would be NaN)
            continue
        if not keep:
            s += np.float64(_sum_exp(chunk, m))
        elif in_place:
            s += np.float64(_store_exp_in_place(chunk, m))
        else:
            s += np.float64(_store_exp(e[lo:hi], chunk, m))
    return m, s, wx


@numba.njit(fastmath=False)
def _row_loss(x_t: Any, wt: float, total_weight: float, n_classes: int, eps: float,
              lse: float, wx: float) -> float:  # fmt: skip
    """ℓ = (1 − ε) w_t (lse − x_t) + (ε / C) Σ_c w_c (lse − x_c) for a target not ignored."""
    loss = (1.0 - eps) * wt * (lse - np.float64(x_t))
    if eps > 0:
        loss += eps / n_classes * (total_weight * lse - wx)
    return loss


@numba.njit(fastmath=False)
def _grad_coefficients(
    wt: float, valid: bool, total_weight: float, n_classes: int, eps: float, scale: float, s: float
) -> tuple[float, float, float]:
    """(k, u, d) with ∂ℓ/∂x_c = k e^{x_c − m} − u w_c − d [c = t], from
    a_c = scale · ((1 − ε) w_t [c = t] + (ε / C) w_c) and ∂ℓ/∂x_c = (Σ_k a_k) softmax_c − a_c."""
    v = 1.0 if valid else 0.0
    d = scale * (1.0 - eps) * wt
    u = scale * eps / n_classes * v
    # softmax_c = e^{x_c − m} / s: the 1/s goes into k
    k = (d + u * total_weight) / s
    return k, u, d


@numba.njit(fastmath=False)
def _target_grad(g: Any, e_t: Any, f: float, u: float, d: float, w_t: Any, smoothing: bool) -> Any:
    """g_t = f e_t − (u w_t + d) in g's precision: a_t is subtracted whole, as the reference
    path does."""
    to = g.dtype.type
    a_t = to(d) + to(u) * w_t if smoothing else to(d)
    return to(f) * e_t - a_t


@_jit(parallel=True)
def long_rows(
    x: Any, index: Any, valid: Any, weight: Any, eps: float, scale: float, g: Any,
    with_grad: bool, in_place: bool,
) -> tuple[Any, Any]:  # fmt: skip
    """Per-row loss and log Σ_c e^{x_c} of x (N, C); with ``with_grad`` the gradient into g.

    g is x itself when ``in_place``, and one row of scratch, shape (1, C), without
    ``with_grad``. A row with NaN or +inf keeps its values and a row of only −inf too (they
    make log Σ e^x NaN, and the caller raises); rows before them may hold their gradient.
    """
    n_rows, n_classes = x.shape
    smoothing = eps > 0
    total_weight = _sum(weight)
    n_chunks = (n_classes + CHUNK - 1) // CHUNK
    loss = np.zeros(n_rows)
    lse = np.empty(n_rows)
    for n in prange(n_rows):
        row = x[n]
        t = index[n]
        x_t = row[t]  # read first: g may be x itself
        e = g[n] if with_grad else g[0]
        chunk_max = np.empty(n_chunks)
        m, s, wx = _online_softmax(row, weight, smoothing, e, with_grad, in_place, chunk_max)
        # log Σ e^x = m + log s: finite for a valid row, NaN for NaN, +inf or only −inf
        lse[n] = np.float64(m) + math.log(s) if s > 0 else np.nan
        if not math.isfinite(lse[n]):
            continue
        wt = np.float64(weight[t]) if valid[n] else 0.0
        if valid[n]:
            loss[n] = _row_loss(x_t, wt, total_weight, n_classes, eps, lse[n], wx)
        if not with_grad:
            continue
        k, u, d = _grad_coefficients(wt, valid[n], total_weight, n_classes, eps, scale, s)
        for i in range(n_chunks):
            lo, hi = i * CHUNK, min(n_classes, (i + 1) * CHUNK)
            if chunk_max[i] == -np.inf:  # a chunk of only −inf: e^{x − m_i} = 0
                e[lo:hi] = 0.0
            e_t = e[t] if lo <= t < hi else e.dtype.type(0.0)
            # e^{x − m_i} → e^{x − m}: one factor per chunk
            f = k * math.exp(chunk_max[i] - np.float64(m))
            _scale_in_place(e[lo:hi], e.dtype.type(f), e.dtype.type(u), weight[lo:hi], smoothing)
            if lo <= t < hi:
                e[t] = _target_grad(e, e_t, f, u, d, weight[t], smoothing)
    return loss, lse


@_jit(parallel=True)
def short_rows(
    x: Any, index: Any, valid: Any, weight: Any, eps: float, scale: float, g: Any,
    with_grad: bool, in_place: bool,
) -> tuple[Any, Any]:  # fmt: skip
    """:func:`long_rows` for short rows: a block of rows shares one flat, vectorised exp pass
    through a scratch block (so that a bad row is never overwritten, even ``in_place``)."""
    n_rows, n_classes = x.shape
    smoothing = eps > 0
    total_weight = _sum(weight)
    loss = np.zeros(n_rows)
    lse = np.empty(n_rows)
    rows_per_block = max(1, ROWS_BLOCK // n_classes)
    n_blocks = (n_rows + rows_per_block - 1) // rows_per_block
    # short rows are indexed in place, not sliced: a view per row would cost more than its row
    for b in prange(n_blocks):
        r0, r1 = b * rows_per_block, min(n_rows, (b + 1) * rows_per_block)
        e = np.empty((r1 - r0, n_classes), x.dtype)
        m = np.empty(r1 - r0, x.dtype)
        for i in range(r1 - r0):
            m_i = x[r0 + i, 0]
            for c in range(1, n_classes):
                m_i = _maximum(m_i, x[r0 + i, c])
            for c in range(n_classes):
                e[i, c] = x[r0 + i, c] - m_i
            m[i] = m_i
        _exp_in_place(e.reshape(-1))
        for i in range(r1 - r0):
            r = r0 + i
            s = 0.0
            for c in range(n_classes):
                s += e[i, c]
            # NaN, +inf and only −inf make s NaN (x − m is NaN somewhere): log Σ e^x is NaN
            lse[r] = np.float64(m[i]) + math.log(s) if s > 0 else np.nan
            if not math.isfinite(lse[r]):
                continue
            t = index[r]
            wt = np.float64(weight[t]) if valid[r] else 0.0
            if valid[r]:
                wx = 0.0
                if smoothing:
                    for c in range(n_classes):
                        wx += np.float64(weight[c]) * np.float64(x[r, c])
                loss[r] = _row_loss(x[r, t], wt, total_weight, n_classes, eps, lse[r], wx)
            if with_grad:
                k, u, d = _grad_coefficients(wt, valid[r], total_weight, n_classes, eps, scale, s)
                e_t = e[i, t]
                kk, uu = g.dtype.type(k), g.dtype.type(u)
                for c in range(n_classes):
                    g[r, c] = kk * e[i, c] - uu * weight[c] if smoothing else kk * e[i, c]
                g[r, t] = _target_grad(g, e_t, k, u, d, weight[t], smoothing)
    return loss, lse
