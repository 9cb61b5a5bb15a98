"""Long lists read from the database a chunk at a time, so that memory does not grow with them."""

from collections.abc import Iterator
from itertools import islice
from typing import TypeVar

from django.db import models
from django.db.models.query import ModelIterable

Row = TypeVar("Row", bound=models.Model)


def in_chunks(rows: models.QuerySet[Row], size: int) -> Iterator[list[Row]]:
    """``rows`` as lists of up to ``size``, each read from the database when it is wanted.
    Prefetches are not done; do them for each list.

    Not ``rows.iterator()``: the settings turn server-side cursors off (forms read their few
    dozen choices through it), and without one PostgreSQL's driver takes in the whole result
    before giving the first row (verify_quotes at 100,000 statements: 324 MB, against 66 MB
    with one). This opens one whatever the settings say; SQLite reads as ``iterator()`` does.
    """
    found: Iterator[Row] = iter(ModelIterable(rows, chunked_fetch=True, chunk_size=size))
    while chunk := list(islice(found, size)):
        yield chunk
