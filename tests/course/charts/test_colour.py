"""No chart tells two series apart by colour alone (WCAG 1.4.1): every pair of curves differs in
dash or marker, and a pair whose colours a deuteranope or a protanope can hardly tell apart
differs in look too (dash, marker or bar pattern); section 13 backs its frameworks' colours
with a pattern on the bars and a written sign in the table. Over every section's charts at
its defaults and at random declared states.

The colour-blind eye is simulated with Machado, Oliveira and Fernandes' model at full
severity (dichromacy), applied to linear sRGB; colours are compared by CIE76 ΔE in CIELAB
(D65), where about 2.3 is a just-noticeable difference and under about 10 two thin lines'
colours are easily confused.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.lessons import declared_states
from xentlab.course.charts import curve, distinguish, frameworks, point, race_chart
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS, Section, section
from xentlab.course.theme import DASHES, FRAMEWORK_DECALS, MARKERS

#: Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color
#: Vision Deficiency", IEEE TVCG 15(6):1291-1298, the matrices of severity 1.0 from the
#: authors' table (https://www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/
#: CVD_Simulation.html), applied to linear RGB
MACHADO = {
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
}
#: linear sRGB → CIE XYZ (IEC 61966-2-1, D65) and the D65 white point
SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
WHITE = np.array([0.95047, 1.0, 1.08883])
#: under this CIE76 ΔE two series' simulated colours must not be all that tells them apart
CONFUSED = 10.0
#: ECharts' default symbols: a line's points and legend icon, a scatter's points
DEFAULT_SYMBOL = {"line": "emptyCircle", "scatter": "circle"}


def linear(hex_colour: str) -> np.ndarray:
    """``#rrggbb`` as linear RGB in [0, 1] (the sRGB transfer function undone)."""
    c = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    """Linear RGB as CIELAB (D65)."""
    t = SRGB_TO_XYZ @ rgb / WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_colour: str, vision: str | None) -> np.ndarray:
    """The CIELAB colour of ``hex_colour`` as an eye with ``vision`` (None: typical) sees it."""
    rgb = linear(hex_colour)
    if vision is not None:
        rgb = np.clip(MACHADO[vision] @ rgb, 0.0, 1.0)
    return lab(rgb)


def delta_e(a: str, b: str, vision: str | None) -> float:
    """CIE76 ΔE between two colours as ``vision`` sees them."""
    return float(np.linalg.norm(seen(a, vision) - seen(b, vision)))


def worst_delta_e(a: str, b: str) -> float:
    """The smaller ΔE of the two simulated red-green dichromacies."""
    return min(delta_e(a, b, vision) for vision in MACHADO)


def colours(options: Mapping[str, Any]) -> dict[int, str]:
    """Each series' colour, by its index, as ECharts picks it: its own (``color``, or its
    item's or line's), else the chart's palette in order, one colour per new name."""
    palette = list(options.get("color") or [])
    given_to: dict[str, str] = {}
    out: dict[int, str] = {}
    for i, s in enumerate(options["series"]):
        if s["type"] not in ("line", "scatter", "bar"):
            continue  # a heat map's colours are its scale's
        own = s.get("color") or (s.get("itemStyle") or {}).get("color")
        own = own or (s.get("lineStyle") or {}).get("color")
        if not isinstance(own, str):
            own = given_to.setdefault(str(s.get("name")), palette[len(given_to) % len(palette)])
        out[i] = own
    return out


def look(s: Mapping[str, Any]) -> tuple[str, ...]:
    """What besides its colour tells a series from another of its type: a line's dash and
    marker, a scatter's marker, a bar's pattern."""
    symbol = str(s.get("symbol", DEFAULT_SYMBOL.get(s["type"], "")))
    if s["type"] == "line":
        return (str((s.get("lineStyle") or {}).get("type", "solid")), symbol)
    if s["type"] == "scatter":
        return (symbol,)
    return (json.dumps((s.get("itemStyle") or {}).get("decal"), sort_keys=True),)


def pairs(options: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any], float]]:
    """Each pair of series of one type (line, scatter, bar) and two names in a chart, with the
    smaller ΔE of their colours under deuteranopia and protanopia. (Series of one name are one
    legend entry in ECharts, of one colour: §8's two languages when they are the same one.)"""
    shown = colours(options)
    named = [(i, s) for i, s in enumerate(options["series"]) if s.get("name")]
    for (i, a), (j, b) in itertools.combinations(named, 2):
        if a["type"] == b["type"] in ("line", "scatter", "bar") and a["name"] != b["name"]:
            yield a, b, worst_delta_e(shown[i], shown[j])


def check(options: Mapping[str, Any], where: str) -> None:
    """Two curves always differ in dash or marker; two series of one type whose colours a
    red-green dichromat confuses differ in look."""
    for a, b, seen_apart in pairs(options):
        if a["type"] == "line":
            assert look(a) != look(b), (where, a["name"], b["name"], look(a))
        if seen_apart < CONFUSED:
            assert look(a) != look(b), (where, a["name"], b["name"], round(seen_apart, 1))


