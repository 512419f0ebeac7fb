"""Colours shared by the web pages and the static figures, so that a curve is the same colour
in both."""

from __future__ import annotations

__all__ = [
    "AMBER",
    "BLUE",
    "FRAMEWORKS",
    "GREEN",
    "GREY",
    "HEAT",
    "HEAT_POINT",
    "INK",
    "PALETTE",
    "RED",
    "VIOLET",
]

BLUE = "#2563eb"
RED = "#dc2626"
GREEN = "#059669"
AMBER = "#d97706"
VIOLET = "#7c3aed"
#: a target or reference drawn behind the prediction (the one-hot bars)
GREY = "#94a3b8"
#: the current point on a chart
INK = "#111827"
#: the bars of each framework (section 13), roughly the colours of their logos
FRAMEWORKS = {"torch": RED, "keras": BLUE, "optax": GREEN}
#: series colours in order
PALETTE = (BLUE, RED, GREEN, AMBER, VIOLET)
#: a heat map's colours, from its lowest value to its highest
HEAT = ("#0f172a", "#1e3a8a", "#2563eb", "#60a5fa", "#fde68a", "#f59e0b", "#b91c1c")
#: the current point on a heat map (it stands out on every colour of HEAT)
HEAT_POINT = "#f43f5e"
