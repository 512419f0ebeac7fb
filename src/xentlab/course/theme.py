"""Colours shared by the web pages and the static figures, so that a curve is the same colour
in both; and what backs each colour up, so that no series is told from another by colour alone
(WCAG 1.4.1): a dash and a marker shape for curves, a pattern for the frameworks' bars."""

from __future__ import annotations

__all__ = [
    "AMBER",
    "BLUE",
    "DASHES",
    "FRAMEWORKS",
    "FRAMEWORK_DECALS",
    "GREEN",
    "GREY",
    "HEAT",
    "HEAT_POINT",
    "INK",
    "MARKERS",
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
#: the pattern over each framework's bars (an ECharts decal; none: plain), so that PyTorch's
#: red and optax's green, alike to a red-green colour-blind eye, are told apart by more
FRAMEWORK_DECALS: dict[str, dict[str, object] | None] = {
    "torch": None,
    "keras": {
        "symbol": "rect",
        "dashArrayX": [1, 0],
        "dashArrayY": [2, 4],
        "rotation": 0.785,
        "color": "rgba(255, 255, 255, 0.55)",
    },
    "optax": {
        "symbol": "circle",
        "symbolSize": 0.8,
        "dashArrayX": [4, 3],
        "dashArrayY": [4, 3],
        "color": "rgba(255, 255, 255, 0.75)",
    },
}
#: series colours in order
PALETTE = (BLUE, RED, GREEN, AMBER, VIOLET)
#: the dashes (ECharts' ``lineStyle.type``) that tell a chart's curves apart besides their
#: colours, in the order curves take them: a chart draws at most this many curves
DASHES = ("solid", "dashed", "dotted")
#: the marker of a curve with each dash: its current point's shape and its legend icon's
MARKERS = {"solid": "circle", "dashed": "triangle", "dotted": "diamond"}
#: a heat map's colours, from its lowest value to its highest
HEAT = ("#0f172a", "#1e3a8a", "#2563eb", "#60a5fa", "#fde68a", "#f59e0b", "#b91c1c")
#: the current point on a heat map (it stands out on every colour of HEAT)
HEAT_POINT = "#f43f5e"
