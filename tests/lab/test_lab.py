"""The Lab's surface (xentlab.lab) is pinned."""

from __future__ import annotations


def test_the_lab_surface_is_pinned() -> None:
    import xentlab.lab as lab

    assert sorted(lab.__all__) == [
        "DATASETS",
        "Dataset",
        "EpochMetrics",
        "LOSSES",
        "LabOptions",
        "MODELS",
        "RaceEpoch",
        "epochs_to_reach",
        "held_out_logits",
        "held_out_predictions",
        "load",
        "race",
        "train",
    ]
    for name in lab.__all__:
        assert hasattr(lab, name), name
