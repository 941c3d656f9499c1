"""Entry point: ``trustrepair`` with no verb opens the window; with a verb it runs headless."""

from __future__ import annotations

import gc
import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a headless verb or, with none, to the Qt window."""
    arguments = sys.argv[1:] if argv is None else argv
    # Whatever trustrepair makes (vaults, backups, the log, the cache, exports, summaries) is
    # for this user alone: files 0600, folders 0700, from the moment they exist.
    os.umask(0o077)
    # No pydantic plugins: a plugin installed beside us would be handed every file it checks
    # (exports hold what people wrote), and looking for them reads every package's metadata.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if not arguments:
        # The window, with nothing to parse: skip importing the command line.
        # No cyclic garbage collection until the first screen is shown (trustrepair.app turns
        # it back on): what start-up creates lives as long as the window, so the ≈ 35
        # collections it would trigger (≈ 7 ms) find nothing to free.
        gc.disable()
        return open_window()
    from trustrepair.cli import main as run_command_line

    return run_command_line(arguments, window=open_window)


def open_window() -> int:
    """Run the Qt window (Qt is imported only on this path)."""
    from trustrepair.app import main as run_window

    return run_window()


if __name__ == "__main__":
    sys.exit(main())
