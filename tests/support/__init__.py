"""What the tests share: helpers imported as ``support.<module>`` (pyproject.toml puts tests/ on
the path). No test module imports another; anything two of them need lives here."""
