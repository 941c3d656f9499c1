"""Use cases, free of Qt: tested without a window."""
