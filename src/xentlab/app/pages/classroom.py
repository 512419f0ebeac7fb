"""A class in the explorer (``xentlab serve --class``): joining and leaving, following the
teacher, a member's tasks counted for the teacher, and the teacher's page.

Joining is the student's choice (the join link, or the code typed in the header of any page);
the browser then holds its member id (``localStorage``) and tells each page it opens, with
whether it follows the teacher. Leaving is one click. Everything shared lives in the class's
store (:mod:`xentlab.app.server.classroom`); a page asks it once a second at most.
"""

from __future__ import annotations

import json
import weakref
from typing import Any

from nicegui import Client, ui
from nicegui.events import GenericEventArguments

from xentlab.app.pages.language import Language
from xentlab.app.pages.widgets import heading, testid
from xentlab.app.server.class_session import RunningClass, running
from xentlab.app.server.classroom import CODE_ALPHABET, MAX_KEY_CHARS, token_matches
from xentlab.course.content import load

__all__ = ["CLASS_EVENT", "MAX_TOKEN_CHARS", "POLL_S", "Membership", "class_bar", "membership"]

#: the event a page's browser sends with what it holds of its class (the shell's script)
CLASS_EVENT = "xl_class"
#: how often a page asks the store (the follow-me address; the teacher's counts)
POLL_S = 1.0
#: the longest token a browser may send (new_token makes 43 characters)
MAX_TOKEN_CHARS = 128

_PAGES: weakref.WeakKeyDictionary[Client, Membership] = weakref.WeakKeyDictionary()


def membership() -> Membership | None:
    """The class side of the current page (None: no class runs); whether its browser joined,
    or holds the teacher's token, it knows once the browser said so."""
    return _PAGES.get(ui.context.client)


def _text(value: Any, most: int = MAX_KEY_CHARS) -> str | None:
    """``value`` when it is a string of at most ``most`` characters."""
    return value if isinstance(value, str) and 0 < len(value) <= most else None


class Membership:
    """What this page knows of its class: its member id (once the browser told it), whether it
    follows the teacher, whether its browser holds the teacher's token."""

    def __init__(self, klass: RunningClass, strings: dict[str, str]) -> None:
        self.klass, self.strings = klass, strings
        self.client = ui.context.client
        self.member: str | None = None
        self.following = False
        self.teacher = False
        self.followed: str | None = None
        request = self.client.request
        self.path = request.url.path if request is not None else "/"
        self.address = self.path
        _PAGES[self.client] = self
        ui.on(CLASS_EVENT, self._told, args=None)
        self.timer = ui.timer(POLL_S, self._poll)

    def _told(self, e: GenericEventArguments) -> None:
        """What the browser holds: ``{member: {code, member, follow}, teacher, followed,
        address}`` (anything else is ignored)."""
        sent = e.args[0] if isinstance(e.args, list) and len(e.args) == 1 else e.args
        if not isinstance(sent, dict):
            return
        self.address = _text(sent.get("address"), 4 * MAX_KEY_CHARS * 8) or self.address
        self.followed = _text(sent.get("followed"), 4 * MAX_KEY_CHARS * 8)
        held = sent.get("member")
        store = self.klass.store
        if isinstance(held, dict) and held.get("code") == self.klass.code:
            member = _text(held.get("member"))
            if member is not None and store.is_member(self.klass.code, member):
                self.member, self.following = member, held.get("follow") is True
        token = _text(sent.get("teacher"), MAX_TOKEN_CHARS)
        kept = store.teacher_digest(self.klass.code)
        self.teacher = token is not None and kept is not None and token_matches(token, kept)
        _show_bar(self)
        if self.teacher:
            self.publish(self.address)

    def moved(self, search: str) -> None:
        """This page's state is now ``search`` (its address's query): published, if it is the
        teacher's."""
        self.publish(f"{self.path}{search}")

    def publish(self, address: str) -> None:
        """The teacher's page is at ``address``: the students who follow go there (only while
        the teacher has follow-me on, and only from the teacher's own pages)."""
        self.address = address or self.address
        store, code = self.klass.store, self.klass.code
        own = self.teacher and self.address and not self.address.startswith("/teacher")
        if own and store.follow(code) is not None:
            store.set_follow(code, self.address)

    def _poll(self) -> None:
        """A following student's page goes where the teacher's is, when that changes."""
        if self.member is None or not self.following or self.teacher:
            return
        where = self.klass.store.follow(self.klass.code)
        if where is None or where == self.followed:
            return
        self.followed = where
        go = json.dumps(where)
        self.client.run_javascript(
            f"sessionStorage.setItem('xentlab.followed', {go}); location.assign({go})"
        )

    def record(self, section: str, task: str, *, done: bool, choice: str | None) -> None:
        """Count this member's task for the teacher (nothing when not in the class)."""
        if self.member is not None:
            self.klass.store.record(
                self.klass.code, self.member, section, task, done=done, choice=choice
            )

    def leave(self) -> None:
        """Leave the class: the store forgets this member; the browser, its id."""
        if self.member is not None:
            self.klass.store.leave(self.klass.code, self.member)
        self.member = None
        ui.run_javascript("localStorage.removeItem('xentlab.class'); location.reload()")

    def set_following(self, on: bool) -> None:
        """Follow the teacher, or stop (kept in the browser); the switch set to what it was
        (the header showing the browser's class) changes nothing."""
        if bool(on) == self.following:
            return
        self.following = bool(on)
        self.followed = None
        flag = "true" if on else "false"
        ui.run_javascript(
            "(() => { const k = JSON.parse(localStorage.getItem('xentlab.class') || 'null');"
            f" if (k) {{ k.follow = {flag}; localStorage.setItem('xentlab.class',"
            " JSON.stringify(k)); } sessionStorage.removeItem('xentlab.followed'); })()"
        )


