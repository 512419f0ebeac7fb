"""Section 8 (the cost of the wrong code) driven by NiceGUI's simulated user."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User

from support.driving import one, text
from xentlab import coding
from xentlab.app.pages.widgets import fmt

Simulate = Callable[..., None]


def test_wrong_code_languages_and_text(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/wrong-code?src=German&code=Spanish")
        cost = coding.wrong_code_cost("German", "Spanish")
        assert text(user, "wrong_length") == fmt(cost.wrong_length)
        assert text(user, "kl") == fmt(cost.kl)
        with user:
            select = one(user, "code")
            assert isinstance(select, ui.select)
            select.value = "German"
        assert text(user, "kl") == "0.0000"
        user.find(marker="text").clear().type(
            "Der schnelle braune Fuchs springt über den faulen Hund"
        )
        best = coding.rank_languages("Der schnelle braune Fuchs springt über den faulen Hund")[0]
        assert best[0] == "German"
        assert text(user, "rank-0") == f"{best[1]:.4f} bits per letter"
        user.find(marker="text").clear().type("12345")
        await user.should_see(marker="text-problem")

    simulate(scenario)


def test_wrong_code_says_when_a_tie_changes_the_cost(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        # v and y are equally frequent in Spanish (0.90 %): two optimal codes, and German text
        # costs 4.3819 bits a letter under one, 4.3756 under the other
        await user.open("/wrong-code?src=German&code=Spanish")
        w = coding.wrong_code_cost("German", "Spanish")
        assert w.tied_letters == ("v", "y") and w.tie_matters
        assert text(user, "tie-note") == (
            "v and y are equally frequent in Spanish, so more than one Huffman code is optimal "
            f"for it: with that tie broken the other way, German text costs "
            f"{fmt(w.other_wrong_length)} bits a letter instead of {fmt(w.wrong_length)}."
        )
        assert (fmt(w.wrong_length), fmt(w.other_wrong_length)) == ("4.3819", "4.3756")
        with user:
            select = one(user, "code")
            assert isinstance(select, ui.select)
            select.value = "French"
        assert not coding.wrong_code_cost("German", "French").tie_matters
        await user.should_not_see(marker="tie-note")

    simulate(scenario)
