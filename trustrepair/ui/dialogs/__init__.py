"""Dialogs, each with a ``@classmethod ask(...)`` tests can replace."""
