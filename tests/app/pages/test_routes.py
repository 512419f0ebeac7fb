"""The home page, driven by NiceGUI's simulated user: it lists every section."""

from __future__ import annotations

from collections.abc import Callable

from nicegui.testing.user import User

from xentlab.course.content import load

Simulate = Callable[..., None]


def test_home_lists_every_section(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/")
        for key in ("bce", "softmax_ce", "ce_vs_mse", "slow_mse", "likelihood"):
            await user.should_see(load(key)["title"])
            await user.should_see(load(key)["teaches"])
        await user.should_see(marker="open-binary-vs-categorical")

    simulate(scenario)
