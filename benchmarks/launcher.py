"""Spawn a command and report its own peak RSS, untainted by the benchmark process.

Linux carries a process's peak RSS across ``exec`` from the memory it was forked with, so a
child forked straight from the (large) benchmark process reports the benchmark's peak. This
small launcher (run with ``python -S -I``) spawns the measured command itself and prints::

    BENCH_SPAWN_AT <time.monotonic() just before spawning>
    ... the command's own output ...
    BENCH_RUSAGE <peak RSS in KiB> <exit code>
"""

import os
import sys
import time


def main() -> int:
    """Spawn ``sys.argv[1:]``, wait for it, print its peak RSS and exit code."""
    argv = sys.argv[1:]
    print("BENCH_SPAWN_AT", repr(time.monotonic()), flush=True)
    pid = os.posix_spawn(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    print("BENCH_RUSAGE", usage.ru_maxrss, os.waitstatus_to_exitcode(status), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