#: the header's class controls of each page, by its membership
_BARS: weakref.WeakKeyDictionary[Membership, dict[str, Any]] = weakref.WeakKeyDictionary()


def class_bar(language: Language) -> None:
    """In the header, when a class runs: "Join a class" (a code typed), or, once joined, the
    class's code, the follow switch and "Leave"."""
    klass = running()
    if klass is None:
        return
    strings: dict[str, str] = load("ui", language.code)["class"]
    member = Membership(klass, strings)
    with ui.dialog() as dialog, ui.card():
        heading(strings["join_title"])
        code = ui.input(strings["code"]).props(f'maxlength=16 aria-label="{strings["code"]}"')
        testid(code, "join-code-input")

        def go() -> None:
            typed = "".join(ch for ch in str(code.value or "").upper() if ch in CODE_ALPHABET)
            if typed:
                ui.navigate.to(f"/join/{typed[:16]}{language.link('')}")

        testid(ui.button(strings["join"], on_click=go).props("no-caps"), "join-go")
    with ui.row().classes("items-center gap-2 text-sm") as bar:
        testid(bar, "class-bar")
        join = ui.button(strings["join"], on_click=dialog.open)
        join.props("flat no-caps color=white size=sm")
        status = testid(ui.label("").classes("max-sm:hidden"), "class-status")
        follow = ui.switch(strings["follow"], on_change=lambda e: member.set_following(e.value))
        testid(follow.props("dense color=white dark"), "follow")
        leave = ui.button(strings["leave"], on_click=member.leave)
        testid(leave.props("flat no-caps color=white size=sm"), "leave-class")
    _BARS[member] = {"join": join, "status": status, "follow": follow, "leave": leave}
    for part in ("status", "follow", "leave"):
        _BARS[member][part].set_visibility(False)


def _show_bar(member: Membership) -> None:
    """The header as the browser's class says: joined (code, follow, leave) or not (join)."""
    parts = _BARS.get(member)
    if parts is None:
        return
    joined = member.member is not None
    parts["join"].set_visibility(not joined and not member.teacher)
    for part in ("status", "follow", "leave"):
        parts[part].set_visibility(joined)
    if joined:
        parts["status"].set_text(member.strings["in_class"].format(code=member.klass.code))
        parts["follow"].set_value(member.following)
