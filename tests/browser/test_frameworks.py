"""Section 13 in headless Chromium: the values shown after each change against PyTorch itself and
xentlab.conventions, the code tabs, and a phone-wide page that never scrolls sideways."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from playwright.sync_api import Page, expect

from xentlab import conventions as cv
from xentlab.course.lessons.frameworks import WEIGHT, printed

pytestmark = pytest.mark.browser

F32 = np.float32
LOGITS = [[2.0, 1.0, -1.0], [0.5, 2.5, 0.0], [0.0, 18.0, 0.0]]


def open_frameworks(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    expect(page.get_by_test_id("chart")).to_be_visible()
    page.wait_for_function("() => window.did_handshake === true")  # events now reach the server


def cell(row: str, lib: str) -> str:
    return f"cell-{row}-{lib}"


def torch_loss(logits: list[list[float]], target: list[int], **options: Any) -> str:
    loss = F.cross_entropy(torch.tensor(logits), torch.tensor(target), **options)
    return printed(loss.numpy())


def test_changes_against_pytorch_and_the_conventions(
    page: Page, base_url: str, screenshots: Path
) -> None:
    open_frameworks(page, base_url + "/frameworks")
    target, weight = [0, 1, 0], torch.tensor(WEIGHT)
    by_id = page.get_by_test_id
    expect(by_id(cell("weights", "torch"))).to_have_text(torch_loss(LOGITS, target, weight=weight))
    z, t, w = np.array(LOGITS, F32), np.array(target), np.array(WEIGHT, F32)
    keras = cv.keras_sparse_categorical_crossentropy(t, z, True, sample_weight=w[t])
    expect(by_id(cell("weights", "keras"))).to_have_text(printed(keras))
    expect(by_id(cell("weights", "keras"))).to_have_class(re.compile("bg-amber-100"))
    page.screenshot(path=str(screenshots / "frameworks-1280.png"), full_page=True)

    # class weights off: every framework divides the same
    by_id("w").get_by_text("off").click()
    expect(by_id(cell("weights", "torch"))).to_have_text(torch_loss(LOGITS, target))
    keras = cv.keras_sparse_categorical_crossentropy(t, z, True)
    expect(by_id(cell("weights", "keras"))).to_have_text(printed(keras))
    expect(by_id(cell("weights", "keras"))).not_to_have_class(re.compile("bg-amber-100"))

    # label smoothing 0.1 → 0.2 by keyboard, two steps of 0.05
    slider = by_id("eps")
    handle = slider.locator("[tabindex='0']").first
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")
    expect(slider.get_by_role("slider")).to_have_attribute("aria-valuenow", "0.2")
    expected = torch_loss(LOGITS, target, weight=torch.ones(3), label_smoothing=0.2)
    expect(by_id(cell("smoothing", "torch"))).to_have_text(expected)
    expect(page).to_have_url(re.compile(r"[?&]eps=0\.2(&|$)"))

    # a typed logit
    box = by_id("logit-2-1")
    box.fill("3")
    logits = [row[:] for row in LOGITS]
    logits[2][1] = 3.0
    expect(by_id(cell("default", "torch"))).to_have_text(torch_loss(logits, target))
    expect(page).to_have_url(re.compile(r"logits=2,1,-1,0\.5,2\.5,0,0,3,0"))

    # every target ignored: torch's mean is nan, Keras' is 0
    for n in range(3):
        by_id(f"target-{n}").get_by_text("ignore").click()
    expect(by_id(cell("default", "torch"))).to_have_text("nan")
    expect(by_id(cell("default", "keras"))).to_have_text("0.0000")

    # the Keras tab: its code and what it prints, line by line as in the table
    by_id("tab-keras").click()
    expect(by_id("code-keras")).to_be_visible()
    expect(by_id("code-keras")).to_contain_text("ignore_class=-100")
    output = by_id("output-keras")
    expect(output).to_contain_text("default 0.0000")
    lines = output.inner_text().splitlines()
    assert lines[1] == "weights " + by_id(cell("weights", "keras")).inner_text()


def test_phone_width_scrolls_inside_the_cards(page: Page, base_url: str, screenshots: Path) -> None:
    page.set_viewport_size({"width": 420, "height": 900})
    open_frameworks(page, base_url + "/frameworks")
    expect(page.get_by_test_id(cell("default", "torch"))).to_have_text("6.1819")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    # the code is wider than the phone: it scrolls inside its own box
    code = page.get_by_test_id("code-torch").locator(".nicegui-markdown").first
    inner = code.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert inner[0] > inner[1], inner
    page.screenshot(path=str(screenshots / "frameworks-420.png"), full_page=True)
