"""Real disk faults for tests: a disk that fills up, and a command run as a user who cannot
write.

:func:`small_disk` mounts a small tmpfs where a test's data folder lives, when this process
may mount one (root, outside a container that forbids it); filled, every write on it fails
with ``ENOSPC`` exactly as on a full disk, in this process and in children. Where mounting is
refused, the same folder stays on the ordinary disk and a filled :class:`Disk` caps the size
of every file a child writes at what it already has (``RLIMIT_FSIZE`` with ``SIGXFSZ``
ignored, so a write that would grow a file fails with ``EFBIG``): the kernel refuses the
same writes, for root too. Either way nothing is simulated in the program's own code.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NO_MOUNT_ENV = "TRUSTREPAIR_TEST_NO_MOUNT"
"""Set to 1 to take the fallback (file-size limit) even where a tmpfs could be mounted."""


@dataclass
class Disk:
    """A folder on a disk that a test can fill and free again."""

    root: Path
    mounted: bool
    full: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        """What a write this disk refused reads as: the full tmpfs's "no room", or under the
        fallback a file "larger than this system allows" (EFBIG), which SQLite reports as an
        I/O error."""
        if self.mounted:
            return ("there is no room left on the disk",)
        return ("larger than this system allows", "the disk could not be read or written")

    def fill(self) -> None:
        """Leave no room: a filler file takes every free byte (or, unmounted, children may
        grow no file)."""
        if self.mounted:
            with (self.root / ".filler").open("ab", buffering=0) as handle:
                for chunk in (1024 * 1024, 4096, 1):
                    with contextlib.suppress(OSError):
                        while True:
                            handle.write(b"\0" * chunk)
        self.full = True

    def free(self) -> None:
        """Room again."""
        with contextlib.suppress(FileNotFoundError):
            (self.root / ".filler").unlink()
        self.full = False

    @contextlib.contextmanager
    def full_here(self) -> Iterator[None]:
        """The disk is full for this process too, for the block (unmounted, this process may
        grow no file meanwhile: keep the block to the action under test)."""
        self.fill()
        previous = None
        if not self.mounted:
            previous = resource.getrlimit(resource.RLIMIT_FSIZE)
            handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, previous[1]))
        try:
            yield
        finally:
            if previous is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, previous)
                signal.signal(signal.SIGXFSZ, handler)
            self.free()

    def child_limits(self) -> Callable[[], None] | None:
        """A ``preexec_fn`` for a child that must meet the full disk (None when the tmpfs
        itself is full)."""
        if self.mounted or not self.full:
            return None

        def cap() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

        return cap


def _mount(where: Path, size: int) -> bool:
    if os.environ.get(NO_MOUNT_ENV) == "1" or os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@contextlib.contextmanager
def small_disk(where: Path, size: int = 48 * 1024 * 1024) -> Iterator[Disk]:
    """A folder ``where`` on a disk of ``size`` bytes that the test can fill."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = _mount(where, size)
    try:
        yield Disk(where, mounted)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _PR_CAPBSET_DROP = 1, 2, 24


def read_only_child() -> None:
    """A ``preexec_fn``: the child, even as root, cannot read or write past file permissions
    (root gives up the two capabilities that let it)."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "could not drop a capability")


def run_cli(
    data_dir: Path,
    *argv: str,
    disk: Disk | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 60,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``trustrepair --data-dir DATA VERB …`` in a child (meeting ``disk``'s fault if full,
    or ``preexec`` run in the child first)."""
    if preexec is None and disk is not None:
        preexec = disk.child_limits()
    return subprocess.run(
        [sys.executable, "-m", "trustrepair", "--data-dir", str(data_dir), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
        input=stdin,
        preexec_fn=preexec,
        timeout=timeout,
        check=False,
    )


def is_full_disk_error(exc: BaseException) -> bool:
    """Whether ``exc`` is what a full disk raises (ENOSPC, or EFBIG under the fallback)."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG)
