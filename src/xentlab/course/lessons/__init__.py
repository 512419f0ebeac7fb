"""The explorer's sections as pure functions: a frozen ``Inputs`` dataclass → a ``View``.

Each module holds one section: ``Inputs`` (a :class:`xentlab.course.params.Declared` dataclass whose
fields are declared once with their range, step, default and URL key), ``View`` (every number
and every drawn coordinate, a verdict key) and ``compute(inputs) -> View``, which calls the
library for every number. No module here imports the UI; :mod:`xentlab.course.sections` lists them.
"""
