"""Summary PDFs made in a process of their own, so the window never waits on Qt's layout.

Qt lays a summary out and paints its pages in single long calls that hold Python's
interpreter lock (PySide does not release it there): a 100,000-answer summary took tens of
seconds, and a worker thread would have frozen the window just the same. So the window hands
the HTML to a child process (``python -m trustrepair.ui.pdf_job``) through a pipe, never
through a file, and reads its progress; Cancel ends the child, and nothing is written (the
child writes the PDF whole, or not at all, through :func:`trustrepair.ui.printing.write_pdf`).

The protocol, one line each on the child's standard output: ``progress DONE TOTAL`` while it
paints, then ``pages N`` or ``problem TEXT`` (a :class:`~trustrepair.errors.UserFacingError`'s
sentence). Standard input: one JSON line (path, paper, title, footer), then the HTML.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from trustrepair.errors import StorageError, UserFacingError
from trustrepair.i18n import tr
from trustrepair.reports.context import Paper

Progress = Callable[[int, int], None]


def write_pdf_apart(
    html: str | Iterable[str],
    path: Path,
    paper: Paper,
    *,
    title: str,
    footer_text: str,
    progress: Progress | None = None,
) -> int:
    """Write the summary PDF at ``path`` in a child process; returns the number of pages.

    ``html`` may come in pieces (:func:`trustrepair.reports.environment.render_html_pieces`):
    each goes down the pipe as it is rendered, so the whole text is never joined or encoded in
    one long call on this side.

    ``progress(done, total)`` is called for the pages painted; when it raises (the person
    cancelled, see :meth:`trustrepair.ui.worker.Task.report`), the child is ended, nothing is
    written, and the exception goes on.

    Raises:
        UserFacingError: what the child could not do, in its words (nothing was written).
    """
    header = {"path": str(path), "paper": paper.value, "title": title, "footer": footer_text}
    child = subprocess.Popen(
        [sys.executable, "-m", "trustrepair.ui.pdf_job"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.stdin is not None and child.stdout is not None
    pages: int | None = None
    problem = ""
    try:
        child.stdin.write(json.dumps(header).encode("utf-8") + b"\n")
        for piece in (html,) if isinstance(html, str) else html:
            child.stdin.write(piece.encode("utf-8"))
        child.stdin.close()
        for raw in child.stdout:
            word, _, rest = raw.decode("utf-8", "replace").strip().partition(" ")
            if word == "progress" and progress is not None:
                done, _, total = rest.partition(" ")
                progress(int(done), int(total))
            elif word == "pages":
                pages = int(rest)
            elif word == "problem":
                problem = rest
    except BaseException:
        child.kill()
        child.wait()
        raise
    if child.wait() != 0 or pages is None:
        raise StorageError(problem or tr("The summary could not be written or printed."))
    return pages


def main() -> int:
    """The child: read the header and the HTML from standard input, write the PDF."""
    os.umask(0o077)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from trustrepair.ui import printing

    header = json.loads(sys.stdin.buffer.readline())
    html = sys.stdin.buffer.read().decode("utf-8")

    def report(done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            print(f"progress {done} {total}", flush=True)

    try:
        pages = printing.write_pdf(
            html,
            Path(header["path"]),
            Paper(header["paper"]),
            title=header["title"],
            footer_text=header["footer"],
            progress=report,
        )
    except UserFacingError as exc:
        print("problem " + " ".join(exc.message.split()), flush=True)
        return 1
    print(f"pages {pages}", flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # PySide objects torn down at exit can abort after the file was written
