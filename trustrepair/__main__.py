"""Entry point: ``trustrepair`` with no verb opens the window; with a verb it runs headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the headless CLI or, with no verb, to the Qt window."""
    from trustrepair import cli

    return cli.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
