"""Entry point: ``trustrepair`` with no verb opens the window; with a verb it runs headless."""

from __future__ import annotations

import gc
import os
import sys
import types


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a headless verb or, with none, to the Qt window."""
    arguments = sys.argv[1:] if argv is None else argv
    # Whatever trustrepair makes (vaults, backups, the log, the cache, exports, summaries) is
    # for this user alone: files 0600, folders 0700, from the moment they exist.
    os.umask(0o077)
    # No pydantic plugins: a plugin installed beside us would be handed every file it checks
    # (exports hold what people wrote), and looking for them reads every package's metadata.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    without_pydantic_plugins()
    if not arguments:
        # The window, with nothing to parse: skip importing the command line.
        # No cyclic garbage collection until the first screen is shown (trustrepair.app turns
        # it back on): what start-up creates lives as long as the window, so the ≈ 35
        # collections it would trigger (≈ 7 ms) find nothing to free.
        gc.disable()
        return open_window()
    from trustrepair.cli import main as run_command_line

    return run_command_line(arguments, window=open_window)


class _NoPydanticPlugins:
    """An import finder that gives pydantic's plugin loader as one function: no plugins."""

    NAME = "pydantic.plugin._loader"

    @classmethod
    def find_spec(cls, name: str, path: object = None, target: object = None) -> object:
        """A spec for the plugin loader only (None for every other module)."""
        if name != cls.NAME:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, cls)  # type: ignore[arg-type]

    @staticmethod
    def create_module(spec: object) -> None:
        """The default module object."""
        return None

    @staticmethod
    def exec_module(module: types.ModuleType) -> None:
        """The loader's one function, finding nothing."""
        module.get_plugins = tuple  # type: ignore[attr-defined]


def without_pydantic_plugins() -> None:
    """Pydantic without its plugin loader, which finds none here anyway.

    With plugins turned off, pydantic still imports its loader at the first model it builds,
    and the loader imports ``importlib.metadata`` (with ``email`` and more, ≈ 25 ms, paid by
    every command and by the window's warm-up) only to look for plugins it will not load. An
    import finder gives the loader's one function in its place, saying "no plugins".
    """
    finders: list[object] = list(sys.meta_path)
    if _NoPydanticPlugins not in finders and _NoPydanticPlugins.NAME not in sys.modules:
        sys.meta_path.insert(0, _NoPydanticPlugins)  # type: ignore[arg-type]


def open_window() -> int:
    """Run the Qt window (Qt is imported only on this path)."""
    from trustrepair.app import main as run_window

    return run_window()


if __name__ == "__main__":
    sys.exit(main())
