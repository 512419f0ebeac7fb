"""The explorer's pages: the routes, the shell around every page, the widgets, mounting a
section's View, and one module per section page (``sections/``), the Lab and "Your predictions".
"""
