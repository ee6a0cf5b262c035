"""Reading inputs: files, directories, standard input and JSONL records, each as an
:class:`~factcheck.outputs.base.Item`; an input that cannot be read becomes an error Item that
names it, and never stops the others."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO, TextIO

from factcheck.errors import InputError, clip
from factcheck.outputs.base import Item, safe_id, safe_name, without_surrogates

BINARY_PROBE = 8192
"""Bytes at the start of an input searched for a NUL byte: one there means binary data."""

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The largest text input (a file or standard input read whole); a larger one (or an endless
device such as /dev/zero) is an input error, read no further."""

MAX_RECORD_BYTES = 64 * 1024 * 1024
"""The longest JSONL line; a longer one is that record's error (the others are kept)."""

MAX_NAME_CHARS = 200
"""Ids shown in messages (``file:line[id]``) are cut to this many characters."""

DEFAULT_GLOBS = {"text": "*.txt", "jsonl": "*.jsonl"}


@dataclass(frozen=True)
class InputOptions:
    """How inputs are read: ``text`` (a file is a document) or ``jsonl`` (a line is a record),
    the file name patterns searched in directories, and the JSONL field names."""

    input_format: str = "text"
    globs: list[str] = field(default_factory=list)
    id_field: str = "id"
    text_field: str = "text"

    def patterns(self) -> list[str]:
        return self.globs or [DEFAULT_GLOBS[self.input_format]]


def jsonl_item(line: str, at: str, name: str, id_field: str = "id", text_field: str = "text",
               path: str | None = None, lineno: int | None = None) -> Item | None:
    """One line of JSONL input as an Item: the record's text and id (the id field, else
    ``at``), an error Item for a bad record (naming ``at``), None for a blank line. ``name``
    is how messages name the record, before its id in brackets. Never raises: a record nested
    too deeply for the parser is a bad record too."""
    line = line.removesuffix("\r")
    if not line.strip():
        return None
    at_id, at_name = safe_id(at), safe_name(at)
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
        text = record[text_field]
        if not isinstance(text, str):
            raise ValueError(f"field {clip(text_field)!r} is not a string")
    except RecursionError:
        return bad_record(at_id, at_name, path, lineno, "nested too deeply")
    except (ValueError, KeyError) as exc:
        problem = f"missing field {clip(text_field)!r}" if isinstance(exc, KeyError) else str(exc)
        return bad_record(at_id, at_name, path, lineno, problem)
    rid = record.get(id_field, at)
    if rid is None:
        rid = at
    try:
        rid = rid if isinstance(rid, str) else str(rid)
    except (ValueError, RecursionError):
        return bad_record(at_id, at_name, path, lineno, f"field {clip(id_field)!r} nested too deeply")
    return Item(id=safe_id(rid), name=f"{safe_name(name)}[{safe_name(clip(rid, MAX_NAME_CHARS))}]",
                text=without_surrogates(text), path=path, line=lineno)


def bad_record(at_id: str, at_name: str, path: str | None, lineno: int | None, problem: str) -> Item:
    return Item(id=at_id, name=at_name, text=None, path=path, line=lineno,
                error=f"{at_name}: bad JSONL record: {problem}")


