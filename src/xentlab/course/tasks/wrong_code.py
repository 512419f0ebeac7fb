"""Section 8's tasks: the wrong code's cost is not symmetric, it is least for the most alike
language, and a short text's letters can point to the wrong language."""

from __future__ import annotations

from xentlab import coding
from xentlab.course.charts import fmt
from xentlab.course.lessons.wrong_code import Inputs, View, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the page's defaults: a text in one language coded with another's code, and a sample text
DEFAULT = compute(Inputs())
SOURCE, CODE = DEFAULT.cost.source, DEFAULT.cost.code_language
#: the language the ranking gives the sample text
SAMPLE_LANGUAGE = DEFAULT.ranking[0][0]


def _extra_bits(source: str, code: str) -> float:
    return coding.wrong_code_cost(source, code).extra_bits


#: for each text language, the fewest extra bits a letter that another language's code costs
FEWEST_EXTRA = {
    s: min(_extra_bits(s, c) for c in coding.LANGUAGES if c != s) for s in coding.LANGUAGES
}
#: the other language whose code costs the default text language the fewest extra bits
CLOSEST = next(
    c for c in coding.LANGUAGES if c != SOURCE and _extra_bits(SOURCE, c) == FEWEST_EXTRA[SOURCE]
)
#: a short text: at most this many letters
SHORT = 15
#: two costs closer than this are the same (floating-point rounding)
SAME = 1e-9


def _swapped(v: View) -> bool:
    return v.cost.source == CODE and v.cost.code_language == SOURCE


def _compared(v: View) -> str:
    """How the KL of the chosen pair compares with the default pair's."""
    change = v.cost.kl - DEFAULT.cost.kl
    return "same" if abs(change) <= SAME else "less" if change < 0 else "more"


def _closest(v: View) -> bool:
    cost = v.cost
    return cost.code_language != cost.source and cost.extra_bits <= FEWEST_EXTRA[cost.source] + SAME


def _short_and_misread(v: View) -> bool:
    return 0 < v.text_letters <= SHORT and bool(v.ranking) and v.ranking[0][0] != SAMPLE_LANGUAGE


def _sample_language_bits(v: View) -> float:
    return dict(v.ranking)[SAMPLE_LANGUAGE]


TASKS: tuple[Task, ...] = (
    Predict(
        "reverse",
        choices=("more", "same", "less"),
        observed=_swapped,
        answer=_compared,
        witness={"source": CODE, "code": SOURCE},
        facts=lambda v: {"kl": fmt(v.cost.kl), "extra": fmt(v.cost.extra_bits)},
        given={"kl": fmt(DEFAULT.cost.kl)},
    ),
    Goal(
        "closest_code",
        reached=_closest,
        witness={"code": CLOSEST},
        facts=lambda v: {"extra": fmt(v.cost.extra_bits), "kl": fmt(v.cost.kl)},
    ),
    Goal(
        "short_text",
        reached=_short_and_misread,
        witness={"text": "Le renard brun"},
        facts=lambda v: {
            "letters": str(v.text_letters),
            "bits": fmt(v.ranking[0][1]),
            "sample_bits": fmt(_sample_language_bits(v)),
        },
        given={"letters": str(SHORT)},
    ),
)
