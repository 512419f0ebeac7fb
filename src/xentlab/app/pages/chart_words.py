"""A chart for a learner who cannot see it: the chart is an image whose text alternative says
what it draws, and under it a table of the numbers behind it (a disclosure, closed at first).

Both are written from the section's panel (:mod:`xentlab.course.charts.describe`), the same
options the chart is drawn from, once the changes pause (:data:`~xentlab.app.pages.shell.
URL_DELAY_S` after the last step, as the address bar is), never once per frame of a drag: a
screen reader reads the chart's latest state when it reaches it.
"""

from __future__ import annotations

import html
import json
import weakref
from typing import Any

from nicegui import Client, ui

from xentlab.app.server.nicegui_compat import set_prop_quietly
from xentlab.course.charts.describe import describe, table
from xentlab.course.charts.panel import Panel, Table

__all__ = ["ChartWords", "say_all"]

#: the charts of each open page, by their key (a page's charts register as they are made)
_PAGES: weakref.WeakKeyDictionary[Client, dict[str, ChartWords]] = weakref.WeakKeyDictionary()


def _table_html(t: Table) -> str:
    """``t`` as an HTML table (every text escaped)."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in t.head)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in t.body
    )
    return f'<table class="xl-data"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


class ChartWords:
    """The text alternative of the chart ``element`` (its ``aria-label``, the chart an image)
    and the table of its numbers, in a disclosure placed after it."""

    def __init__(self, element: ui.element, key: str) -> None:
        self.element = element
        self.said = ""
        with ui.element("details").classes("xl-chart-data w-full text-sm") as details:
            self.summary = ui.element("summary").classes("cursor-pointer text-gray-700")
            self.table = ui.html("", sanitize=False).classes("xl-scroll")
        # hidden until its words are written (a chart no panel describes has none)
        self.details = details.props(f'data-testid="{key}-data" hidden')
        self.key = key
        _PAGES.setdefault(element.client, {})[key] = self

    def say(self, text: str, caption: str, numbers: Table) -> None:
        """Write the chart's text alternative and its table, where they changed."""
        if text != self.said:
            self.said = text
            # an image with its words (a page drawn again has both)
            set_prop_quietly(self.element, "role", "img")
            set_prop_quietly(self.element, "aria-label", text)
            if getattr(self.element.client, "_response_built", True):
                target = f"getHtmlElement({self.element.id})"
                label = json.dumps(text)
                said = f"el.setAttribute('role', 'img'), el.setAttribute('aria-label', {label})"
                # the chart's own client: this may run in a background task (a page refreshed
                # by a pool's result), where NiceGUI knows no current slot
                self.element.client.run_javascript(f"(el => el && ({said}))({target})")
        if "hidden" in self.details.props:
            self.details.props(remove="hidden")
        if self.summary.props.get("innerHTML") != html.escape(caption):
            self.summary.props["innerHTML"] = html.escape(caption)
            self.summary.update()
        shown = _table_html(numbers)
        if self.table.content != shown:
            self.table.set_content(shown)

    def describe(self, options: dict[str, Any], words: dict[str, Any]) -> None:
        """Write what the chart ``options`` draw (a chart no section panel describes: the
        Lab's, "Your predictions"'), in ``words`` (``ui.toml``'s ``chart_text``)."""
        self.say(describe(options, words), words["table"], table(self.key, options, words))


def say_all(panel: Panel, words: dict[str, Any]) -> None:
    """Write each chart of the current page that ``panel`` describes (by key) in ``words``
    (``ui.toml``'s ``chart_text`` of the page's language)."""
    charts = _PAGES.get(ui.context.client, {})
    for plot in panel.charts:
        chart = charts.get(plot.key)
        if chart is not None:
            chart.say(
                describe(plot.options, words), words["table"], table(plot.key, plot.options, words)
            )
