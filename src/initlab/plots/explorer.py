r"""The interactive figure's markup: controls, an empty drawing and the data, for one page.

[`explorer_html`][initlab.plots.explorer.explorer_html] turns an
[`ExplorerGrid`][initlab.studies.depth.ExplorerGrid]
into HTML: three labelled ``<select>`` controls (scheme, activation,
depth), an inline ``<svg role="img">`` that ``docs/javascripts/explorer.js``
draws into, and the grid as JSON in a ``<script type="application/json">``.
No library and no network: the script is hand-written and the data ships
with the page.
"""

from __future__ import annotations

import html
import json

from ..studies import ExplorerGrid
from .style import scheme_style

__all__ = ["explorer_html"]


def _select(key: str, label: str, options: list[tuple[str, str]], selected: str) -> str:
    opts = "".join(
        f'<option value="{html.escape(v)}"{" selected" if v == selected else ""}>{html.escape(t)}</option>'
        for v, t in options
    )
    return (
        f'<label class="initlab-explorer__control">{label} '
        f'<select name="{key}" data-key="{key}">{opts}</select></label>'
    )


def explorer_html(
    grid: ExplorerGrid, *, scheme: str | None = None, activation: str | None = None, depth: int | None = None
) -> str:
    """HTML for the interactive figure, starting at ``scheme``, ``activation`` and ``depth``.

    Examples
    --------
    >>> from initlab.studies import explorer_grid
    >>> g = explorer_grid(["he_normal"], ["relu"], depth=2, width=8, n_samples=20, bins=4)
    >>> markup = explorer_html(g)
    >>> 'role="img"' in markup and 'type="application/json"' in markup
    True
    """
    if not isinstance(grid, ExplorerGrid):
        raise TypeError(f"grid must be an initlab.studies.ExplorerGrid, got {type(grid).__name__}")
    scheme = grid.schemes[0] if scheme is None else scheme
    activation = grid.activations[0] if activation is None else activation
    depth = grid.depth if depth is None else depth
    if scheme not in grid.schemes or activation not in grid.activations or not 1 <= depth <= grid.depth:
        raise ValueError(f"no such start in the grid: scheme={scheme!r}, activation={activation!r}, depth={depth!r}")
    colors = {s: scheme_style(s, index=i)["color"] for i, s in enumerate(grid.schemes)}
    data = grid.to_json()[:-1] + ',"colors":' + json.dumps(colors, separators=(",", ":")) + "}"
    data = data.replace("</", "<\\/")  # never close the <script> early
    controls = "".join(
        [
            _select("scheme", "Scheme", list(zip(grid.schemes, grid.labels)), scheme),
            _select("activation", "Activation", [(a, a) for a in grid.activations], activation),
            _select("depth", "Depth", [(str(d), f"{d} layers") for d in range(1, grid.depth + 1)], str(depth)),
        ]
    )
    return (
        '<div class="initlab-explorer" data-search-exclude="">'
        f'<form class="initlab-explorer__controls" aria-label="Choose what the figure shows">{controls}</form>'
        '<svg class="initlab-explorer__plot" role="img" aria-label="Interactive figure: activation statistics '
        'by layer (needs JavaScript)" viewBox="0 0 720 360" width="100%"><title>Activation statistics by layer'
        "</title></svg>"
        '<p class="initlab-explorer__summary" aria-live="polite"></p>'
        "<noscript><p>This figure is drawn by JavaScript, which is turned off; the depth figures of the "
        "lesson pages show the same kind of statistics, without the choice.</p></noscript>"
        f'<script type="application/json" class="initlab-explorer__data">{data}</script>'
        "</div>"
    )
