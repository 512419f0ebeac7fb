"""Section 12 (applications: perplexity, distillation) driven by NiceGUI's simulated user."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from support.driving import choose, move, one, text, url_becomes
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load

Simulate = Callable[..., None]


def test_applications_calculators(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        labels = load("applications")["labels"]
        await user.open("/applications?ce=3&unit=bits&T=2")
        assert text(user, "perplexity") == "8.00"
        await user.should_see(labels["perplexity_bits"])  # 2^CE: the base is named
        assert text(user, "ce_other") == fmt(3 * math.log(2))  # 3 bits in nats
        await user.should_see(labels["ce_other"].format(unit=labels["nats"]))
        choose(user, "unit", "nats")
        assert text(user, "perplexity") == fmt(math.exp(3), 2)
        await user.should_see(labels["perplexity_nats"])
        await user.should_not_see(labels["perplexity_bits"])
        assert text(user, "ce_other") == fmt(3 / math.log(2))  # 3 nats in bits
        await user.should_see(labels["ce_other"].format(unit=labels["bits"]))
        await user.should_not_see(labels["ce_other"].format(unit=labels["nats"]))
        move(user, "temperature", 1.0)
        teacher = xl.softmax(np.array([[4.0, 2.5, 1.0, -1.0]]))
        student = xl.log_softmax(np.array([[3.0, 3.0, 0.0, 0.0]]))
        kl = float(xl.kl_div(student, teacher, reduction="batchmean"))
        assert text(user, "kl") == fmt(kl)
        for card in load("applications")["cards"]:
            await user.should_see(card["title"])

    simulate(scenario)


def test_applications_typed_logits_and_the_lab_link(simulate: Simulate) -> None:
    def kl(teacher: list[float], student: list[float], t: float) -> str:
        p = xl.softmax(np.array([teacher]), temperature=t)
        log_q = xl.log_softmax(np.array([student]), temperature=t)
        return fmt(float(xl.kl_div(log_q, p, reduction="batchmean")))

    async def scenario(user: User, urls: list[str]) -> None:
        c = load("applications")
        messages = c["logits_problems"]
        await user.open("/applications")
        assert text(user, "kl") == kl([4, 2.5, 1, -1], [3, 3, 0, 0], 2.0)
        user.find(marker="teacher").clear().type("4, x, 1, -1")
        await user.should_see(messages["not_a_number"])
        assert text(user, "kl") == kl([4, 2.5, 1, -1], [3, 3, 0, 0], 2.0)  # the last good pair
        user.find(marker="teacher").clear().type("4, 1e400")
        await user.should_see(load("ui")["logit_problems"]["too_large"])
        user.find(marker="teacher").clear().type("7")
        await user.should_see(messages["count"])
        user.find(marker="teacher").clear()
        await user.should_see(messages["empty"])
        # three classes for the teacher, four for the student: the student's box says so
        user.find(marker="teacher").type("5, 0, -5")
        await user.should_see(messages["mismatch"])
        await user.should_not_see(messages["empty"])
        assert text(user, "kl") == kl([4, 2.5, 1, -1], [3, 3, 0, 0], 2.0)
        user.find(marker="student").clear().type("1, 1, −1")
        await user.should_not_see(messages["mismatch"])
        assert text(user, "kl") == kl([5, 0, -5], [1, 1, -1], 2.0)
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        assert chart.options["xAxis"]["data"] == ["0", "1", "2"]
        await url_becomes(urls, "?ce=3&unit=nats&T=2&teacher=5,0,-5&student=1,1,-1")
        link = one(user, "lab-link")
        assert isinstance(link, ui.link) and link.props["href"] == "/lab"
        await user.should_see(c["labels"]["lab_text"])

    simulate(scenario)
