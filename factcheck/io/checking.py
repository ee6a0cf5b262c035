"""Checking a stream of input Items in batches, in input order: error Items pass through as
error Reports, and an internal error on one input becomes that input's error Report without
losing the others."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from factcheck.outputs.base import Item
from factcheck.report import Report

if TYPE_CHECKING:
    from factcheck.pipeline.checker import FactChecker

logger = logging.getLogger("factcheck")


def check_stream(checker: FactChecker, items: Iterator[Item], batch_size: int) -> Iterator[tuple[Item, Report]]:
    """Check items in batches, keeping input order; error items pass through as error Reports."""
    batch: list[Item] = []

    def flush() -> Iterator[tuple[Item, Report]]:
        good = [it for it in batch if it.error is None]
        try:
            # (an item without an error has its text; "" as check_one reads a missing one)
            checked = list(checker.check_many(((it.text or "", it.id) for it in good), batch_size=batch_size))
        except Exception:  # noqa: BLE001 - find the input at fault, keep the others' results
            checked = [check_one(checker, it) for it in good]
        reports = iter(checked)
        for it in batch:
            if it.error is not None:
                yield it, Report(id=it.id, flagged=False, findings=[], error=it.error)
            else:
                yield it, next(reports)
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def check_one(checker: FactChecker, item: Item) -> Report:
    try:
        return checker.check(item.text or "", id=item.id)
    except Exception as exc:  # noqa: BLE001 - an internal error on one input must not lose the rest
        logger.debug("internal error on %s", item.name, exc_info=True)
        return Report(id=item.id, flagged=False, findings=[],
                      error=f"{item.name}: internal error while checking: {type(exc).__name__}: {exc}")
