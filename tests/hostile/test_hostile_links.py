"""Hostile links on every page of the served explorer: garbage, huge and non-finite numbers,
markup, control and right-to-left characters, repeated and unknown keys, and links too long to
use. Every one gets its page (200) with nothing it sent reflected as markup, a link the page
could not use gets the defaults with a notice, and the server logs no error (its clean stop is
checked when it stops)."""

from __future__ import annotations

import random
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.served import served_explorer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _students import page_elements as page_parts
from xentlab.app.server.limits import LONG_LINK_KEY, MAX_LINK_CHARS
from xentlab.course.sections import SECTIONS
from xentlab.lab import LabOptions
from xentlab.reports.view import Options

#: each page and the URL keys its state is written with
PAGES = {
    "/": ("lang",),
    **{s.path: (*(p.key for p in s.lesson.Inputs.params()), "lang") for s in SECTIONS},
    "/lab": (*(p.key for p in LabOptions.params()), "lang"),
    "/predictions": (*(p.key for p in Options.params()), "lang"),
}
MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE = [
    "",
    "abc",
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "-0",
    "0x10",
    "9" * 400,
    "1," * 300,
    MARKUP,
    "%00%ff%fe",
    "\u202e\u0000\u0007",
    "中" * 300,
    "'\"`${{}}",
]
#: links per page, each with a few keys drawn at random (the same draw every run)
LINKS = 12


def links(path: str, keys: tuple[str, ...], rng: random.Random) -> Iterator[str]:
    for _ in range(LINKS):
        chosen = rng.sample([*keys, "unknown", "lang"], k=min(3, len(keys) + 1))
        query = [(k, rng.choice(HOSTILE)) for k in chosen] + [(chosen[0], rng.choice(HOSTILE))]
        yield path + "?" + urllib.parse.urlencode(query)


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.url, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, url, exc.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with served_explorer() as url:  # stops cleanly afterwards: no logged error or traceback
        yield url


def has_notice(html: str) -> bool:
    _, elements = page_parts(html)
    return any(e.get("props", {}).get("data-testid") == "notice" for e in elements.values())


@pytest.mark.parametrize("path", list(PAGES))
def test_fuzzed_links_get_their_page_and_reflect_nothing(base: str, path: str) -> None:
    rng = random.Random(path)
    for link in links(path, PAGES[path], rng):
        status, _, html = get(base + link)
        assert status == 200, link
        assert "<script>alert" not in html and "<img src=x" not in html, link
        page_parts(html)  # a whole page, its elements readable


@pytest.mark.parametrize("path", ["/binary", "/entropy-kl", "/lab", "/predictions"])
def test_a_bad_value_falls_back_with_a_notice(base: str, path: str) -> None:
    key = PAGES[path][0]
    status, _, html = get(f"{base}{path}?{key}=" + urllib.parse.quote(MARKUP))
    assert status == 200 and has_notice(html)
    status, _, html = get(f"{base}{path}")
    assert status == 200 and not has_notice(html)


@pytest.mark.parametrize(
    ("length", "redirected"),
    [
        (MAX_LINK_CHARS + 1000, False),  # read, then refused by the page
        (70_000, True),  # past the HTTP parser's 64 KiB: sent to the page with the notice
        (300_000, True),
    ],
)
def test_a_link_too_long_gets_the_page_with_a_notice(
    base: str, length: int, redirected: bool
) -> None:
    link = "/binary?lang=zh&yhat=0.3&x=" + "a" * length
    status, url, html = get(base + link)
    assert status == 200 and has_notice(html)
    assert "此链接过长" in html  # in the language the link named
    if redirected:
        assert url == f"{base}/binary?{LONG_LINK_KEY}=1&lang=zh"
