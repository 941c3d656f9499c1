"""Printable summaries: typed contexts, the Jinja environment and HTML rendering (Qt-free)."""
