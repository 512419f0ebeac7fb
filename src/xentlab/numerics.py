"""Stable building blocks: log-sum-exp, softmax and log-softmax (with temperature), sigmoid and
its inverse the logit, and the backward passes of softmax and sigmoid next to their forwards.

All functions accept anything array-like of real numbers, keep float32 as float32 and float64
as float64 (integers become float64), and never overflow: they work from logits with the
log-sum-exp and log-sigmoid identities.
"""

from xentlab._src.numerics import (
    log_sigmoid,
    log_softmax,
    logit,
    logsumexp,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
)

__all__ = [
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logsumexp",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
]
