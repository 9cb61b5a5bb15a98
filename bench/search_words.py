"""The benchmark's 200 search words one by one, slowest first (issue 12). Run on the database
``make bench`` left: ``BENCH_REUSE=1 .venv/bin/python bench/search_words.py``; without
``BENCH_REUSE=1`` it makes that database afresh first, as ``bench/load.py`` does.

Each word's claim list is fetched in-process ``BENCH_ROUNDS`` times (default 3), as
``bench/load.py`` measures them; it prints the median and p99 of each round, then the slowest
words by their best time. Where PostgreSQL runs on this machine and its processes' /proc files
are readable, it prints each word's PostgreSQL processor time too, which other work on a shared
machine does not inflate as it does the time taken.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import load

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SLOWEST = 20


def postgres_milliseconds() -> float | None:
    """Processor time the connection's PostgreSQL process has used, if it can be read."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6
    except OSError:
        return None


def main() -> None:
    load.prepare()
    os.environ.update(load.ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    sys.path.insert(0, str(load.ROOT))
    from django.test import Client

    import tracker.wsgi  # noqa: F401  (loaded as bench/load.py and a gunicorn worker load it)

    _pages, words, _admin = load.pages_to_measure()
    client = Client()
    best: dict[str, tuple[float, float | None]] = {}
    for number in range(1, ROUNDS + 1):
        times = []
        for word in words:
            postgres_before, began = postgres_milliseconds(), time.perf_counter()
            assert client.get("/claims/", {"q": word}).status_code == 200
            taken = (time.perf_counter() - began) * 1000
            postgres_after = postgres_milliseconds()
            postgres = None
            if postgres_before is not None and postgres_after is not None:
                postgres = postgres_after - postgres_before
            times.append(taken)
            if word not in best or taken < best[word][0]:
                best[word] = (taken, postgres)
        p99 = statistics.quantiles(times, n=100)[98]
        print(f"round {number}: median {statistics.median(times):.1f} ms, p99 {p99:.1f} ms")
    print(f"\nSlowest {SLOWEST} words by their best time (PostgreSQL's processor time):")
    for word, (taken, postgres) in sorted(best.items(), key=lambda item: -item[1][0])[:SLOWEST]:
        print(f"  {taken:6.1f} ms  {'' if postgres is None else f'({postgres:.1f} ms)'}  {word}")


if __name__ == "__main__":
    main()
