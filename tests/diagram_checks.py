"""What the diagram tests ask of an artist: its colour, and whether it is in the highlight.

Every diagram (`lstm_course.diagrams`) shows a highlighted part by drawing its edges, lines and
texts in `HIGHLIGHT` and fading the rest.
"""

from matplotlib.colors import to_rgba

from lstm_course.diagrams.painter import HIGHLIGHT


def colour(artist) -> tuple[float, float, float]:
    """The colour that shows a highlight: the edge colour of a patch, the colour of a text or
    a line (RGB, no alpha)."""
    if hasattr(artist, "get_edgecolor") and not hasattr(artist, "get_text"):
        return to_rgba(artist.get_edgecolor())[:3]
    return to_rgba(artist.get_color())[:3]


def highlighted(artist) -> bool:
    """True if `artist` is drawn in the highlight colour."""
    return colour(artist) == to_rgba(HIGHLIGHT)[:3]
