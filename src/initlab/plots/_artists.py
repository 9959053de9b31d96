"""Every artist of a figure, as ``Figure.findobj`` lists them, without running tick locators."""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.axis import Axis


def artists(root: Artist, kind: type | tuple[type, ...] = Artist) -> list[Artist]:
    """The artists under ``root`` (not ``root`` itself) that are instances of ``kind``, in ``findobj``'s order.

    ``root.findobj`` asks each axis for its children, which runs both its
    tick locators (and makes any tick a location lacks) at every call; here
    an axis gives its label, its offset text and the ticks it has made (at
    least one of each kind: the first look at a tick list makes its first
    tick). Ticks made later are copies of the first.
    """
    found: list[Artist] = []
    _collect(root, kind, found)
    return found


def _collect(artist: Artist, kind: type | tuple[type, ...], found: list[Artist]) -> None:
    if isinstance(artist, Axis):
        children = [artist.label, artist.offsetText, *artist.majorTicks, *artist.minorTicks]
    else:
        children = artist.get_children()
    for child in children:
        _collect(child, kind, found)
        if isinstance(child, kind):
            found.append(child)
