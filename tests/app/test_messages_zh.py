"""The library's messages in a Chinese page: where the predictions came from, bad pastes and
files, why no temperature was fitted, refused Lab options and a missing extra, all in Chinese
(the English pages keep the library's own words: test_predictions_page, test_lab_page)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from driving import one, text, until
from nicegui import ui
from nicegui.testing.user import User

from xentlab.reports.view import Options, example

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
