"""The one error hierarchy of factcheck: every error the package raises on purpose is a
:class:`FactcheckError`, so a caller can catch them all in one place. Each also derives from
the built-in type it is closest to (``ValueError`` for bad data, ``RuntimeError`` for a
pipeline that cannot run), so code written against those keeps working."""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class of every error factcheck raises on purpose."""


class ModelDataError(FactcheckError, ValueError):
    """A model data file (``models/*.yaml``: rules, cues, lexicons) is malformed."""


class ClaimSetError(FactcheckError, ValueError):
    """A claim-set file is malformed or inconsistent."""


class ModelError(FactcheckError, RuntimeError):
    """The spaCy pipeline cannot be loaded or lacks what factcheck needs."""


class PipelineError(ModelError):
    """A spaCy pipeline lacks the parser (or lemmatizer) factcheck needs, or a Doc reached a
    factcheck component without the annotation it requires."""


class InputError(FactcheckError, ValueError):
    """An input that cannot be read or checked: not text, undecodable, too deep, too large. The
    message says why (the caller adds the input's name)."""


class OutputError(FactcheckError, OSError):
    """The report cannot be written (an unwritable target, a full disk)."""


def clip(value: str, limit: int = 80) -> str:
    """A string cut to ``limit`` characters (with "…" and its full length) for an error message:
    a message never quotes unbounded input whole."""
    return value if len(value) <= limit else f"{value[:limit]}… ({len(value)} characters)"
