"""The course the explorer, the notebook and the figures teach: declared parameters
(:mod:`~xentlab.course.params`), the section registry (:mod:`~xentlab.course.sections`), one
lesson per section (pure functions from inputs to a View), the charts drawn from those Views,
the prose in each language (``content/``) and the theme. It computes with the library and
draws nothing itself.
"""
