"""A pasted quote that is almost in the source: the closest passage is found and offered."""

from pathlib import Path

import pytest

from tracker.near_miss import closest_passage, fold

ARTICLE = (Path(__file__).resolve().parent.parent / "seeds" / "000_f3569f0bb6286f90.txt").read_text(
    encoding="utf-8"
)
PROSECUTORS = "under Iskakov's supervision, «Wild Arman» was tasked with controlling the crowds"


@pytest.mark.parametrize(
    ("pasted", "exact_after_folding"),
    [
        (PROSECUTORS.replace("'", "’").replace("«", "“").replace("»", "”"), True),
        (
            PROSECUTORS.replace("«", '"')
            .replace("»", '"')
            .replace(" controlling", "\ncontrolling"),
            True,
        ),
        (PROSECUTORS.replace(" ", "  "), True),
        (PROSECUTORS.upper(), True),
        (PROSECUTORS.replace("supervision", "supervison").replace("tasked", "taskd"), False),
    ],
    ids=["curly quotes", "line break", "doubled spaces", "capitals", "typos"],
)
def test_the_closest_passage_is_the_source_exact_words(pasted, exact_after_folding):
    passage = closest_passage(ARTICLE, pasted)
    assert passage is not None
    start = ARTICLE.index(PROSECUTORS)
    assert (passage.start, passage.end) == (start, start + len(PROSECUTORS))
    assert passage.text == PROSECUTORS == ARTICLE[passage.start : passage.end]
    assert passage.exact_after_folding is exact_after_folding


def test_nothing_is_offered_for_words_the_source_does_not_have():
    assert closest_passage(ARTICLE, "The defendant confessed to every charge in open court") is None
    assert closest_passage(ARTICLE, "   ") is None


def test_folding_maps_back_to_code_point_offsets():
    folded, origins = fold("🙂  «Да» — x")
    assert folded == '🙂 "да" - x'
    assert [origins[i] for i in range(len(folded))] == [0, 1, 3, 4, 5, 6, 7, 8, 9, 10]
