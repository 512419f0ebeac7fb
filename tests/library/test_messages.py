"""The library's messages (xentlab._src.messages) as phrases: the English text unchanged, every
key a template in every language with the same placeholders, and each message written in Chinese
from the same values."""

from __future__ import annotations

import io
import pickle
import re
import string
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import xentlab
from xentlab import calibration
from xentlab._src.extras import MissingExtra, require
from xentlab._src.messages import Phrase, Problem, templates, translate
from xentlab.app.server.pool import TIME_LIMIT_S
from xentlab.course.content import LANGUAGES
from xentlab.course.params import Conflict
from xentlab.lab import LabOptions, race_view, train
from xentlab.lab.objective import LOSSES
from xentlab.reports.calibration_report import calibration_report
from xentlab.reports.prediction_files import NOT_FILES, parse_array
from xentlab.reports.scoring import loss_report
from xentlab.reports.view import Options, Predictions, compute, from_text, size_problem

SOURCE = Path(xentlab.__file__).parent
TEMPLATES = templates("en")


def npy(arr: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, arr)
    return buffer.getvalue()


def raised(action: Callable[[], object]) -> Exception:
    with pytest.raises((ValueError, ImportError)) as info:
        action()
    assert isinstance(info.value, Exception)
    return info.value


P2 = np.array([[0.9, 0.1], [0.3, 0.7]])

