"""Pages served in Chinese, read on the server: what the browser draws on a canvas (chart titles,
axis names, legends) is Chinese too, the page's controls speak the page's language, and the
language of a link stays in the address the page writes; the library's messages in a Chinese
page (where the predictions came from, bad pastes and files, why no temperature was fitted,
refused Lab options and a missing extra) are Chinese too (the English pages keep the library's
own words: test_predictions.py, test_lab.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing.user import User

from support.driving import move, one, text, until, url_becomes
from support.english import english_words
from xentlab.app.pages.language import Language, from_accept_language, page_language
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS
from xentlab.reports.view import Options, example

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


Simulate = Callable[..., None]


@pytest.fixture(scope="module")
def trained() -> None:
    """The default example, trained before the page opens (as the server's warm-up does)."""
    example(Options())


async def paste(user: User, predictions: str, labels: str) -> None:
    with user:
        one(user, "paste-predictions").value = predictions  # type: ignore[attr-defined]
        one(user, "paste-labels").value = labels  # type: ignore[attr-defined]
    user.find(marker="score").click()


def test_the_predictions_page_says_it_all_in_chinese(simulate: Simulate, trained: None) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions?lang=zh")
        source = "当前数据：用交叉熵训练的手写数字模型；共 450 个样本"
        assert text(user, "source").startswith(source)
        await paste(user, "0.9,0.1\n0.2,0.8", "")
        await until(lambda: text(user, "error") == "粘贴的标签：输入框是空的", "the empty box")
        await paste(user, "p0,p1\n0.9,0.1\n0.2,x", "0\n1")
        letters = "粘贴的预测值：第 3 行的 'x' 不是数字"
        await until(lambda: text(user, "error") == letters, "the letters")
        await paste(user, "0.5,0.4\n0.2,0.8", "0\n1")
        rows = (
            "预测值须是每行之和为 1 的概率（若为 logit，请选择“将预测视为：logit”），"
            "但第 0 行之和为 0.9"
        )
        await until(lambda: text(user, "error") == rows, "the rows that do not sum to 1")
        await paste(user, "3,0\n0,2", "0\n1")  # logits, every row right: no T minimises the NLL
        await until(lambda: text(user, "source").startswith("当前数据：粘贴的文本；"), "paste")
        assert text(user, "error") == ""
        assert text(user, "fit-problem").startswith("不存在使 NLL 最小的温度 T > 0：T → 0 时")
        user.find(marker="upload-labels").trigger("rejected", [{"name": "y.txt", "size": 10}])
        await until(lambda: text(user, "error") == "y.txt：需要 .npy 或 .csv 文件", "the type")

    simulate(scenario)


def test_a_refused_lab_option_is_named_by_its_label(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab?lang=zh")
        with user:
            box = one(user, "lr")
            assert isinstance(box, ui.number)
            box.value = -1
        user.find(marker="train").click()
        await user.should_see("学习率须是大于 0 的数，收到：-1")

    simulate(scenario)


def test_a_missing_extra_is_said_in_chinese(
    simulate: Simulate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # as if scikit-learn were not installed

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab?lang=zh")
        assert text(user, "error") == '训练需要安装 "lab" 扩展：pip install "xentlab[lab]"'
        await user.open("/predictions?lang=zh&example=mse&eps=0.2")
        message = '内置示例需要安装 "lab" 扩展：pip install "xentlab[lab]"'
        await until(lambda: text(user, "error") == message, "the missing extra")

    simulate(scenario)
