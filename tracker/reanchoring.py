"""Where a source's quotes stand after an edit of its text: the runs the edit left as they
were, and each quote carried through them (or found again by the words around it)."""

import re
from bisect import bisect_right
from difflib import SequenceMatcher

from tracker.quoting import CONTEXT_CHARS, Anchor, occurrences


def common_prefix_length(a: str, b: str) -> int:
    """How many leading code points ``a`` and ``b`` share, comparing slices at C speed."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def common_suffix_length(a: str, b: str, limit: int | None = None) -> int:
    """How many trailing code points ``a`` and ``b`` share, at most ``limit``."""
    high = min(len(a), len(b)) if limit is None else limit
    low = 0
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


Block = tuple[int, int, int]  # (old_from, old_to, new_from): a run an edit left as it was

# Characters are compared one by one only inside a changed region at most this big
# (old length × new length); a larger rewrite keeps no blocks, and its quotes are found
# again by the words around them.
CHARACTER_DIFF_BUDGET = 4_000_000
_WORD = re.compile(r"\S+\s*|\s+")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _token_starts(tokens: list[str]) -> list[int]:
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    return starts


def _diff_blocks(old: str, new: str, old_at: int, new_at: int, level: int) -> list[Block]:
    """Unchanged runs of ``old`` in ``new``: by lines, then words inside changed lines, then
    characters inside changed words, so the cost follows the size of what changed."""
    if not old or not new:
        return []
    if level == len(_TOKENISERS):
        if len(old) * len(new) > CHARACTER_DIFF_BUDGET:
            return []
        matcher = SequenceMatcher(None, old, new, autojunk=False)
        return [
            (old_at + a, old_at + a + size, new_at + b)
            for a, b, size in matcher.get_matching_blocks()
            if size
        ]
    old_tokens, new_tokens = _TOKENISERS[level](old), _TOKENISERS[level](new)
    if len(old_tokens) <= 1 and len(new_tokens) <= 1:
        return _diff_blocks(old, new, old_at, new_at, level + 1)
    old_starts, new_starts = _token_starts(old_tokens), _token_starts(new_tokens)
    blocks: list[Block] = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.append(
                (old_at + old_starts[i1], old_at + old_starts[i2], new_at + new_starts[j1])
            )
        elif tag == "replace":
            # As many lines (words) changed as replaced them: each was edited in place, so
            # each is compared with its counterpart alone, which keeps even an edit of every
            # line (a global replace, CRLF line ends) linear.
            pairs = (
                [(i, i + 1, j, j + 1) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
                if i2 - i1 == j2 - j1
                else [(i1, i2, j1, j2)]
            )
            for a1, a2, b1, b2 in pairs:
                blocks += _diff_blocks(
                    old[old_starts[a1] : old_starts[a2]],
                    new[new_starts[b1] : new_starts[b2]],
                    old_at + old_starts[a1],
                    new_at + new_starts[b1],
                    level + 1,
                )
    return blocks


_TOKENISERS = [_lines, _words]


def unchanged_blocks(old_text: str, new_text: str) -> list[Block]:
    """The runs an edit left as they were, in order; one diff per edit.

    The shared head and tail are cut off first (a typical edit changes one place), and the
    rest is compared by lines, words and characters in turn, so the cost is about linear in
    the text and grows with the size of the change, not with the text squared.
    """
    head = common_prefix_length(old_text, new_text)
    tail = common_suffix_length(old_text, new_text, min(len(old_text), len(new_text)) - head)
    old_end, new_end = len(old_text) - tail, len(new_text) - tail
    blocks: list[Block] = [(0, head, 0)] if head else []
    blocks += _diff_blocks(old_text[head:old_end], new_text[head:new_end], head, head, 0)
    if tail:
        blocks.append((old_end, len(old_text), new_end))
    return _joined(blocks)


def _joined(blocks: list[Block]) -> list[Block]:
    """Runs that follow on from each other in both texts, as one run."""
    joined: list[Block] = []
    for old_from, old_to, new_from in blocks:
        if joined:
            last_from, last_to, last_new_from = joined[-1]
            if old_from == last_to and new_from == last_new_from + (last_to - last_from):
                joined[-1] = (last_from, old_to, last_new_from)
                continue
        joined.append((old_from, old_to, new_from))
    return joined


def _mapped_through_diff(blocks: list[Block], start: int, end: int) -> int | None:
    """Where [start, end) of the old text went, if the edit left it untouched."""
    index = bisect_right(blocks, start, key=lambda block: block[0]) - 1
    if index < 0:
        return None
    old_from, old_to, new_from = blocks[index]
    if old_from <= start and end <= old_to:
        return new_from + (start - old_from)
    return None


def reanchor(
    old_text: str,
    new_text: str,
    start: int,
    end: int,
    context: int = CONTEXT_CHARS,
    blocks: list[Block] | None = None,
) -> Anchor | None:
    """Where the quote at [start, end) of ``old_text`` stands in ``new_text``, or None.

    The edit itself says where an untouched passage went. Where the diff cannot say (the
    quote's surroundings were rewritten), the words before and after it decide, as a W3C
    Web Annotation TextQuoteSelector's prefix and suffix do, but only when they clearly
    point at one occurrence: a quote is never moved to a passage that merely repeats it.
    Pass ``blocks`` from ``unchanged_blocks`` when re-anchoring many quotes for one edit.
    """
    quote = old_text[start:end]
    candidates = occurrences(new_text, quote)
    if not candidates:
        return None
    if blocks is None:
        blocks = unchanged_blocks(old_text, new_text)
    mapped = _mapped_through_diff(blocks, start, end)
    if mapped is not None and mapped in candidates:
        return Anchor(mapped, mapped + len(quote))
    prefix = old_text[max(0, start - context) : start]
    suffix = old_text[end : end + context]

    def score(position: int) -> int:
        before = new_text[max(0, position - context) : position]
        after = new_text[position + len(quote) : position + len(quote) + context]
        return common_suffix_length(prefix, before) + common_prefix_length(suffix, after)

    scored = sorted(((score(position), position) for position in candidates), reverse=True)
    best_score, best = scored[0]
    runner_up_score = scored[1][0] if len(scored) > 1 else -1
    needed = min(context, len(prefix) + len(suffix))
    if best_score < needed or best_score == runner_up_score:
        return None
    return Anchor(best, best + len(quote))