def test_the_simulation_keeps_greys_and_measures_lightness() -> None:
    # each matrix's rows sum to 1 (a transcription check): a grey is seen unchanged
    for vision, matrix in MACHADO.items():
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=2e-6, err_msg=vision)
        assert delta_e("#808080", "#808080", None) == 0.0
        assert np.allclose(seen("#808080", vision), seen("#808080", None), atol=1e-3)
    # white is L* = 100, black L* = 0: ΔE 100 for a typical eye and a dichromat alike
    assert delta_e("#ffffff", "#000000", None) == pytest.approx(100.0, abs=1e-3)
    assert worst_delta_e("#ffffff", "#000000") == pytest.approx(100.0, abs=1e-3)
    # red against green: far apart for a typical eye, close for a red-green dichromat; blue
    # against yellow stays far apart
    assert delta_e("#ff0000", "#00ff00", None) > 150
    assert worst_delta_e("#dc2626", "#059669") < delta_e("#dc2626", "#059669", None) / 2
    assert worst_delta_e("#2563eb", "#d97706") > 100


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
def test_at_the_defaults_no_two_series_differ_by_colour_alone(s: Section) -> None:
    view = s.lesson.compute(s.lesson.Inputs())
    for chart in s.panel(view, "en").charts:
        check(chart.options, f"{s.key}/{chart.key}")


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_at_random_states_no_two_series_differ_by_colour_alone(
    s: Section, data: st.DataObject
) -> None:
    view = s.lesson.compute(data.draw(declared_states(s)))
    for lang in ("en", "zh"):
        for chart in s.panel(view, lang).charts:
            check(chart.options, f"{s.key}/{chart.key}/{lang}")


def test_the_labs_race_curves_differ_in_dash_and_marker() -> None:
    options = race_chart("loss", "epoch", ["cross-entropy", "squared error"], log=True)
    check(options, "race")
    ce, mse = options["series"]
    assert look(ce) == ("solid", "circle") and look(mse) == ("dashed", "triangle")


def test_each_charts_closest_colours_for_a_red_green_dichromat() -> None:
    """Each chart's closest pair of series of one type as a dichromat sees them (``-s`` prints
    the ΔE, for information): under :data:`CONFUSED` their looks differ."""
    closest = []
    for s in SECTIONS:
        view = s.lesson.compute(s.lesson.Inputs())
        for chart in s.panel(view, "en").charts:
            shown = colours(chart.options)
            found = list(pairs(chart.options))
            if not found:
                continue
            a, b, worst = min(found, key=lambda p: p[2])
            i, j = chart.options["series"].index(a), chart.options["series"].index(b)
            typical = delta_e(shown[i], shown[j], None)
            closest.append((worst, typical, f"{s.key}/{chart.key}", f"{a['id']} / {b['id']}"))
            assert worst >= CONFUSED or look(a) != look(b), closest[-1]
    for worst, typical, where, which in sorted(closest):
        print(f"{where:34} {which:34} ΔE {typical:5.1f} typical, {worst:5.1f} dichromat")


def test_distinguish_gives_each_curve_a_dash_and_its_point_the_curves_marker() -> None:
    given = [
        curve("a", "A", [], "#000"),
        {**curve("b", "B", [], "#000"), "lineStyle": {"type": "dashed"}},  # kept
        curve("c", "C", [], "#000"),
        point("a_point", "A", "#000"),
        point("now", "now", "#000"),
    ]
    a, b, c, a_point, now = distinguish(given)
    assert [look(x) for x in (a, b, c)] == [
        ("solid", "circle"),
        ("dashed", "triangle"),
        ("dotted", "diamond"),
    ]
    assert a_point["symbol"] == "circle" and "symbol" not in now  # a point of no curve: as is
    assert "type" not in given[0]["lineStyle"] and "symbol" not in given[0]  # copies
    assert MARKERS[a["lineStyle"]["type"]] == a["symbol"]
    with pytest.raises(ValueError, match="same dash"):
        distinguish([{**curve(k, k, [], "#000"), "lineStyle": {"type": "dashed"}} for k in "ab"])
    with pytest.raises(ValueError, match=f"{len(DASHES)} curves apart at most, got 4"):
        distinguish([curve(k, k, [], "#000") for k in "abcd"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_frameworks_are_told_by_a_pattern_and_a_written_sign(lang: str) -> None:
    s = section("frameworks")
    v = s.lesson.compute(s.lesson.Inputs())
    c = load("frameworks", lang)
    options = s.panel(v, lang).chart("chart").options
    decals = [look(series) for series in options["series"]]
    assert len(set(decals)) == len(decals) == len(FRAMEWORK_DECALS)  # one pattern each
    for series in options["series"]:
        assert (series.get("itemStyle") or {}).get("decal") == FRAMEWORK_DECALS[series["id"]]
    # the red and the green framework are the confusable pair: their patterns differ
    shown = colours(options)
    assert worst_delta_e(shown[0], shown[2]) < delta_e(shown[0], shown[2], None) / 2
    # a differing cell is marked in writing, and the hint above the table says what the mark is
    sign = c["labels"]["differs_mark"]
    marks, signs = frameworks.marks(v), frameworks.signs(v, c)
    assert signs.keys() == marks.keys() and "differs" in marks.values()
    assert all((signs[k] == sign) == (marks[k] == "differs") for k in marks)
    assert sign and sign in frameworks.hint(c) and "{" not in frameworks.hint(c)
