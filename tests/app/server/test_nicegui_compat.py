"""Each of NiceGUI's internals the explorer uses (xentlab.app.server.nicegui_compat) still
behaves as the explorer expects on the installed NiceGUI: a failure here names what an upgrade
changed, before a page quietly stops dropping superseded steps or sending partial charts."""

from __future__ import annotations

import importlib.metadata
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nicegui import core, ui
from nicegui.testing.user import User
from packaging.specifiers import SpecifierSet

from xentlab.app.pages.chart_updates import ChartPatch
from xentlab.app.server import nicegui_compat as compat
from xentlab.app.server.limits import WebsocketGuard
from xentlab.app.server.steps import Inbox

Simulate = Callable[..., None]


def test_the_installed_nicegui_is_one_these_tests_passed_on() -> None:
    installed = importlib.metadata.version("nicegui")
    assert installed in SpecifierSet(compat.TESTED), (
        f"NiceGUI {installed} is outside {compat.TESTED}: run these tests on it, then widen "
        "TESTED and pyproject.toml's pin together"
    )
    pyproject = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text("utf-8"))
    (pin,) = [r for r in pyproject["project"]["optional-dependencies"]["app"] if "nicegui" in r]
    assert SpecifierSet(pin.removeprefix("nicegui")) == SpecifierSet(compat.TESTED), pin


def test_event_type_names_a_sliders_value_event_and_a_buttons_click(simulate: Simulate) -> None:
    seen: dict[str, Any] = {}

    async def scenario(user: User, urls: list[str]) -> None:
        @ui.page("/compat")
        def page() -> None:
            seen["slider"] = ui.slider(min=0, max=1, step=0.1, value=0.5, on_change=lambda: None)
            seen["button"] = ui.button("go", on_click=lambda: None)

        await user.open("/compat")
        client = user.client
        assert client is not None
        for name, expected in [("slider", "update:modelValue"), ("button", "click")]:
            element = seen[name]
            listeners = getattr(element, "_event_listeners", None)
            assert isinstance(listeners, dict), "Element._event_listeners is no longer a dict"
            types = [compat.event_type(client.id, element.id, key) for key in listeners]
            assert expected in types, f"{name}: listener types {types}"
        assert compat.event_type("no page", 0, "x") is None
        assert compat.event_type(client.id, 10**9, "x") is None
        assert compat.event_type(client.id, seen["slider"].id, "no listener") is None

    simulate(scenario)


def test_a_throttled_slider_tells_the_browser_its_throttle(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        seen: dict[str, Any] = {}

        @ui.page("/compat")
        def page() -> None:
            seen["slider"] = ui.slider(min=0, max=1, value=0.5, on_change=lambda: None)
            compat.throttle_value_events(seen["slider"], 0.015)

        await user.open("/compat")
        events = seen["slider"]._to_dict()["events"]  # what the browser's listeners are made of
        throttles = [e.get("throttle") for e in events if e.get("type") == "update:modelValue"]
        assert throttles == [0.015], f"the browser gets {events}"

    simulate(scenario)


def test_a_quiet_prop_is_kept_as_given_and_sends_nothing(simulate: Simulate) -> None:
    seen: dict[str, Any] = {}

    async def scenario(user: User, urls: list[str]) -> None:
        @ui.page("/compat")
        def page() -> None:
            seen["chart"] = ui.echart({})

        await user.open("/compat")
        chart, options = seen["chart"], {"series": [{"id": "a", "data": [[0, 1]]}]}
        outbox = chart.client.outbox
        outbox.updates.clear()
        compat.set_prop_quietly(chart, "options", options)
        assert chart.props["options"] is options, "the prop was copied or wrapped"
        assert chart.id not in outbox.updates, "setting the prop queued an update"

    simulate(scenario)


def test_props_when_sent_are_written_by_the_outbox_with_the_update_method(
    simulate: Simulate,
) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        seen: dict[str, Any] = {}

        @ui.page("/compat")
        def page() -> None:
            seen["chart"] = ui.echart({})
            seen["patch"] = ChartPatch(seen["chart"])  # a PropsWhenSent

        await user.open("/compat")
        patch, outbox = seen["patch"], seen["chart"].client.outbox
        outbox.updates.clear()
        patch.add('{"series": [{"id": "a", "data": [[0, 1]]}]}')
        assert outbox.updates.get(patch.id) is patch, "update() no longer queues the element"
        written = patch._to_dict()  # what the outbox sends for it
        assert written["update_method"] == "apply", "Element._update_method is not sent"
        target = seen["chart"].id
        assert written["props"] == {
            "target": target,
            "patches": [{"series": [{"id": "a", "data": [[0, 1]]}]}],
        }
        assert dict(patch.props) == {"target": target}, "the element's own props changed"
        assert patch._to_dict()["props"]["patches"] == [], "a patch was sent twice"

    simulate(scenario)


def test_the_socket_servers_hold_what_the_limits_change() -> None:
    eio = compat.engineio()
    assert isinstance(eio.max_http_buffer_size, int), "engine.io has no max_http_buffer_size"
    assert callable(eio.handlers.get("message")), "engine.io's 'message' handler moved"
    events = compat.socketio_events()
    for name in ("handshake", "event", "javascript_response", "log"):
        assert callable(events.get(name)), f"socket.io has no '{name}' event handler"


def test_the_simulated_app_runs_the_middleware_serve_runs(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        classes = [m.cls for m in core.app.user_middleware]
        assert Inbox in classes and WebsocketGuard in classes, classes
        assert classes[0] is Inbox, "the inbox reads the socket first"

    simulate(scenario)
