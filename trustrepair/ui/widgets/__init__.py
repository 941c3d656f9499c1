"""Reusable widgets: step inputs, labels, the banner."""
