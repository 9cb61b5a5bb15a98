"""Word-level differences between two texts, marked up for a reviewer."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words, runs of spaces and single punctuation marks: a changed comma shows as one mark.
TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+", re.UNICODE)


def word_diff(before: str, after: str) -> SafeString:
    """``after`` with the words it lost from ``before`` in ``<del>`` and the words it gained in
    ``<ins>``; everything else escaped."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
