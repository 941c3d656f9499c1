"""The command line's documentation, generated from the click commands themselves.

``README.md`` holds a cog block that calls :func:`command_table`, and ``docs/cli.md`` one
that calls :func:`help_pages`; ``cog -r README.md docs/cli.md`` regenerates them and
``cog --check README.md docs/cli.md`` (in CI) fails when they no longer match the commands.
Nothing here runs when the program runs.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
from click.testing import CliRunner

from trustrepair import cli

WIDTH = 88
"""Help is laid out for this terminal width, so the generated pages do not depend on the
terminal that runs cog."""


def commands() -> Iterator[tuple[list[str], click.Command]]:
    """Every verb that does something (groups are walked, not listed), in documented order."""
    ctx = click.Context(cli.cli, info_name="trustrepair")

    def walk(path: list[str], group: click.Group) -> Iterator[tuple[list[str], click.Command]]:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            if isinstance(command, click.Group):
                yield from walk([*path, name], command)
            else:
                yield [*path, name], command

    yield from walk([], cli.cli)


def groups() -> Iterator[tuple[list[str], click.Group]]:
    """The groups below the root (``profile``, ``passphrase`` …)."""
    ctx = click.Context(cli.cli, info_name="trustrepair")
    for name in cli.cli.list_commands(ctx):
        command = cli.cli.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield [name], command


COMMON = {"passphrase_file"}
"""Options every verb that opens a vault takes: named once below the table, not in each row."""


def _metavar(param: click.Parameter, ctx: click.Context) -> str:
    if isinstance(param.type, click.Choice):
        return "|".join(str(choice) for choice in param.type.choices)
    return param.make_metavar(ctx).removesuffix("...").strip("[]")


def synopsis(path: list[str], command: click.Command) -> str:
    """``trustrepair VERB ARG --required X [--optional Y] [--flag]``, from the parameters."""
    ctx = click.Context(command, info_name=" ".join(["trustrepair", *path]))
    words = ["trustrepair", *path]
    named_once = COMMON if any(param.name == "profile" for param in command.params) else set()
    for param in command.params:
        if isinstance(param, click.Argument):
            word = _metavar(param, ctx)
            words.append(f"[{word} …]" if param.nargs == -1 else word)
        elif isinstance(param, click.Option) and not param.hidden and param.name not in named_once:
            name = max(param.opts, key=len)
            word = name if param.is_flag else f"{name} {_metavar(param, ctx)}"
            if param.multiple:
                word += " …"
            words.append(word if param.required else f"[{word}]")
    return " ".join(words)


def description(command: click.Command) -> str:
    """The first paragraph of a command's help, on one line."""
    text = (command.help or "").replace("\b", "").strip()
    return " ".join(text.split("\n\n")[0].split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def command_table() -> str:
    """The README's Markdown table: one row per invocation, then every verb."""
    root = cli.cli
    options = {name: param for param in root.params for name in param.opts}
    rows = [
        ("trustrepair", cli.NO_VERB_HELP),
        ("trustrepair --version", options["--version"].help or ""),
        ("trustrepair [--data-dir DIR] VERB …", options["--data-dir"].help or ""),
    ]
    rows += [(synopsis(path, command), description(command)) for path, command in commands()]
    lines = ["| command | what it does |", "|---|---|"]
    lines += [f"| `{_cell(usage)}` | {_cell(what)} |" for usage, what in rows]
    lines += [
        "",
        f"Every verb with `--profile` also takes `--passphrase-file FILE`: {_passphrase_note()}",
    ]
    return "\n".join(lines) + "\n"


def _passphrase_note() -> str:
    from trustrepair.cli.unlock import PASSPHRASE_FILE_HELP

    text = PASSPHRASE_FILE_HELP
    return text[0].lower() + text[1:]


def help_text(path: list[str]) -> str:
    """What ``trustrepair PATH… --help`` prints, at :data:`WIDTH` columns."""
    result = CliRunner().invoke(
        cli.cli, [*path, "--help"], prog_name="trustrepair", terminal_width=WIDTH
    )
    if result.exit_code != 0:
        raise RuntimeError(f"trustrepair {' '.join(path)} --help failed: {result.output}")
    return result.output.replace("\b", "")


def help_pages() -> str:
    """``docs/cli.md``'s body: the ``--help`` of the root, every group and every verb."""
    pages: list[tuple[list[str], str]] = [([], help_text([]))]
    listed = {tuple(path): path for path, _ in [*groups(), *commands()]}
    for path in sorted(listed.values(), key=_documented_order):
        pages.append((path, help_text(path)))
    parts = []
    for path, text in pages:
        title = " ".join(["trustrepair", *path])
        parts.append(f"## {title}\n\n```text\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


def _documented_order(path: list[str]) -> tuple[int, list[str]]:
    return list(cli.VERBS).index(path[0]), path
