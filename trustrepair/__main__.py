"""Entry point: ``trustrepair`` with no verb opens the window; with a verb it runs headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a headless verb or, with none, to the Qt window."""
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments:
        # The window, with nothing to parse: skip building the CLI (it imports every verb).
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
