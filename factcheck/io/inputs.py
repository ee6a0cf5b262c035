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
from typing import TextIO

from factcheck.errors import InputError
from factcheck.outputs.base import Item

BINARY_PROBE = 8192
"""Bytes at the start of an input searched for a NUL byte: one there means binary data."""

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
    is how messages name the record, before its id in brackets."""
    line = line.removesuffix("\r")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
        text = record[text_field]
        if not isinstance(text, str):
            raise ValueError(f"field {text_field!r} is not a string")
    except (ValueError, KeyError) as exc:
        problem = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
        return Item(id=at, name=at, text=None, path=path, line=lineno, error=f"{at}: bad JSONL record: {problem}")
    rid = record.get(id_field, at)
    return Item(id=str(rid) if rid is not None else at, name=f"{name}[{rid}]", text=text, path=path, line=lineno)



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
    """The text of one input path (``-``: standard input); raises InputError."""
    if path == "-":
        if stdin is None:
            raise InputError("there is no standard input")
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            return decode(buffer.read())
        text = stdin.read()
        nul = text.find("\0", 0, BINARY_PROBE)
        if nul >= 0:
            raise InputError(f"looks binary (NUL character at offset {nul})")
        return text.removeprefix("\ufeff")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data)


def walk(root: Path, globs: list[str]) -> Iterator[tuple[Path, str | None]]:
    """Files below ``root`` matching one of ``globs``, in sorted order, as ``(path, None)``;
    a subdirectory that cannot be listed as ``(path, reason)``. Hidden entries (a name starting
    with ".") are skipped and symbolic links to directories are not followed."""
    def visit(directory: Path, rel: str) -> Iterator[tuple[Path, str | None]]:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield directory, exc.strerror or str(exc)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            sub = f"{rel}{entry.name}"
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                yield from visit(directory / entry.name, sub + "/")
            elif is_file and any(fnmatchcase(sub, g) or fnmatchcase(entry.name, g) for g in globs):
                yield directory / entry.name, None

    yield from visit(root, "")


def read_items(path: str, options: InputOptions, stdin: TextIO | None) -> Iterator[Item]:
    """The documents of one command-line path (a file, a directory, or - for standard input);
    an input that cannot be read becomes an error Item naming it."""
    if path != "-" and Path(path).is_dir():
        globs = options.patterns()
        found = False
        for file, problem in walk(Path(path), globs):
            found = True
            if problem is not None:
                name = str(file)
                yield Item(id=name, name=name, text=None, path=name,
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
    name = "<stdin>" if path == "-" else path
    where = None if path == "-" else path
    try:
        data = read_text(path, stdin)
    except InputError as exc:
        yield Item(id=name, name=name, text=None, path=where, error=f"{name}: cannot read input: {exc}")
        return
    if options.input_format == "text":
        yield Item(id=name, name=name, text=data, path=where)
        return
    # JSONL lines end at "\n" only: U+2028 and friends are legal inside JSON strings
    for lineno, line in enumerate(data.split("\n"), start=1):
        item = jsonl_item(line, f"{name}:{lineno}", f"{name}:{lineno}", options.id_field, options.text_field,
                          path=where, lineno=lineno)
        if item is not None:
            yield item
