"""Reports on a user's own prediction files: reading them safely
(:mod:`~xentlab.reports.prediction_files`), scoring them (:mod:`~xentlab.reports.scoring`, the
``xentlab loss`` command), their calibration (:mod:`~xentlab.reports.calibration_report`) and the
View the explorer's "Your predictions" page draws (:mod:`~xentlab.reports.view`).
"""
