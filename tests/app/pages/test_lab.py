"""The Lab page with NiceGUI's simulated user: options, Train, streamed curves, summary."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing.user import User

from support.driving import one, text, until, url_becomes
from xentlab.lab import LabOptions, race, race_view

Simulate = Callable[..., None]

#: how long a short race may take on a busy machine
TRAINING_S = 30.0


def url_of(options: LabOptions) -> str:
    return "?" + "&".join(f"{k}={v}" for k, v in options.to_query().items())


def test_train_streams_both_runs_and_summarises(simulate: Simulate) -> None:
    options = LabOptions(dataset="breast-cancer", model="logreg", epochs=6, init_scale=1.0)
    history = list(race(options))

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab?dataset=breast-cancer&model=logreg&epochs=6&init=1")
        user.find(marker="train").click()
        summary = one(user, "summary")
        await until(lambda: len(summary.default_slot.children) > 0, "the summary", TRAINING_S)
        assert text(user, "status") == "Epoch 6 of 6"
        chart = one(user, "chart-test_accuracy")
        assert isinstance(chart, ui.echart)
        ce, mse = race_view.curves(history).test_accuracy
        assert chart.options["series"][0]["data"] == ce
        assert chart.options["series"][1]["data"] == mse
        await user.should_see("Finished 6 epochs.")
        await url_becomes(urls, url_of(options))

    simulate(scenario)


def test_bad_options_are_an_inline_message(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab?gamma=2")  # focal γ on the 10-class set: refused
        await user.should_see(marker="notice")
        with user:
            box = one(user, "lr")
            assert isinstance(box, ui.number)
            box.value = -1
        user.find(marker="train").click()
        await user.should_see("learning_rate must be a number > 0, got -1")

    simulate(scenario)


def test_a_focal_run_is_called_focal_loss(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab?dataset=breast-cancer&model=logreg&epochs=2&gamma=2&init=1")
        user.find(marker="train").click()
        summary = one(user, "summary")
        await until(lambda: len(summary.default_slot.children) > 0, "the summary", TRAINING_S)
        chart = one(user, "chart-test_accuracy")
        assert isinstance(chart, ui.echart)
        assert [s["name"] for s in chart.options["series"]] == ["focal loss", "squared error"]
        await user.should_see("focal loss has not reached 95% test accuracy.")

    simulate(scenario)


def test_edited_options_go_into_the_url(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab")
        with user:
            box = one(user, "epochs")
            assert isinstance(box, ui.number)
            box.value = 30
        await url_becomes(urls, url_of(LabOptions(epochs=30)))

    simulate(scenario)


def test_without_the_lab_extra_the_page_says_what_to_install(
    simulate: Simulate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # as if scikit-learn were not installed

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab")
        assert text(user, "error") == 'Training needs the "lab" extra: pip install "xentlab[lab]"'
        assert not one(user, "train").enabled

    simulate(scenario)