def decode(data: bytes) -> str:
    """UTF-8 text of an input (a leading byte-order mark is dropped); raises InputError for binary
    data (a NUL byte near the start) and for text in other encodings."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("UTF-16 text (byte-order mark); convert it to UTF-8")
    nul = data.find(b"\0", 0, BINARY_PROBE)
    if nul >= 0:
        raise InputError(f"looks binary (NUL byte at byte {nul})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def read_text(path: str, stdin: TextIO | None) -> str:
    """The text of one input path (``-``: standard input); raises InputError. At most
    MAX_INPUT_BYTES are read."""
    if path == "-":
        if stdin is None:
            raise InputError("there is no standard input")
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            return decode(_read_bounded(buffer))
        text = stdin.read(MAX_INPUT_BYTES + 1)
        if len(text) > MAX_INPUT_BYTES:
            raise InputError(f"too large (more than {MAX_INPUT_BYTES} bytes)")
        nul = text.find("\0", 0, BINARY_PROBE)
        if nul >= 0:
            raise InputError(f"looks binary (NUL character at offset {nul})")
        return text.removeprefix("\ufeff")
    try:
        with open(path, "rb") as f:
            data = _read_bounded(f)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data)


def _read_bounded(f: BinaryIO) -> bytes:
    data = f.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"too large (more than {MAX_INPUT_BYTES} bytes)")
    return data


def walk(root: Path, globs: list[str]) -> Iterator[tuple[Path, str | None]]:
    """Files below ``root`` matching one of ``globs``, in sorted order, as ``(path, None)``;
    a subdirectory that cannot be listed as ``(path, reason)``. Hidden entries (a name starting
    with ".") are skipped and symbolic links to directories are not followed. Iterative: a tree
    of any depth is walked without recursion (a directory whose path grows too long for the
    system is reported as one that cannot be listed)."""
    # a stack of iterators over the sorted entries of the directories being visited: (the
    # directory, its path relative to root with a final "/", the entry)
    stack: list[Iterator[tuple[Path, str, os.DirEntry[str]]]] = []

    def listing(directory: Path, rel: str) -> Iterator[tuple[Path, str, os.DirEntry[str]]] | str:
        try:
            with os.scandir(directory) as it:
                entries = sorted(((e.name, e) for e in it), key=lambda pair: pair[0])
        except OSError as exc:
            return exc.strerror or str(exc)
        return ((directory, rel, e) for _, e in entries)

    first = listing(root, "")
    if isinstance(first, str):
        yield root, first
        return
    stack.append(first)
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            continue
        directory, rel, entry = nxt
        if entry.name.startswith("."):
            continue
        sub = f"{rel}{entry.name}"
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            inner = listing(directory / entry.name, sub + "/")
            if isinstance(inner, str):
                yield directory / entry.name, inner
            else:
                stack.append(inner)
        elif is_file and any(fnmatchcase(sub, g) or fnmatchcase(entry.name, g) for g in globs):
            yield directory / entry.name, None


def read_items(path: str, options: InputOptions, stdin: TextIO | None) -> Iterator[Item]:
    """The documents of one command-line path (a file, a directory, or - for standard input);
    an input that cannot be read becomes an error Item naming it."""
    if path != "-" and Path(path).is_dir():
        globs = options.patterns()
        found = False
        for file, problem in walk(Path(path), globs):
            found = True
            if problem is not None:
                name = safe_name(str(file))
                yield Item(id=safe_id(str(file)), name=name, text=None, path=str(file),
                           error=f"{name}: cannot read input: cannot list directory: {problem}")
            else:
                yield from _file_items(str(file), options, stdin)
        if not found:
            patterns = ", ".join(globs)
            yield Item(id=path, name=path, text=None, path=path,
                       error=f"{path}: cannot read input: a directory with no file matching {patterns}")
        return
    yield from _file_items(path, options, stdin)


def _file_items(path: str, options: InputOptions, stdin: TextIO | None) -> Iterator[Item]:
    name = "<stdin>" if path == "-" else safe_name(path)
    where = None if path == "-" else path
    if options.input_format == "jsonl":
        yield from _jsonl_items(path, name, where, options, stdin)
        return
    try:
        data = read_text(path, stdin)
    except InputError as exc:
        yield Item(id=safe_id(name), name=name, text=None, path=where, error=f"{name}: cannot read input: {exc}")
        return
    yield Item(id=safe_id(where) if where is not None else name, name=name, text=without_surrogates(data),
               path=where)


def _jsonl_items(path: str, name: str, where: str | None, options: InputOptions,
                 stdin: TextIO | None) -> Iterator[Item]:
    """The records of a JSONL file or standard input, read line by line (memory stays flat
    whatever the input's size). The first BINARY_PROBE bytes decide whether the whole input is
    binary or UTF-16 (one error Item); after that a bad line is that record's error."""
    file_id = safe_id(where) if where is not None else name

    def failed(reason: object) -> Item:
        return Item(id=file_id, name=name, text=None, path=where, error=f"{name}: cannot read input: {reason}")

    try:
        if path == "-":
            if stdin is None:
                raise InputError("there is no standard input")
            buffer = getattr(stdin, "buffer", None)
            if buffer is None:  # a text stream without bytes underneath (tests, embedding)
                first = stdin.readline()
                nul = first.find("\0", 0, BINARY_PROBE)
                if nul >= 0:
                    raise InputError(f"looks binary (NUL character at offset {nul})")
                yield from _jsonl_lines(_text_lines(first.removeprefix("\ufeff"), stdin), name, where, options)
                return
            stream: BinaryIO = buffer
            close = False
        else:
            stream = open(path, "rb")  # noqa: SIM115 - closed below
            close = True
    except InputError as exc:
        yield failed(exc)
        return
    except OSError as exc:
        yield failed(exc.strerror or exc)
        return
    try:
        try:
            lines = _byte_lines(stream)
            probe_problem: InputError | OSError | str | None = None
        except InputError as exc:
            probe_problem = exc
        except OSError as exc:
            probe_problem = exc.strerror or exc
        if probe_problem is not None:
            yield failed(probe_problem)
            return
        yield from _jsonl_lines(lines, name, where, options)
    finally:
        if close:
            stream.close()


def _byte_lines(stream: BinaryIO) -> Iterator[tuple[str | None, str | None]]:
    """(text, None) or (None, problem) per line of a byte stream. Checks the start for binary
    data and UTF-16 first (raising InputError before any line); drops a UTF-8 byte-order mark."""
    head = stream.read(BINARY_PROBE)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("UTF-16 text (byte-order mark); convert it to UTF-8")
    nul = head.find(b"\0")
    if nul >= 0:
        raise InputError(f"looks binary (NUL byte at byte {nul})")
    head = head.removeprefix(b"\xef\xbb\xbf")
    return _split_lines(head, stream)


def _split_lines(head: bytes, stream: BinaryIO) -> Iterator[tuple[str | None, str | None]]:
    pending = head
    while True:
        cut = pending.find(b"\n")
        if cut < 0:
            # finish the line (bounded): read up to the next newline
            more = stream.readline(MAX_RECORD_BYTES + 1 - len(pending)) if len(pending) <= MAX_RECORD_BYTES else b""
            if more:
                pending += more
                if not pending.endswith(b"\n") and len(pending) > MAX_RECORD_BYTES:
                    while more and not more.endswith(b"\n"):  # skip the rest of the line
                        more = stream.readline(1 << 20)
                    pending = b""
                    yield None, f"too long (more than {MAX_RECORD_BYTES} bytes)"
                continue
            if len(pending) > MAX_RECORD_BYTES:
                pending = b""
                yield None, f"too long (more than {MAX_RECORD_BYTES} bytes)"
            if pending:
                yield _decode_line(pending)
            return
        line, pending = pending[:cut], pending[cut + 1:]
        yield _decode_line(line)


def _decode_line(line: bytes) -> tuple[str | None, str | None]:
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text ({exc.reason} at byte {exc.start} of the line)"


def _text_lines(first: str, stream: TextIO) -> Iterator[tuple[str | None, str | None]]:
    line = first
    while line:
        yield line.removesuffix("\n"), None
        line = stream.readline()


def _jsonl_lines(lines: Iterator[tuple[str | None, str | None]], name: str, where: str | None,
                 options: InputOptions) -> Iterator[Item]:
    # JSONL lines end at "\n" only: U+2028 and friends are legal inside JSON strings
    lineno = 0
    while True:
        lineno += 1
        at = f"{name}:{lineno}"
        try:
            line, problem = next(lines)
        except StopIteration:
            return
        except (OSError, UnicodeDecodeError) as exc:  # the input failed midway: the records so far stand
            reason = getattr(exc, "strerror", None) or exc
            yield bad_record(safe_id(at), safe_name(at), where, lineno, f"cannot read further: {reason}")
            return
        if problem is not None:
            yield bad_record(safe_id(at), safe_name(at), where, lineno, problem)
            continue
        assert line is not None
        item = jsonl_item(line, at, at, options.id_field, options.text_field, path=where, lineno=lineno)
        if item is not None:
            yield item