#: an action, the exact English message it has always raised (the command line prints it)
MESSAGES: dict[str, tuple[Callable[[], object], str]] = {
    "file type": (lambda: parse_array("p.txt", b"1"), "p.txt: expected a .npy or .csv file"),
    "not a number": (
        lambda: parse_array("p.csv", b"a,b\n0.5,0.5\n0.5,x\n"),
        "p.csv: cannot read 'x' as a number (line 3)",
    ),
    "semicolons": (
        lambda: parse_array("p.csv", b"0.5;0.5\n0.5;0.5\n"),
        "p.csv: cannot read '0.5;0.5' as a number (line 2) (values must be separated by commas)",
    ),
    "ragged": (
        lambda: parse_array("p.csv", b"1,2\n3\n"),
        "p.csv: line 2 has 1 values, expected 2",
    ),
    "no numbers": (lambda: parse_array("p.csv", b"a,b\n"), "p.csv: the file holds no numbers"),
    "not text": (lambda: parse_array("p.csv", b"\xff\xfe\x00"), "p.csv: not a text CSV file"),
    "npy": (lambda: parse_array("p.npy", b"nope"), "p.npy: not a numeric .npy file"),
    "npy size": (
        lambda: parse_array("p.npy", npy(np.zeros(4))[:-8]),
        "p.npy: the .npy header promises shape (4,) of float64 (32 bytes), but 24 bytes follow it",
    ),
    "dtype": (
        lambda: parse_array("p.npy", npy(np.array(["a"]))),
        "p.npy: expected numbers, got an array of dtype <U1",
    ),
    "empty box": (lambda: from_text("0.5,0.5", " \n"), "pasted labels: the box is empty"),
    "long paste": (
        lambda: from_text("1" * 250_001, "0"),
        "pasted predictions: 250001 characters, more than the 250000 a paste box takes; "
        "upload a file of up to 20 MB instead",
    ),
    "pasted letters": (
        lambda: from_text("0.5,0.5\n0.5,y\n", "0\n1\n"),
        "pasted predictions.csv: cannot read 'y' as a number (line 2)",
    ),
    "3-d": (
        lambda: loss_report(np.zeros((1, 2, 2)), np.zeros(1)),
        "predictions must have shape (N) or (N, C), got (1, 2, 2)",
    ),
    "no rows": (
        lambda: loss_report(np.zeros((0, 2)), np.zeros(0)),
        "predictions must hold at least one row, got none",
    ),
    "one column": (
        lambda: loss_report(np.zeros((2, 1)), np.zeros(2)),
        "predictions must have at least 2 columns, got shape (2, 1)",
    ),
    "nan": (
        lambda: loss_report(np.array([[0.5, np.nan]]), np.zeros(1)),
        "predictions must not contain NaN, got NaN at row 0, column 1",
    ),
    "infinite logit": (
        lambda: loss_report(np.array([np.inf]), np.zeros(1), from_logits=True),
        "predictions must be finite logits, got inf at row 0",
    ),
    "above 1": (
        lambda: loss_report(np.array([[1.5, -0.5]]), np.zeros(1)),
        "predictions must be probabilities in [0, 1] (or logits with --from-logits), "
        "got 1.5 at row 0, column 0",
    ),
    "rows sum": (
        lambda: loss_report(np.array([[0.5, 0.4]]), np.zeros(1)),
        "predictions must be probabilities whose rows sum to 1 (or logits with --from-logits), "
        "got a sum of 0.9 at row 0",
    ),
    "label rows": (
        lambda: loss_report(P2, np.zeros(3)),
        "labels must have 2 rows like the predictions, got shape (3,)",
    ),
    "label nan": (
        lambda: loss_report(P2, np.array([0, np.nan])),
        "labels must not contain NaN, got NaN at row 1",
    ),
    "binary label shape": (
        lambda: loss_report(np.array([0.5, 0.5]), np.zeros((2, 2))),
        "labels must have shape (2,) for one column of (binary) predictions, got (2, 2)",
    ),
    "binary label": (
        lambda: loss_report(np.array([0.5, 0.5]), np.array([0, 2])),
        "labels of binary predictions must be 0, 1 or probabilities in [0, 1], got 2 at row 1",
    ),
    "label shape": (
        lambda: loss_report(P2, np.zeros((2, 3))),
        "labels must be class indices of shape (2,) or probabilities of shape (2, 2), got (2, 3)",
    ),
    "soft label rows": (
        lambda: loss_report(P2, np.array([[0.5, 0.6], [1.0, 0.0]])),
        "labels must be probabilities whose rows sum to 1, got a sum of 1.1 at row 0",
    ),
    "whole labels": (
        lambda: loss_report(P2, np.array([0, 0.5])),
        "labels must be class indices (whole numbers) or probabilities of shape (2, 2), "
        "got 0.5 at row 1",
    ),
    "label range": (
        lambda: loss_report(P2, np.array([0, 2])),
        "labels must be class indices in [0, 2), got 2 at row 1",
    ),
    "soft labels": (
        lambda: calibration_report(P2, np.array([[1.0, 0.0], [0.0, 1.0]])),
        "labels must be class indices for calibration, got probabilities of shape (2, 2)",
    ),
    "soft binary": (
        lambda: calibration_report(np.array([0.5, 0.5]), np.array([0, 0.5])),
        "labels of binary predictions must be 0 or 1 for calibration, got 0.5 at row 1",
    ),
    "zero probability": (
        lambda: calibration_report(np.array([[1.0, 0.0]]), np.zeros(1), fit_temperature=True),
        "fitting a temperature needs every probability above 0 (and below 1 for one column) "
        "to give a finite logit, got -inf at row 0, column 1; give logits with --from-logits "
        "(from scikit-learn: decision_function or predict_log_proba), or clip the "
        "probabilities with --clip EPS",
    ),
    "T to 0": (
        lambda: calibration.fit_temperature([[3.0, 0.0], [0.0, 2.0]], [0, 1]),
        "no temperature T > 0 minimises the NLL: it falls as T → 0 (every row is classified "
        "correctly)",
    ),
    "T to infinity": (
        lambda: calibration.fit_temperature([[3.0, 0.0], [0.0, 2.0]], [1, 0]),
        "no temperature T > 0 minimises the NLL: it falls as T → ∞ (the labels' logits are on "
        "average no higher than their rows' mean logit)",
    ),
    "page words": (
        lambda: compute(Predictions("x", np.array([[0.5, 0.4]]), np.zeros(1)), Options()),
        "predictions must be probabilities whose rows sum to 1 (or logits with "
        "“read as: logits”), got a sum of 0.9 at row 0",
    ),
    "lab option": (
        lambda: LabOptions(learning_rate=0),
        "learning_rate must be a number > 0, got 0",
    ),
    "empty box option": (
        lambda: race_view.from_form({"epochs": None}),
        "epochs must be a whole number in [1, 2000], got None",
    ),
    "page epochs": (
        lambda: race_view.from_form({"epochs": 5000.0}),
        "epochs must be a whole number in [1, 2000], got 5000",
    ),
    "diverged": (
        lambda: list(train(LabOptions(epochs=1, learning_rate=1e300), "mse")),
        "training with mse diverged in epoch 1 (the logits overflowed); "
        "try a smaller learning rate or init scale",
    ),
    "focal": (
        lambda: LabOptions(focal_gamma=2.0),
        "focal_gamma applies to the binary set 'breast-cancer' only, got 2 with dataset 'digits'",
    ),
}


@pytest.mark.parametrize("case", list(MESSAGES))
def test_the_english_message_is_unchanged_and_chinese_is_written(case: str) -> None:
    action, english = MESSAGES[case]
    exc = raised(action)
    assert str(exc) == english
    zh = translate(exc, "zh")
    assert zh != english and re.search(r"[\u4e00-\u9fff]", zh), zh
    assert "{" not in zh  # every placeholder filled
    assert translate(exc, "en") == english
    if isinstance(exc, Conflict):  # checked in the page's own process
        return
    # it crosses a process boundary (the Lab trains in worker processes) whole
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc) and str(back) == english and translate(back, "zh") == zh


