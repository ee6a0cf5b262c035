"""Where the shipped data lives.

In a wheel, ``claims/`` and ``models/`` are installed inside the package as ``factcheck/_data/``.
In a source checkout (editable install, or tests run from the repository) they sit beside the
package at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


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
