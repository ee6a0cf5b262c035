"""The ``factcheck`` command line (``factcheck.cli.app``)."""

from factcheck.cli.app import main

__all__ = ["main"]
