"""The Lab page with NiceGUI's simulated user: options, Train, streamed curves, summary."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User
from test_pages import one, settled, text

from xentlab.lab import LabOptions, race
from xentlab.lessons import lab_race

Simulate = Callable[..., None]


async def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def test_train_streams_both_runs_and_summarises(simulate: Simulate) -> None:
    options = LabOptions(dataset="breast-cancer", model="logreg", epochs=6, init_scale=1.0)
    history = list(race(options))

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab?dataset=breast-cancer&model=logreg&epochs=6&init=1")
        user.find(marker="train").click()
        summary = one(user, "summary")
        await wait_for(lambda: len(summary.default_slot.children) > 0)
        assert text(user, "status") == "Epoch 6 of 6"
        chart = one(user, "chart-test_accuracy")
        assert isinstance(chart, ui.echart)
        ce, mse = lab_race.curves(history).test_accuracy
        assert chart.options["series"][0]["data"] == ce
        assert chart.options["series"][1]["data"] == mse
        await user.should_see("Finished 6 epochs.")
        await settled()
        assert urls[-1] == "?" + "&".join(f"{k}={v}" for k, v in lab_race.to_query(options).items())

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
        await user.should_see("learning_rate must be > 0, got -1")

    simulate(scenario)


def test_a_focal_run_is_called_focal_loss(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/lab?dataset=breast-cancer&model=logreg&epochs=2&gamma=2&init=1")
        user.find(marker="train").click()
        summary = one(user, "summary")
        await wait_for(lambda: len(summary.default_slot.children) > 0)
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
        await settled()
        assert urls[-1] == "?" + "&".join(
            f"{k}={v}" for k, v in lab_race.to_query(LabOptions(epochs=30)).items()
        )

    simulate(scenario)
