"""The author's loop, part two: format each API signature once per ``mkdocs serve`` process, not once per rebuild.

A MkDocs hook (``hooks:`` in mkdocs.yml), on only when the author's cache is
(``INITLAB_EXEC_CACHE``, which ``python3 dev.py serve`` sets; see
hooks/exec_cache.py), so ``mkdocs build``, CI, the deploy build and the tests
never use it.

mkdocstrings-python lays out every signature longer than the line length by
running ``ruff format`` in a subprocess: about a hundred processes, about
0.5 s of every rebuild under ``mkdocs serve``, for signatures that rarely
change. This hook keeps ruff's answer for each (signature, line length) in the
serve process, at most ``MAX_ENTRIES`` of them, least recently used dropped
first; it is gone when serve stops. The formatted text is ruff's own output
for the same input, so the API pages are the same byte for byte.

It replaces one private function of mkdocstrings-python,
``mkdocstrings_handlers.python._internal.rendering._get_formatter``; if that
is gone, the hook does nothing (the rebuild is slower, not different).
"""

from __future__ import annotations

import functools
import logging
import sys
import types
from typing import Any

from exec_cache import cache_dir  # hooks/exec_cache.py: the same switch as the author's cache

MAX_ENTRIES = 4096
log = logging.getLogger("mkdocs.hooks.signature_memo")

# MkDocs re-executes a hook module on every build of `mkdocs serve`; the memo must outlive one build.
_STATE_NAME = "_initlab_signature_memo_state"
_state = sys.modules.setdefault(_STATE_NAME, types.ModuleType(_STATE_NAME))


def _rendering() -> types.ModuleType | None:
    try:
        from mkdocstrings_handlers.python._internal import rendering
    except ImportError:
        return None
    return rendering if callable(getattr(rendering, "_get_formatter", None)) else None


def on_config(config: Any) -> None:
    rendering = _rendering()
    if rendering is None:
        log.info("signature memo: mkdocstrings-python has no _get_formatter; signatures are formatted every build")
        return
    if not hasattr(_state, "original"):
        _state.original = rendering._get_formatter
    if cache_dir() is None:
        rendering._get_formatter = _state.original
        return
    if not hasattr(_state, "memo"):
        _state.memo = functools.lru_cache(maxsize=MAX_ENTRIES)(_state.original())
    rendering._get_formatter = lambda: _state.memo
