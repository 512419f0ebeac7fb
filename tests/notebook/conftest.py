"""A JupyterLab and a Jupyter Notebook 7 for the notebook's browser tests (see lab_server.py),
one each per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support import lab_server


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[lab_server.Lab]:
    try:
        lab = lab_server.start(tmp_path_factory.mktemp("jupyterlab"))
    except lab_server.LabError as exc:
        pytest.fail(str(exc))
    yield lab
    lab_server.stop(lab)


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[lab_server.Lab]:
    try:
        lab = lab_server.start(tmp_path_factory.mktemp("notebook7"), app="notebook")
    except lab_server.LabError as exc:
        pytest.fail(str(exc))
    yield lab
    lab_server.stop(lab)
