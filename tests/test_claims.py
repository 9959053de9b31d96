"""Every sentence a page test guards still stands, word for word, on its page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from claims import DOCS, REGISTRY, normalize

PAGE_TESTS = sorted((Path(__file__).parent / "pages").glob("test_*.py"))


def _load_all() -> list[tuple[tuple[str, str], str]]:
    for path in PAGE_TESTS:
        name = f"tests.pages.{path.stem}"
        if not any(test.startswith(f"{path.stem}.") or test.startswith(f"{name}.") for _, _, test in REGISTRY):
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
    return sorted({(page, sentence): test for page, sentence, test in REGISTRY}.items())


CLAIMS = _load_all()


def test_page_tests_guard_sentences() -> None:
    assert CLAIMS, "no guarded sentence found under tests/pages/"


@pytest.mark.parametrize(("key", "test"), CLAIMS, ids=[f"{p}: {s[:50]}" for (p, s), _ in CLAIMS])
def test_guarded_sentence_is_on_its_page(key: tuple[str, str], test: str) -> None:
    page, sentence = key
    text = normalize((DOCS / page).read_text())
    assert normalize(sentence) in text, f"{test} guards a sentence that is no longer on {page}: {sentence!r}"
