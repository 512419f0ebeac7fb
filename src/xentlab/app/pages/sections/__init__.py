"""One module per explorer section; each has ``build(query)`` that draws the page body."""
