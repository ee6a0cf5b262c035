"""Writing a report file safely: ``-o FILE`` is written under a temporary name and renamed over
the target at the end, so that a failed run leaves no partial file.

Only a regular file is ever replaced: a special file (``/dev/null``, a FIFO, a terminal) is
written in place, and a symbolic link is followed, its target file replaced (a link to a special
file: that file written in place). A failed write (a full disk, ``/dev/full``) raises
:class:`~factcheck.errors.OutputError`."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import TextIO, cast

from factcheck.errors import OutputError


class GuardedStream:
    """A text stream whose write and flush errors (other than a closed pipe, which the command
    line handles on its own) become :class:`OutputError` naming the output."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name

    def _fail(self, exc: OSError) -> OutputError:
        return OutputError(f"{self._name}: cannot write output: {exc.strerror or exc}")

    def write(self, s: str) -> int:
        try:
            return self._stream.write(s)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def guarded(stream: TextIO, name: str) -> TextIO:
    """``stream`` in a :class:`GuardedStream`: a TextIO (what it does not define itself it takes
    from ``stream``)."""
    return cast(TextIO, GuardedStream(stream, name))


class AtomicOutput:
    """A text file written under a temporary name in the target's directory and renamed over
    the target by :meth:`commit`, so that a run that fails midway leaves no partial file. A
    target that exists and is not a regular file (a device, a FIFO) is written in place instead."""

    def __init__(self, target: str) -> None:
        self.name = target
        self.target = Path(target)
        self.tmp: Path | None = None
        if self.target.is_symlink():
            # replace the file the link points to, never the link itself
            self.target = Path(os.path.realpath(self.target))
        try:
            st = os.stat(self.target)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise OutputError(f"{target}: cannot write output: {exc.strerror or exc}") from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{target}: cannot write output: is a directory")
        if st is not None and not stat.S_ISREG(st.st_mode):
            self._open_in_place(target)
            return
        parent = self.target.parent
        if not parent.is_dir():
            raise OutputError(f"{target}: cannot write output: no such directory {str(parent)!r}")
        if st is not None and not os.access(self.target, os.W_OK):
            raise OutputError(f"{target}: cannot write output: permission denied")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=parent)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write output: {exc.strerror or exc}") from None
        self.tmp = Path(tmp)
        self._raw = os.fdopen(fd, "w", encoding="utf-8", newline="", errors="backslashreplace")
        self.stream = guarded(self._raw, target)

    def _open_in_place(self, target: str) -> None:
        try:
            self._raw = open(self.target, "w", encoding="utf-8", newline="",  # noqa: SIM115
                             errors="backslashreplace")
        except OSError as exc:
            raise OutputError(f"{target}: cannot write output: {exc.strerror or exc}") from None
        self.stream = guarded(self._raw, target)

    def commit(self) -> None:
        try:
            self._raw.flush()
            if self.tmp is not None:
                os.fsync(self._raw.fileno())
            self._raw.close()
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.name}: cannot write output: {exc.strerror or exc}") from None
        if self.tmp is None:
            return
        try:
            if self.target.exists():
                mode = stat.S_IMODE(self.target.stat().st_mode)
            else:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(self.tmp, mode)
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.name}: cannot write output: {exc.strerror or exc}") from None

    def discard(self) -> None:
        try:
            self._raw.close()
        except OSError:
            pass  # a failed final flush: the file is going anyway
        finally:
            if self.tmp is not None:
                self.tmp.unlink(missing_ok=True)


def open_output(path: str | None) -> AtomicOutput | None:
    """The atomic writer for ``-o PATH``; None for standard output (None or ``-``). Raises
    OutputError."""
    return None if path in (None, "-") else AtomicOutput(path)
