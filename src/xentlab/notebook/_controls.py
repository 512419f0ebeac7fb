"""A notebook widget's controls, read from the declarations of its inputs.

Each declared parameter (:mod:`xentlab.course.params`) becomes one control: a ``Real`` a slider over
its range in its steps, a ``Whole`` an integer slider (a switch when it has two values), a
``Choice`` a switch over its options, anything else (lists of numbers, text, typed numbers) a
text box read by the declaration's own parser. The values travel as JSON; :func:`changes`
turns what a browser sent back into Python values, and the declaration itself (through
``dataclasses.replace``) refuses a bad one with the same message the web page's checks give.

Nothing here imports a widget library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from xentlab.course.params import Choice, Declared, Param, Real, Text, Whole

__all__ = ["changes", "control", "controls", "replace", "to_json"]

D = TypeVar("D", bound=Declared)

#: a Whole with at most this many values is a switch (y ∈ {0, 1}), with more a slider
SWITCH_MAX = 2


def _label(p: Param, c: Mapping[str, Any], ui: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The words beside the control of ``p``: the section's own (``names`` renames a
    parameter's content key), the shared ŷ slider's and label switch's, else its name."""
    labels = c.get("labels", {})
    key = names.get(p.name, p.name)
    if isinstance(labels.get(key), str):
        return str(labels[key])
    shared = {"yhat": "yhat_slider", "y": "label_toggle"}
    if p.name in shared:
        return str(ui[shared[p.name]])
    return str(labels.get(p.key, p.name))


def _option_label(name: str, option: Any, c: Mapping[str, Any], ui: Mapping[str, Any]) -> str:
    """What an option of a switch is called: the content's name for it, else itself."""
    if name == "y" and option in (0, 1):
        return str(ui[f"label_{option}"])
    for table in (c.get(f"{name}s"), c.get("labels")):
        if isinstance(table, Mapping) and isinstance(table.get(str(option)), str):
            return str(table[str(option)])
    return str(option)


def control(
    p: Param,
    c: Mapping[str, Any],
    ui: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The control of parameter ``p`` as JSON for the browser: its ``kind`` (``slider``,
    ``switch``, ``text``), its label and, by kind, its bounds, step or options."""
    spec = p.spec
    base = {"name": p.name, "label": _label(p, c, ui, names or {}), "expects": spec.expects}
    if isinstance(spec, Real):
        return {**base, "kind": "slider", "min": spec.lo, "max": spec.hi, "step": spec.step}
    if isinstance(spec, Whole):
        if spec.hi - spec.lo + 1 <= SWITCH_MAX:
            options = range(spec.lo, spec.hi + 1)
            return {
                **base,
                "kind": "switch",
                "options": [
                    {"value": o, "label": _option_label(p.name, o, c, ui)} for o in options
                ],
            }
        return {**base, "kind": "slider", "min": spec.lo, "max": spec.hi, "step": 1}
    if isinstance(spec, Choice):
        return {
            **base,
            "kind": "switch",
            "options": [
                {"value": o, "label": _option_label(p.name, o, c, ui)} for o in spec.options
            ],
        }
    long_text = isinstance(spec, Text) and spec.max_length > 100
    return {**base, "kind": "text", "multiline": long_text}


def controls(
    inputs: type[Declared],
    c: Mapping[str, Any],
    ui: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """One control per declared input of ``inputs``, in declaration order."""
    return [control(p, c, ui, names) for p in inputs.params()]


def to_json(inputs: Declared) -> dict[str, Any]:
    """The values of ``inputs`` as the browser's controls hold them: a text box's value is the
    text the declaration writes (``2, 1, -1`` for a list of numbers)."""
    out: dict[str, Any] = {}
    for p in inputs.params():
        value = getattr(inputs, p.name)
        if isinstance(p.spec, Real | Whole | Choice | Text):
            out[p.name] = value
        else:
            out[p.name] = p.spec.format(value).replace(",", ", ")
    return out


def _value(p: Param, raw: Any) -> Any:
    """The Python value of the JSON ``raw`` for ``p``; a text that the declaration cannot read
    raises ValueError in the declaration's words."""
    spec = p.spec
    if isinstance(raw, str) and not isinstance(spec, Text | Choice):
        try:
            return spec.parse(raw)
        except ValueError:
            p.check(raw)  # the declaration's own message for the text it refuses
            raise
    if isinstance(raw, list):
        return tuple(raw)
    if isinstance(spec, Whole) and isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(spec, Real) and spec.accepts(raw):
        # a slider's value as the page's sliders send it: the step's arithmetic rounded off (a
        # refused value is left as it came, for the declaration's message to quote)
        return round(float(raw), 10)
    return raw


def changes(inputs: Declared, values: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs that ``values`` (JSON, by field name) changes from ``inputs``, as Python
    values; names that are not inputs are ignored.

    Raises:
        ValueError: for a text that the declaration cannot read.
    """
    now = to_json(inputs)
    by_name = {p.name: p for p in inputs.params()}
    return {
        name: _value(by_name[name], raw)
        for name, raw in values.items()
        if name in by_name and raw != now[name]
    }


def replace(inputs: D, **new: Any) -> D:
    """``inputs`` with the fields ``new`` replaced, each read as :func:`changes` reads JSON
    (a list becomes a tuple, a text is parsed).

    Raises:
        ValueError: naming the field and its rule, in the declaration's words, when a value
            (or the values together) is not valid.
    """
    by_name = {p.name: p for p in inputs.params()}
    unknown = [name for name in new if name not in by_name]
    if unknown:
        known = ", ".join(by_name)
        raise ValueError(f"{unknown[0]} is not an input of this section (its inputs: {known})")
    values = {name: _value(by_name[name], raw) for name, raw in new.items()}
    try:
        return dataclasses.replace(inputs, **values)
    except TypeError as exc:  # a value of the wrong type that a check compared
        raise ValueError(str(exc)) from None
