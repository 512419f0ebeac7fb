"""Every use of NiceGUI's internals, in one place.

NiceGUI's public API does not cover six things the explorer needs: finding which event a socket
message is for before NiceGUI handles it (to drop a slider's superseded values), how often a
slider sends its value while dragged, setting a chart's options without NiceGUI's observable
wrapping, an element whose props are computed when the outbox sends them (a chart's partial
updates), and reaching the socket.io and engine.io servers (to cap a message's size and to
refuse malformed payloads). Each is here;
``tests/app/server/test_nicegui_compat.py`` checks each against the installed NiceGUI and fails,
naming the attribute, when an upgrade changes it. pyproject.toml pins ``nicegui`` to the releases
those tests passed on (:data:`TESTED`).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from nicegui import Client, core, ui

__all__ = [
    "TESTED",
    "PropsWhenSent",
    "engineio",
    "event_type",
    "set_prop_quietly",
    "socketio_events",
    "throttle_value_events",
]

#: the NiceGUI releases these functions were tested on (pyproject.toml's pin says the same)
TESTED = ">=3.18,<3.19"


def event_type(client_id: str, element_id: int, listener_id: str) -> str | None:
    """The event type (``update:modelValue``, ``click`` …) of listener ``listener_id`` of
    element ``element_id`` on the live page ``client_id``; None when there is no such page,
    element or listener."""
    client = Client.instances.get(client_id)
    element = client.elements.get(element_id) if client is not None else None
    # NiceGUI keeps an element's listeners (with their event type) by id in _event_listeners
    listener = element._event_listeners.get(listener_id) if element is not None else None
    return None if listener is None else str(listener.type)


def throttle_value_events(element: Any, seconds: float) -> None:
    """Have the browser send ``element``'s value events (``update:modelValue``) at most every
    ``seconds`` (leading and trailing events kept), as NiceGUI's slider sets its own."""
    for listener in element._event_listeners.values():
        if listener.type == "update:modelValue":
            listener.throttle = seconds


def set_prop_quietly(element: Any, name: str, value: Any) -> None:
    """Set ``element``'s prop ``name`` to ``value`` as it is: NiceGUI would wrap a dict in
    observable collections (one per point of a curve) that resend the whole prop on any change,
    and send it at once; the caller sends what changed itself."""
    dict.__setitem__(element._props, name, value)


def engineio() -> Any:
    """The engine.io server under NiceGUI's socket: ``max_http_buffer_size`` and the
    ``handlers`` of its raw messages."""
    return core.sio.eio


def socketio_events() -> MutableMapping[str, Any]:
    """NiceGUI's socket.io event handlers of the default namespace, by event name."""
    events: MutableMapping[str, Any] = core.sio.handlers["/"]
    return events


class PropsWhenSent(ui.element):
    """An element whose props are written when NiceGUI's outbox sends it (:meth:`props_to_send`,
    called through NiceGUI's ``_to_dict``), and whose updates call the browser component's
    method ``update_method`` (NiceGUI's ``_update_method``) after the page renders them."""

    def __init__(self, update_method: str) -> None:
        super().__init__()
        self._update_method = update_method

    def props_to_send(self, props: dict[str, Any]) -> dict[str, Any]:
        """The props the browser gets, from the element's own ``props`` (read them, never
        change them)."""
        return props

    def _to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = super()._to_dict()
        out["props"] = self.props_to_send(self._props)
        return out
