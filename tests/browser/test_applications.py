"""Section 12 in headless Chromium: the distillation calculator's typed logits and the way on
to the Lab."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import xentlab as xl
from support.browser import (
    num,
    open_section,
)
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load

pytestmark = pytest.mark.browser


def test_distillation_takes_typed_logits_and_the_page_leads_to_the_lab(
    page: Page, base_url: str
) -> None:
    messages = load("applications")["logits_problems"]
    open_section(page, base_url + "/applications")
    kl = page.get_by_test_id("kl")

    def expected(teacher: list[float], student: list[float]) -> str:
        p = xl.softmax(np.array([teacher]), temperature=2.0)
        log_q = xl.log_softmax(np.array([student]), temperature=2.0)
        return fmt(num(xl.kl_div(log_q, p, reduction="batchmean")))

    before = expected([4, 2.5, 1, -1], [3, 3, 0, 0])
    expect(kl).to_have_text(before)
    teacher, student = page.get_by_test_id("teacher"), page.get_by_test_id("student")
    teacher.fill("4, x")
    expect(page.get_by_text(messages["not_a_number"])).to_be_visible()
    expect(kl).to_have_text(before)
    teacher.fill("6, 0, -2")
    expect(page.get_by_text(messages["mismatch"])).to_be_visible()
    student.fill("1, 1, 0")
    expect(page.get_by_text(messages["mismatch"])).to_have_count(0)
    expect(kl).to_have_text(expected([6, 0, -2], [1, 1, 0]))
    expect(page).to_have_url(re.compile(r"teacher=6,0,-2&student=1,1,0"))
    # the perplexity names its base
    labels = load("applications")["labels"]
    expect(page.get_by_text(labels["perplexity_nats"], exact=True)).to_be_visible()
    page.get_by_test_id("lab-link").click()
    expect(page).to_have_url(base_url + "/lab")
