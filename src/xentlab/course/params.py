"""Declared parameters: each input of a lesson (or of the lab) is declared once, with its kind,
range, step and default, and from that one declaration come validation, URL parsing and
writing, the bad-link notice and the bounds of the control that moves it.

A declaring class is a frozen dataclass that inherits :class:`Declared` and gives each field a
:func:`param`::

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Inputs(Declared):
    ...     yhat: float = param(Real(0.01, 0.99, 0.01), 0.7)
    ...     y: int = param(Whole(0, 1), 1)
    >>> Inputs.from_query({"yhat": "0.123", "y": "7"})
    (Inputs(yhat=0.12, y=1), ('y',))
    >>> Inputs(yhat=0.3).to_query()["yhat"]
    '0.3'
    >>> Inputs(yhat=1.5)
    Traceback (most recent call last):
    ...
    ValueError: yhat must be a number in [0.01, 0.99], got 1.5

Rules between fields (a class index below the number of logits) go in ``check()``, raising
:class:`Conflict` with the fields; a link that breaks one falls back to their defaults.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Self

from xentlab._src.messages import Phrase

__all__ = [
    "Choice",
    "Conflict",
    "Declared",
    "Number",
    "OrNone",
    "Param",
    "Real",
    "Reals",
    "Spec",
    "Text",
    "Whole",
    "fmt_number",
    "param",
]

#: tolerance of range checks: a slider value such as 0.1 + 0.2 may sit an ulp outside
_SLACK = 1e-9


def fmt_number(value: float) -> str:
    """A number written for a URL: the shortest text that reads back as the same number."""
    return f"{value:.10g}"


def _as_float(raw: str) -> float:
    """The number written as ``raw`` (a true minus sign allowed); ValueError if it is not one."""
    value = float(raw.strip().replace("−", "-"))
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Spec(Protocol):
    """What a parameter's kind knows: what it expects, how to check, read and write a value."""

    @property
    def expects(self) -> str:
        """The values it accepts, in words (used in error messages)."""

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a valid value."""

    def parse(self, raw: str) -> Any:
        """The value written as ``raw`` in a URL; ValueError if it is not a valid one."""

    def format(self, value: Any) -> str:
        """``value`` written for a URL."""


@dataclass(frozen=True)
class Real:
    """A number in [lo, hi] moved in steps of ``step`` (a slider)."""

    lo: float
    hi: float
    step: float

    @property
    def expects(self) -> str:
        return Phrase("expects_real", lo=self.lo, hi=self.hi)

    def accepts(self, value: Any) -> bool:
        return (
            _is_number(value)
            and math.isfinite(value)
            and self.lo - _SLACK <= value <= self.hi + _SLACK
        )

    def parse(self, raw: str) -> float:
        value = _as_float(raw)
        if not self.accepts(value):
            raise ValueError(raw)
        # snapped to the slider's grid, as the slider itself would show it
        snapped = self.lo + round((value - self.lo) / self.step) * self.step
        return round(min(max(snapped, self.lo), self.hi), 10)

    def format(self, value: Any) -> str:
        return fmt_number(value)


@dataclass(frozen=True)
class Whole:
    """A whole number in [lo, hi] (a class index, a count of classes, a toggle)."""

    lo: int
    hi: int

    @property
    def expects(self) -> str:
        return Phrase("expects_whole", lo=self.lo, hi=self.hi)

    def accepts(self, value: Any) -> bool:
        return (
            isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi
        )

    def parse(self, raw: str) -> int:
        value = _as_float(raw)
        if not value.is_integer() or not self.accepts(int(value)):
            raise ValueError(raw)
        return int(value)

    def format(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of words (a unit, a language)."""

    options: tuple[str, ...]

    @property
    def expects(self) -> str:
        return Phrase("expects_choice", options=", ".join(self.options))

    def accepts(self, value: Any) -> bool:
        return value in self.options

    def parse(self, raw: str) -> str:
        if raw not in self.options:
            raise ValueError(raw)
        return raw

    def format(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class Reals:
    """A list of ``sizes[0]`` to ``sizes[1]`` numbers, each in [lo, hi] (whole if ``whole``);
    written comma-separated in a URL."""

    lo: float
    hi: float
    sizes: tuple[int, int]
    whole: bool = False

    @property
    def expects(self) -> str:
        key, (fewest, most) = "expects_reals_whole" if self.whole else "expects_reals", self.sizes
        if fewest == most:  # "9 numbers", not "9 to 9 numbers"
            return Phrase(f"{key}_exactly", n=fewest, lo=self.lo, hi=self.hi)
        return Phrase(key, fewest=fewest, most=most, lo=self.lo, hi=self.hi)

    def accepts(self, value: Any) -> bool:
        if not isinstance(value, tuple) or not self.sizes[0] <= len(value) <= self.sizes[1]:
            return False
        item = Whole(int(self.lo), int(self.hi)) if self.whole else Real(self.lo, self.hi, 1.0)
        return all(item.accepts(v) for v in value)

    def parse(self, raw: str) -> tuple[float, ...] | tuple[int, ...]:
        numbers = tuple(_as_float(part) for part in raw.split(","))
        value = tuple(int(v) for v in numbers if v.is_integer()) if self.whole else numbers
        if len(value) != len(numbers) or not self.accepts(value):
            raise ValueError(raw)
        return value

    def format(self, value: Any) -> str:
        return ",".join(fmt_number(v) for v in value)


@dataclass(frozen=True)
class Text:
    """Free text of at most ``max_length`` characters."""

    max_length: int

    @property
    def expects(self) -> str:
        return Phrase("expects_text", n=self.max_length)

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str) and len(value) <= self.max_length

    def parse(self, raw: str) -> str:
        if not self.accepts(raw):
            raise ValueError(raw[:20])
        return raw

    def format(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class Number:
    """A number typed in a box rather than moved on a slider (no grid): at least ``lo`` (above
    it if ``lo_open``) and, if ``hi`` is given, at most ``hi`` (below it if ``hi_open``); a whole
    number if ``whole``. A learning rate is ``Number(0, lo_open=True)``."""

    lo: float
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    whole: bool = False

    @property
    def expects(self) -> str:
        kind = Phrase("a_whole_number" if self.whole else "a_number")
        if self.hi is None:
            key = "expects_above" if self.lo_open else "expects_at_least"
            return Phrase(key, kind=kind, lo=self.lo)
        left, right = "(" if self.lo_open else "[", ")" if self.hi_open else "]"
        return Phrase("expects_between", kind=kind, left=left, lo=self.lo, hi=self.hi, right=right)

    def accepts(self, value: Any) -> bool:
        if self.whole:
            if not isinstance(value, int) or isinstance(value, bool):
                return False
        elif not (_is_number(value) and math.isfinite(value)):
            return False
        above = value > self.lo if self.lo_open else value >= self.lo
        below = self.hi is None or (value < self.hi if self.hi_open else value <= self.hi)
        return above and below

    def parse(self, raw: str) -> float:
        value = _as_float(raw)
        if self.whole and value.is_integer():
            value = int(value)
        if not self.accepts(value):
            raise ValueError(raw)
        return value

    def format(self, value: Any) -> str:
        return str(value) if self.whole else fmt_number(value)


@dataclass(frozen=True)
class OrNone:
    """A value of kind ``spec``, or None (an option that is off), written ``words[0]`` in a URL
    or on a command line; each of ``words`` reads as None."""

    spec: Spec
    words: tuple[str, ...]

    @property
    def expects(self) -> str:
        return Phrase("expects_or_none", word=self.words[0], expects=self.spec.expects)

    def accepts(self, value: Any) -> bool:
        return value is None or self.spec.accepts(value)

    def parse(self, raw: str) -> Any:
        return None if raw.strip() in self.words else self.spec.parse(raw)

    def format(self, value: Any) -> str:
        return self.words[0] if value is None else self.spec.format(value)


@dataclass(frozen=True)
class Param:
    """One declared input: its field name, its URL key and its kind."""

    name: str
    key: str
    spec: Spec
    default: Any

    def check(self, value: Any) -> None:
        """Raise ValueError (TypeError for a value of the wrong type) unless ``value`` is valid."""
        if not self.spec.accepts(value):
            got, expects = _shown(value), self.spec.expects  # the message is a Phrase
            raise ValueError(Phrase("invalid_param", name=self.name, expects=expects, got=got))


def _shown(value: Any) -> str:
    """``value`` as an error message quotes it: a long text by its length only."""
    if isinstance(value, str) and len(value) > 40:
        return Phrase("a_long_text", n=len(value))
    return Phrase("no_value") if value is None else repr(value)


def param(spec: Spec, default: Any, *, key: str | None = None) -> Any:
    """Declare a dataclass field as a parameter of kind ``spec`` (URL key: ``key`` or its name)."""
    if not spec.accepts(default):
        raise ValueError(f"default must be {spec.expects}, got {default!r}")
    return dataclasses.field(default=default, metadata={"param": (spec, key)})


class Conflict(ValueError):
    """Fields that are each valid but break a rule together (named in ``fields``)."""

    def __init__(self, fields: Sequence[str], message: str) -> None:
        super().__init__(message)
        self.fields = tuple(fields)


class Declared:
    """Base of a frozen dataclass whose fields are declared with :func:`param`."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __post_init__(self) -> None:
        for p in self.params():
            p.check(getattr(self, p.name))
        self.check()

    def check(self) -> None:
        """Rules between fields; raise :class:`Conflict` naming the fields (none by default)."""

    @classmethod
    def params(cls) -> tuple[Param, ...]:
        """The declared parameters, in field order."""
        return _params(cls)

    @classmethod
    def param(cls, name: str) -> Param:
        """The declaration of field ``name`` (for a control's bounds, say)."""
        for p in cls.params():
            if p.name == name:
                return p
        raise KeyError(name)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Self, tuple[str, ...]]:
        """The inputs a URL query describes; missing values are the defaults.

        A value that is not valid, alone or together with others, gives its default; the URL
        keys of the values that were replaced are returned beside the inputs (in declaration
        order, then those that broke a rule together).
        """
        by_name = {p.name: p for p in cls.params()}
        values: dict[str, Any] = {}
        bad: list[str] = []
        for p in by_name.values():
            if (raw := query.get(p.key)) is None:
                continue
            try:
                values[p.name] = p.spec.parse(raw)
            except ValueError:
                bad.append(p.key)
        while True:
            try:
                return cls(**values), tuple(bad)
            except Conflict as conflict:
                dropped = [name for name in conflict.fields if name in values]
                if not dropped:
                    raise  # the defaults themselves break the rule: a bug in the declaration
                for name in dropped:
                    del values[name]
                    if by_name[name].key not in bad:
                        bad.append(by_name[name].key)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {p.key: p.spec.format(getattr(self, p.name)) for p in self.params()}


_DECLARED: dict[type, tuple[Param, ...]] = {}


def _params(cls: type) -> tuple[Param, ...]:
    if cls not in _DECLARED:
        fields = [f for f in dataclasses.fields(cls) if "param" in f.metadata]
        _DECLARED[cls] = tuple(
            Param(f.name, f.metadata["param"][1] or f.name, f.metadata["param"][0], f.default)
            for f in fields
        )
    return _DECLARED[cls]
