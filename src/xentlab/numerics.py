"""Stable softmax, sigmoid and their kin, with their backward passes: the names listed in
:mod:`xentlab._src.numerics`, whose docstring tells what they promise."""

from xentlab._src import numerics as _numerics
from xentlab._src.numerics import *  # noqa: F403

__all__ = _numerics.__all__
