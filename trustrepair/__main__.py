"""Entry point: ``trustrepair`` with no verb opens the window; with a verb it runs headless."""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a headless verb or, with none, to the Qt window."""
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments:
        # The window, with nothing to parse: skip building the CLI (it imports every verb).
        # No cyclic garbage collection until the first screen is shown (trustrepair.app turns
        # it back on): what start-up creates lives as long as the window, so the ≈ 35
        # collections it would trigger (≈ 7 ms) find nothing to free.
        gc.disable()
        from trustrepair.app import main as run_window

        return run_window()
    from trustrepair import cli

    args = cli.parse(arguments)
    if args.verb is None:
        from trustrepair.app import main as run_window  # Qt is imported only on this path

        return run_window()
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
