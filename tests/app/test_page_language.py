"""Pages served in Chinese, read on the server: what the browser draws on a canvas (chart titles,
axis names, legends) is Chinese too, the page's controls speak the page's language, and the
language of a link stays in the address the page writes."""

from __future__ import annotations

from typing import Any

import pytest
from driving import move, url_becomes
from nicegui import ui
from nicegui.testing.user import User

from english import english_words
from xentlab.app.pages.language import Language, from_accept_language, page_language
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS

#: chart option keys whose strings a reader sees (ids, types, colours and formatters aside)
SHOWN_KEYS = ("name", "text", "subtext")


def shown_strings(options: Any) -> list[str]:
    """The strings a chart with ``options`` writes on its canvas."""
    found: list[str] = []
    if isinstance(options, dict):
        for key, value in options.items():
            if key in SHOWN_KEYS:  # a name, or a list of texts (a visual map's ends)
                found += [
                    v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)
                ]
            elif key == "data" and isinstance(value, list):  # category names, or points
                found += [v for v in value if isinstance(v, str)] + shown_strings(value)
            elif not key.startswith(":"):
                found += shown_strings(value)
    elif isinstance(options, list):
        for value in options:
            found += shown_strings(value)
    return found


PATHS = [s.path for s in SECTIONS] + ["/lab"]


@pytest.mark.parametrize("path", PATHS)
def test_every_chart_of_a_chinese_page_is_labelled_in_chinese(simulate: Any, path: str) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open(f"{path}?lang=zh")
        charts = user.find(kind=ui.echart).elements
        assert charts, f"{path} has no chart"
        for chart in charts:
            assert isinstance(chart, ui.echart)
            shown = " ".join(shown_strings(chart.options))
            assert english_words(shown) == [], f"{path}: {shown!r}"

    simulate(scenario)


def test_the_address_keeps_the_language_of_the_link(simulate: Any) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?lang=zh")
        move(user, "yhat", 0.4)
        await url_becomes(urls, "?yhat=0.4&y=1&lang=zh")

    simulate(scenario)


def test_a_language_chosen_by_the_browser_stays_out_of_the_address(simulate: Any) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary")
        move(user, "yhat", 0.4)
        await url_becomes(urls, "?yhat=0.4&y=1")

    simulate(scenario)


def test_the_controls_speak_the_page_language(simulate: Any) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?lang=zh")
        strings = load("ui", "zh")
        await user.should_see(strings["label_toggle"])
        await user.should_see(strings["yhat_slider"])
        await user.should_see(strings["verdicts"]["right_unsure"])

    simulate(scenario)


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh;q=0.8", "en"),
        ("de-DE,zh-TW;q=0.5", "zh"),
        ("zh;q=0, en;q=0.1", "en"),  # q=0: "not this one"
        ("fr;q=abc, zh", "zh"),  # a quality that is no number counts as 0
        ("*", None),
        ("", None),
    ],
)
def test_accept_language_picks_the_best_language_the_explorer_speaks(
    header: str, lang: str | None
) -> None:
    assert from_accept_language(header) == lang


def test_the_link_beats_the_server_default_which_beats_the_browser() -> None:
    assert page_language({"lang": "en"}, "zh-CN", "zh") == (Language("en", in_url=True), ())
    assert page_language({}, "en-US", "zh") == (Language("zh"), ())
    assert page_language({}, None) == (Language("en"), ())
    assert page_language({"lang": ""}, "zh-CN") == (Language("en"), ("lang",))
