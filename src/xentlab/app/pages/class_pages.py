"""The class's own pages (``xentlab serve --class``): ``/join/CODE``, where a student joins,
and ``/teacher?token=…``, the teacher's view of the class: the join code, link and QR code, how
many joined, and per task how many solved it and how the predictions are spread (counts
only), with the follow-me switch."""

from __future__ import annotations

import json

from nicegui import ui
from starlette.requests import Request

from xentlab.app.pages.classroom import MAX_TOKEN_CHARS, POLL_S
from xentlab.app.pages.language import Language
from xentlab.app.pages.shell import frame
from xentlab.app.pages.widgets import heading, testid
from xentlab.app.server.class_session import RunningClass, running
from xentlab.app.server.classroom import token_matches
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS

__all__ = ["join_page", "teacher_page"]


def join_page(request: Request, code: str, language: Language) -> None:
    """``/join/CODE``: join the class and go to the home page, or say why not."""
    strings: dict[str, str] = load("ui", language.code)["class"]
    klass = running()
    code = code.upper()[:16]
    with frame(language=language, title=strings["join_title"]):
        heading(strings["join_title"], 1)
        said = testid(ui.label("").classes("text-base"), "join-result")
        if klass is None:
            said.set_text(strings["no_class"])
            return
        address = request.client.host if request.client else "?"
        if code != klass.code:
            allowed = klass.store.allow_join(address)
            said.set_text(strings["wrong_code" if allowed else "too_many"].format(code=code))
            return
        member = klass.store.join(code)
        if member is None:
            said.set_text(strings["full"])
            return
        said.set_text(strings["joined"].format(code=code))
        kept = json.dumps({"code": code, "member": member, "follow": True})
        home = json.dumps(language.link("/"))
        ui.add_body_html(
            f"<script>localStorage.setItem('xentlab.class', {json.dumps(kept)});"
            f" sessionStorage.removeItem('xentlab.followed'); location.replace({home});</script>"
        )


def teacher_page(request: Request, token: str, language: Language) -> None:
    """``/teacher?token=…``: the join code, link and QR code, the class's size, and per task
    how many solved it and how the predictions are spread; the follow-me switch."""
    strings: dict[str, str] = load("ui", language.code)["class"]
    klass = running()
    with frame(language=language, title=strings["teacher_title"]):
        heading(strings["teacher_title"], 1)
        kept = klass.store.teacher_digest(klass.code) if klass is not None else None
        if klass is None or kept is None or not token_matches(token[:MAX_TOKEN_CHARS], kept):
            testid(ui.label(strings["not_teacher"]), "not-teacher")
            return
        # the teacher's other pages (the same browser) publish where they are for follow-me
        ui.add_body_html(
            f"<script>localStorage.setItem('xentlab.teacher', {json.dumps(token)});</script>"
        )
        base = klass.base or str(request.base_url).rstrip("/")
        _teacher_view(klass, strings, language, base)


def _teacher_view(
    klass: RunningClass, strings: dict[str, str], language: Language, base: str
) -> None:
    import segno  # the "app" extra's: a QR code drawn here, offline

    link = f"{base}/join/{klass.code}"
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card gap-2"):
            ui.label(strings["code_label"]).classes("text-sm text-gray-700")
            code = ui.label(klass.code).classes("text-5xl font-mono tracking-widest")
            testid(code, "join-code")
            ui.label(strings["link_label"]).classes("text-sm text-gray-700")
            testid(ui.link(link, link).classes("font-mono break-all"), "join-link")
            svg = segno.make(link, error="m").svg_inline(scale=5, dark="#1f3b5c")
            qr = ui.html(svg, sanitize=False).props(f'role=img aria-label="{strings["qr"]}"')
            testid(qr, "join-qr")
        with ui.card().classes("xl-card flex-1 min-w-[18rem] gap-2"):
            size = testid(ui.label("").classes("text-2xl font-semibold"), "class-size")
            follow = ui.switch(strings["follow_me"]).props(f'aria-label="{strings["follow_me"]}"')
            testid(follow, "follow-me")
            ui.label(strings["follow_hint"]).classes("text-sm text-gray-600")
    counts: dict[tuple[str, str], ui.label] = {}
    spreads: dict[tuple[str, str], ui.label] = {}
    with ui.card().classes("xl-card w-full gap-1"):
        heading(strings["tasks_title"])
        for s in SECTIONS:
            words = s.content(language.code).get("tasks", {})
            for i, task in enumerate(s.tasks, start=1):
                with ui.row().classes("w-full items-baseline gap-3"):
                    ui.label(f"{s.number}.{i}").classes("font-mono text-gray-600 w-10")
                    prompt = words[task.key]["prompt"].format(**task.given)
                    ui.label(prompt).classes("flex-1 text-sm")  # whole: its ask may come last
                    key = (s.key, task.key)
                    counts[key] = testid(ui.label(""), f"solved-{s.key}-{task.key}")
                    spreads[key] = testid(
                        ui.label("").classes("text-sm text-gray-600"), f"spread-{s.key}-{task.key}"
                    )

    def refresh() -> None:
        tally = klass.store.tally(klass.code)
        size.set_text(strings["size"].format(n=tally.members))
        follow.set_value(klass.store.follow(klass.code) is not None)
        for key, label in counts.items():
            label.set_text(strings["solved"].format(k=tally.solved.get(key, 0), n=tally.members))
        for (section_key, task_key), label in spreads.items():
            spread = tally.choices.get((section_key, task_key), {})
            words = _choice_words(section_key, task_key, language.code)
            label.set_text(" · ".join(f"{words.get(c, c)}: {n}" for c, n in sorted(spread.items())))

    def follow_me(on: bool) -> None:
        now = klass.store.follow(klass.code)
        if on and now is None:
            klass.store.set_follow(klass.code, language.link("/"))
        elif not on and now is not None:
            klass.store.set_follow(klass.code, None)

    follow.on_value_change(lambda e: follow_me(bool(e.value)))
    refresh()
    ui.timer(POLL_S, refresh)


def _choice_words(section_key: str, task_key: str, lang: str) -> dict[str, str]:
    """A prediction's choices in words (short: up to the first colon)."""
    words = next(s for s in SECTIONS if s.key == section_key).content(lang).get("tasks", {})
    choices: dict[str, str] = words.get(task_key, {}).get("choices", {})
    return {k: v.split("：")[0].split(":")[0] for k, v in choices.items()}
