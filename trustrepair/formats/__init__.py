"""The files trustrepair exchanges, as models: exports, assignments, shares and settings.

Each file kind is a strict pydantic model (``extra="forbid"``) in a module of its own; what
comes in is read by :mod:`trustrepair.formats.jsonfile` (size, depth, number and duplicate-key
bounds before any work), validated by its model, and any problem is reported as plain
``where: what`` lines by :mod:`trustrepair.formats.problems`. The JSON Schemas in
``docs/schemas/`` are generated from these models (``python -m trustrepair.formats.schemas``).

This package knows file shapes only: checks that need the exercise library (does an answer fit
its step, does a custom exercise load) are made by the services that import the files.
Nothing here imports Qt, storage or content; :mod:`jsonfile` is plain standard library, so
the program's settings file can be read before the first screen without pydantic.
"""
