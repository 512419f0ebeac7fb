"""Section 7 in headless Chromium: the bars of P and Q by keyboard, mouse and typing, KL both
ways, the perplexity's base and the unit switch."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import xentlab as xl
from support.browser import P0, Q0, keyboard_handle, kl_bits, open_section, slider_value
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load

pytestmark = pytest.mark.browser


def test_bars_of_p_move_by_keyboard_and_mouse(page: Page, base_url: str, screenshots: Path) -> None:
    open_section(page, base_url + "/entropy-kl")
    kl = page.get_by_test_id("kl")
    expect(kl).to_have_text(kl_bits(P0, Q0))
    bar = page.get_by_test_id("p-bar-0")
    handle = keyboard_handle(bar)
    for _ in range(3):
        handle.press("ArrowUp")
    expect(bar.get_by_role("slider")).to_have_attribute("aria-valuenow", "0.53")
    p = P0.copy()
    p[0] = 0.53
    expect(kl).to_have_text(kl_bits(p, Q0))
    expect(page).to_have_url(re.compile(r"[?&]p=0.53,0.25,0.125,0.125(&|$)"))
    expect(page.get_by_test_id("p-0")).to_have_value("0.53")
    # under the weights, the probabilities they become: each weight over its row's sum, 1.03
    expect(page.get_by_test_id("p-prob-0")).to_have_text(fmt(0.53 / 1.03, 3))
    expect(page.get_by_test_id("p-prob-1")).to_have_text(fmt(0.25 / 1.03, 3))
    # drag the last bar of Q down with the mouse: the numbers follow while dragging
    q_bar = page.get_by_test_id("q-bar-3")
    q_bar.scroll_into_view_if_needed()
    box = q_bar.bounding_box()
    assert box is not None
    x = box["x"] + box["width"] / 2
    page.mouse.move(x, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    before = kl.text_content()
    page.mouse.move(x, box["y"] + box["height"] * 0.95, steps=6)
    expect(kl).not_to_have_text(before or "")
    page.mouse.up()
    q = Q0.copy()
    q[3] = slider_value(q_bar)
    expect(kl).to_have_text(kl_bits(p, q))
    expect(page.get_by_test_id("q-prob-3")).to_have_text(fmt(q[3] / q.sum(), 3))
    page.screenshot(path=str(screenshots / "entropy-kl.png"), full_page=True)


def stack_kl_bar(page: Page) -> dict[str, Any]:
    """The KL part of the stacked bar, as ECharts itself holds it."""
    return page.get_by_test_id("stack-chart").evaluate(
        """el => getElement(el.id.slice(1)).chart.getOption().series
                 .find(s => s.id === 'kl').data[0]"""
    )


def test_defaults_show_kl_both_ways_and_the_perplexitys_base(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/entropy-kl")
    labels = load("entropy_kl")["labels"]
    expect(page.get_by_test_id("kl")).to_have_text(kl_bits(P0, Q0))
    expect(page.get_by_test_id("kl_reverse")).to_have_text(kl_bits(Q0, P0))
    assert kl_bits(P0, Q0) != kl_bits(Q0, P0)  # at the defaults KL(P‖Q) ≠ KL(Q‖P)
    expect(page.get_by_text(labels["perplexity_p_bits"])).to_be_visible()
    page.get_by_test_id("swap").click()
    expect(page.get_by_test_id("kl")).to_have_text(kl_bits(Q0, P0))
    expect(page.get_by_test_id("kl_reverse")).to_have_text(kl_bits(P0, Q0))
    page.get_by_test_id("unit").get_by_text("nats").click()
    expect(page.get_by_text(labels["perplexity_p_nats"])).to_be_visible()
    expect(page.get_by_text(labels["perplexity_p_bits"])).to_have_count(0)
    # the same perplexity in either unit: e^{H in nats} = 2^{H in bits}
    q = Q0 / Q0.sum()
    expect(page.get_by_test_id("perplexity_p")).to_have_text(
        fmt(float(np.exp(xl.info.entropy(q))), 3)
    )


def test_typed_weights_and_the_unit_switch(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/entropy-kl")
    box = page.get_by_test_id("q-0")
    box.fill("abc")
    expect(page.get_by_text(load("entropy_kl")["labels"]["bad_weight"])).to_be_visible()
    expect(page.get_by_test_id("kl")).to_have_text(kl_bits(P0, Q0))
    box.fill("1e400")
    expect(page.get_by_text(load("entropy_kl")["labels"]["bad_weight"])).to_be_visible()
    box.fill("0")
    expect(page.get_by_test_id("kl")).to_have_text("∞ bits")
    expect(page.get_by_test_id("misses")).to_be_visible()
    # the infinite KL is drawn as a bar to the axis end, striped and marked ∞ (not left empty)
    page.wait_for_function(
        """() => getElement(document.querySelector('[data-testid="stack-chart"]').id.slice(1))
                 .chart.getOption().series.find(s => s.id === 'kl').data[0].label"""
    )
    bar = stack_kl_bar(page)
    p = P0 / P0.sum()
    top = page.get_by_test_id("stack-chart").evaluate(
        "el => getElement(el.id.slice(1)).chart.getOption().xAxis[0].max"
    )
    assert bar["value"] == pytest.approx(top - float(xl.info.entropy(p, base=2)), abs=1e-6)
    assert bar["label"]["formatter"] == "∞" and "decal" in bar["itemStyle"]
    page.get_by_test_id("unit").get_by_text("nats").click()
    expect(page.get_by_test_id("entropy")).to_have_text(fmt(float(xl.info.entropy(P0))) + " nats")
    assert "Traceback" not in page.content()
