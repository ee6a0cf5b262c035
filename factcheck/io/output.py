"""Writing a report file safely: ``-o FILE`` is written under a temporary name and renamed over
the target at the end, so that a failed run leaves no partial file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import TextIO

from factcheck.errors import OutputError


class AtomicOutput:
    """A text file written under a temporary name in the target's directory and renamed over
    the target by :meth:`commit`, so that a run that fails midway leaves no partial file."""

    def __init__(self, target: str) -> None:
        self.target = Path(target)
        if self.target.is_dir():
            raise OutputError(f"{target}: cannot write output: is a directory")
        parent = self.target.parent
        if not parent.is_dir():
            raise OutputError(f"{target}: cannot write output: no such directory {str(parent)!r}")
        if self.target.exists() and not os.access(self.target, os.W_OK):
            raise OutputError(f"{target}: cannot write output: permission denied")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=parent)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write output: {exc.strerror or exc}") from None
        self.tmp = Path(tmp)
        self.stream: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        if self.target.exists():
            mode = stat.S_IMODE(self.target.stat().st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        try:
            self.stream.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def open_output(path: str | None) -> AtomicOutput | None:
    """The atomic writer for ``-o PATH``; None for standard output (None or ``-``). Raises
    OutputError."""
    return None if path in (None, "-") else AtomicOutput(path)