def test_a_missing_extra_names_what_needs_it_in_either_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)
    exc = raised(lambda: require("lab", Phrase("what_training")))
    assert isinstance(exc, MissingExtra)
    assert str(exc) == 'Training needs the "lab" extra: pip install "xentlab[lab]"'
    assert translate(exc, "zh") == '训练需要安装 "lab" 扩展：pip install "xentlab[lab]"'
    plain = raised(lambda: require("lab", "the figures command"))
    assert str(plain) == 'the figures command needs the "lab" extra: pip install "xentlab[lab]"'


def test_the_sources_of_predictions_are_phrases() -> None:
    files = Phrase("origin_files", predictions="p.npy", labels="y.csv")
    assert (files, translate(files, "zh")) == ("p.npy and y.csv", "p.npy 和 y.csv")
    assert from_text("0.5,0.5", "0").source == "the pasted text"
    assert translate(from_text("0.5,0.5", "0").source, "zh") == "粘贴的文本"
    smooth = Phrase(
        "origin_example", loss=Phrase("trained_ce"), smoothing=Phrase("smoothing_suffix", eps=0.1)
    )
    assert smooth == "the digits model trained with cross-entropy, label smoothing 0.1"
    assert translate(smooth, "zh") == "用交叉熵训练的手写数字模型（标签平滑 ε = 0.1）"
    assert size_problem("p.npy", 10) is None
    assert translate(size_problem("big.npy", 21_000_000), "zh").startswith("big.npy：")


def fields(text: str) -> set[tuple[str, str, str]]:
    """Each placeholder with its conversion and format: numbers look the same in every language."""
    return {
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_template_has_the_same_placeholders_and_formats(lang: str) -> None:
    other = templates(lang)
    assert other.keys() == TEMPLATES.keys()
    assert [k for k in TEMPLATES if fields(TEMPLATES[k]) != fields(other[k])] == []


#: what the pools run (xentlab.app.server.pool.TIME_LIMIT_S names each)
POOLS = tuple(TIME_LIMIT_S)


def keys_in_source() -> tuple[set[str], set[str]]:
    """The keys the code makes phrases of: literal keys, and the prefixes of composed ones."""
    literal, prefixes = set(), set()
    for path in SOURCE.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r"(?:Problem|Phrase)\(\s*\"(\w+)\"", code))
        prefixes |= set(re.findall(r"(?:Problem|Phrase)\(\s*f\"(\w+)\{", code))
        # keys chosen by a condition: `key = "a" if … else "b"` before a Phrase(key, …)
        for a, b in re.findall(r"\"(\w+)\" if [^\n]+ else \"(\w+)\"", code):
            literal |= {a, b} & TEMPLATES.keys()
    return literal, prefixes


def test_every_key_in_the_code_has_a_template_and_every_template_is_used() -> None:
    literal, prefixes = keys_in_source()
    assert literal - TEMPLATES.keys() == set()
    assert prefixes == {"trained_", "loss_", "pool_"}
    composed = {f"{prefix}{loss}" for prefix in ("trained_", "loss_") for loss in LOSSES}
    # the pools name their messages by what they run (training_pool.Pool.what)
    composed |= {f"pool_{what}{end}" for what in POOLS for end in ("", "_ended", "_time_limit")}
    # from_text names its boxes Phrase(what) for what in ("predictions", "labels")
    used = literal | composed | {"predictions", "labels"}
    # what a path that is not a file is (xentlab.reports.prediction_files.NOT_FILES, and its
    # fallback)
    used |= {kind for _, kind in NOT_FILES} | {"kind_other"}
    # a list of a fixed length (course.params.Reals.expects: key + "_exactly")
    used |= {"expects_reals_exactly", "expects_reals_whole_exactly"}
    assert TEMPLATES.keys() - used == set()


def test_the_page_leaves_out_the_command_lines_clip() -> None:
    data = Predictions("x", np.array([[1.0, 0.0], [0.2, 0.8]]), np.array([0, 1]))
    view = compute(data, Options(kind="probabilities"))
    assert view.fit_problem == (
        "fitting a temperature needs every probability above 0 (and below 1 for one column) "
        "to give a finite logit, got -inf at row 0, column 1; give logits with “read as: "
        "logits” (from scikit-learn: decision_function or predict_log_proba)"
    )


def test_a_phrase_is_its_english_text() -> None:
    phrase = Phrase("at_row_column", row=2, column=1)
    assert phrase == "row 2, column 1" and isinstance(phrase, str)
    assert f"at {phrase}" == "at row 2, column 1" and repr(phrase) == "'row 2, column 1'"
    assert translate(phrase, "zh") == "第 2 行第 1 列"
    assert translate("plain", "zh") == "plain" and translate(ValueError("x"), "zh") == "x"
    problem = Problem("no_nan", name=Phrase("labels"), where=phrase)
    assert problem.key == "no_nan" and problem.values["where"] is phrase
