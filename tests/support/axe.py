"""axe-core (the copy bundled in axe-playwright-python: nothing from a CDN) as the browser
tests run it: WCAG 2.0 / 2.1 A and AA rules, violations one line each."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

#: the rules of WCAG 2.1 level AA
RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(page: Page, context: str | None = None) -> list[str]:
    """axe-core's violations on ``page`` (only inside ``context``, a selector, if given), one
    line each: rule, element, why."""
    found = Axe().run(page, context=context, options=RULES).response["violations"]
    return [
        f"{v['id']}: {n['target']} {n['failureSummary'].splitlines()[-1].strip()}"
        for v in found
        for n in v["nodes"]
    ]
