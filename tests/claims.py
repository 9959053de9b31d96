"""Sentences on the site that report a result, bound to the tests that check them.

A page's test module (``tests/pages/test_<page>.py``) marks each test with the
sentence it guards::

    @claim("zero.md", "the cost stays at ln 2")
    def test_cost_stays_at_ln2(course): ...

The decorator records ``(page, sentence)``; ``tests/test_claims.py`` checks
that every recorded sentence still appears, word for word (whitespace and
line breaks aside), in ``docs/<page>``. So a sentence cannot drift from the
test that guards it: edit one and the other fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

DOCS = Path(__file__).resolve().parents[1] / "docs"

F = TypeVar("F", bound=Callable[..., object])

#: Every guarded sentence of the modules imported so far: (page, sentence, test name).
REGISTRY: list[tuple[str, str, str]] = []


def normalize(text: str) -> str:
    """Collapse runs of whitespace, so a sentence matches across the page's line breaks."""
    return re.sub(r"\s+", " ", text).strip()


def claim(page: str, *sentences: str) -> Callable[[F], F]:
    """Mark a test as the guard of ``sentences`` on ``docs/<page>``."""
    if not (DOCS / page).is_file():
        raise ValueError(f"page must be a file under docs/, got {page!r}")
    if not sentences or not all(isinstance(s, str) and s.strip() for s in sentences):
        raise ValueError(f"claim needs at least one non-empty sentence, got {sentences!r}")

    def mark(test: F) -> F:
        for sentence in sentences:
            REGISTRY.append((page, sentence, f"{test.__module__}.{test.__name__}"))
        test.claims = (*getattr(test, "claims", ()), *sentences)
        return test

    return mark
