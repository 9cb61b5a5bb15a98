"""Where a pasted quote that is not in the source almost is: the closest passage.

A quote copied from a browser or a PDF often differs from the stored text only in ways a
reader does not see: curly for straight quotation marks, a dash for a hyphen, a line break or
a doubled space. Folding those away finds the passage at once; what is left (a corrected typo)
is found by comparing windows around the quote's intact pieces.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

FOLDED = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»‹›", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
# A passage this alike (SequenceMatcher ratio, after folding) is offered; less is no match.
CLOSEST_MINIMUM_RATIO = 0.75
PIECES = 4
PIECE_MINIMUM = 6


@dataclass(frozen=True)
class Passage:
    """The source's exact words at [start, end) that a near-miss quote stands for."""

    start: int
    end: int
    text: str
    exact_after_folding: bool


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` with quotation marks, dashes, case and runs of white space made uniform,
    and for each folded character the offset of the original character it came from."""
    folded: list[str] = []
    origins: list[int] = []
    previous_space = False
    for offset, character in enumerate(text):
        if character.isspace():
            if previous_space:
                continue
            folded.append(" ")
            origins.append(offset)
            previous_space = True
            continue
        previous_space = False
        lowered = character.lower()
        folded.append(FOLDED.get(character, lowered if len(lowered) == 1 else character))
        origins.append(offset)
    origins.append(len(text))
    return "".join(folded), origins


def closest_passage(text: str, quote: str) -> Passage | None:
    """The passage of ``text`` the quote most likely means, or None if none is close."""
    folded_text, origins = fold(text)
    folded_quote, _ = fold(quote)
    folded_quote = folded_quote.strip()
    if not folded_quote:
        return None
    found = folded_text.find(folded_quote)
    if found != -1:
        return _passage(text, origins, found, found + len(folded_quote), exact=True)
    best = _best_window(folded_text, folded_quote)
    if best is None:
        return None
    return _passage(text, origins, best[0], best[1], exact=False)


def _passage(text: str, origins: list[int], start: int, end: int, exact: bool) -> Passage:
    source_start, source_end = origins[start], origins[end - 1] + 1
    return Passage(source_start, source_end, text[source_start:source_end], exact)


def _best_window(folded_text: str, folded_quote: str) -> tuple[int, int] | None:
    """The window of ``folded_text`` most like the quote, found from the quote's pieces
    that do occur: a typo spoils one piece, not all of them."""
    length = len(folded_quote)
    piece_length = max(PIECE_MINIMUM, length // PIECES)
    starts: set[int] = set()
    for piece_at in range(0, max(1, length - piece_length + 1), piece_length):
        piece = folded_quote[piece_at : piece_at + piece_length]
        position = folded_text.find(piece)
        while position != -1 and len(starts) < 200:
            starts.add(max(0, position - piece_at))
            position = folded_text.find(piece, position + 1)
    slack = max(2, length // 10)
    best: tuple[float, int, int] | None = None
    for start in sorted(starts):
        window_start, window_end = _trimmed(
            folded_text, folded_quote, max(0, start - slack), start + length + slack
        )
        window = folded_text[window_start:window_end]
        ratio = SequenceMatcher(None, folded_quote, window, autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, window_start, window_end)
    if best is None or best[0] < CLOSEST_MINIMUM_RATIO:
        return None
    return best[1], best[2]


def _trimmed(folded_text: str, folded_quote: str, start: int, end: int) -> tuple[int, int]:
    """The window narrowed to where the quote's first and last matching characters fall."""
    matcher = SequenceMatcher(None, folded_quote, folded_text[start:end], autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return start, end
    first, last = blocks[0], blocks[-1]
    return start + first.b - first.a, min(end + len(folded_quote), start + last.b + last.size)
