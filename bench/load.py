"""The reader site under load, as in production (issue 12). Run: ``make bench``.

On a PostgreSQL database of its own (dropped and created afresh) it loads demo data
(``generate_demo_data``) or the seed case, collects static files, measures each page once
in-process (time, queries, HTML size; the admin's claim search; search over 200 words), then
serves the tracker with gunicorn (3 sync workers, DEBUG off) twice, with the reader page cache
off and on, and runs wrk at 32 connections against each page. Prints requests/s, the ratio to a
bare view (/healthz), p50 and p99, the workers' memory after each run, and issue 12's targets.

Environment (all optional):
  BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/tracker_bench; its name must
                      contain "bench", since it is dropped
  BENCH_SIZE          "demo" (default) or "seed"
  BENCH_CLAIMS, BENCH_STATEMENTS   demo size (default 10000 and 100000)
  BENCH_SECONDS       wrk's run per page (default 5)
  BENCH_CACHE_URL     the cache for the cached run (default: local memory in each worker)
  BENCH_SLOW_SECONDS  a page slower than this in-process is not loaded uncached (default 2)
  BENCH_REUSE         "1": keep the database the last run made (same size) instead of a new one
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench"
)
SIZE = os.environ.get("BENCH_SIZE", "demo")
CLAIMS = os.environ.get("BENCH_CLAIMS", "10000")
STATEMENTS = os.environ.get("BENCH_STATEMENTS", "100000")
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "")
SLOW_SECONDS = float(os.environ.get("BENCH_SLOW_SECONDS", "2"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
# A page the reader page cache keeps no bigger than (tracker/page_cache.py).
LARGEST_PAGE_BYTES = 2 * 1024 * 1024
CONNECTIONS = 32
WORKERS = 3
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="tracker-bench-static-"))
ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "HTTPS"}},
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-key-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "STATIC_ROOT": str(STATIC_ROOT),
    "READER_PAGE_CACHE": "0",
}


@dataclass
class Page:
    name: str
    url: str
    in_process_ms: float = 0.0
    queries: int = 0
    size: int = 0
    load: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)

    def loadable(self, cached: bool) -> bool:
        """Whether wrk can load the page: the page cache serves any page it keeps however
        slow its one render (once per worker); without it, a slow page would only time out."""
        if cached and not self.url.startswith("/healthz"):
            return self.size <= LARGEST_PAGE_BYTES and self.in_process_ms < 30_000
        return self.in_process_ms < SLOW_SECONDS * 1000


def manage(*args: str, **env: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**ENV, **env}, check=True)


def fresh_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(
            f"BENCH_DATABASE_URL names {name!r}: the benchmark drops its database, so the "
            "name must contain 'bench'."
        )
    maintenance = (
        parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    )
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare() -> None:
    began = time.perf_counter()
    if REUSE:
        manage("collectstatic", "--noinput", "--verbosity", "0")
        print("Reusing the database as the last run left it.")
        return
    fresh_database()
    manage("migrate", "--noinput", "--verbosity", "0")
    if SIZE == "seed":
        manage("load_seed_case", "--verbosity", "0")
    else:
        manage("generate_demo_data", "--claims", CLAIMS, "--statements", STATEMENTS)
    manage("collectstatic", "--noinput", "--verbosity", "0")
    print(f"Prepared the database and static files in {time.perf_counter() - began:.0f} s.")


def pages_to_measure() -> tuple[list[Page], list[str], str]:
    """The pages, 200 search words, and the admin's claim search address."""
    from django.db.models import Count

    from tracker import demo_vocabulary as words
    from tracker.models import Claim, Party, Point

    published = Claim.objects.published().annotate(n=Count("statements"))
    typical = published.filter(n__gte=5).order_by("n", "pk")
    claim = typical[typical.count() // 2] if typical.exists() else published.first()
    biggest = published.order_by("-n", "pk").first()
    statement = claim.statements.select_related("source", "party").first()
    point = Point.objects.published().first()
    parties = Party.objects.annotate(n=Count("statements")).filter(n__gt=0).order_by("n", "pk")
    typical_party = parties[parties.count() // 2]
    busiest_party = parties.last()
    css = re.search(r'href="(/static/tracker/site\.[0-9a-f]+\.css)"', get("/").decode())
    pages = [
        Page("bare /healthz", "/healthz"),
        Page("home", "/"),
        Page(f"claim page ({claim.n} statements)", claim.get_absolute_url()),
        Page(f"claim page ({biggest.n} statements)", biggest.get_absolute_url()),
        Page("point page", point.get_absolute_url() if point else "/points/"),
        Page("/claims/", "/claims/"),
        Page("/claims/?q=iskakov", "/claims/?q=iskakov"),
        Page("case page", claim.case.get_absolute_url()),
        Page("source page", statement.source.get_absolute_url()),
        Page(f"party page ({typical_party.n} statements)", typical_party.get_absolute_url()),
        Page(f"party page ({busiest_party.n} statements)", busiest_party.get_absolute_url()),
        Page("static CSS", css[1] if css else "/static/tracker/site.css"),
    ]
    latin = [words.transliterate(name) for name in (*words.SURNAMES, *words.FIRST_NAMES)]
    vocabulary = [
        *latin,
        *words.SURNAMES[:20],
        *words.CITIES,
        *words.NICKNAMES,
        *(word for action in words.ACTIONS for word in action.split()[1:3]),
        *words.TAGS,
        "wild arman",
        "jumageldiev",
        "Джумагельдиев",
    ]
    search_words = list(dict.fromkeys(word.lower() for word in vocabulary))[:200]
    return pages, search_words, "/admin/tracker/claim/?q=iskakov"


def get(url: str) -> bytes:
    from django.test import Client

    return Client().get(url).content


def measure_in_process(pages: list[Page], search_words: list[str], admin_search: str) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for page in pages:
        if page.url.startswith("/static/"):
            continue
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(page.url)
                timings.append((time.perf_counter() - began) * 1000)
            if timings[-1] > SLOW_SECONDS * 1000:
                break
        page.in_process_ms, page.queries = min(timings), len(queries)
        page.size = len(response.content)
        assert response.status_code == 200, (page.url, response.status_code)
        print(f"  in-process {page.name}: {page.in_process_ms:.0f} ms", flush=True)
    search_ms = []
    for word in search_words:
        began = time.perf_counter()
        assert client.get("/claims/", {"q": word}).status_code == 200
        search_ms.append((time.perf_counter() - began) * 1000)
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", password=None
    )
    staff = Client()
    staff.force_login(admin)
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        assert staff.get(admin_search).status_code == 200
        admin_ms = (time.perf_counter() - began) * 1000
    return {
        "search_median": statistics.median(search_ms),
        "search_p99": statistics.quantiles(search_ms, n=100)[98],
        "admin_ms": admin_ms,
        "admin_queries": len(queries),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(cached: bool) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**ENV, "READER_PAGE_CACHE": "1" if cached else "0", "CACHE_URL": CACHE_URL}
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "tracker.wsgi", "--workers", str(WORKERS)]
        + ["--bind", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5).read()
            return server, base
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not start")


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024)
    return sizes


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, responses that were not 2xx/3xx or failed)."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", result, re.MULTILINE)
        return float(match[1]) * UNITS[match[2]] if match else float("nan")

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result)[1])
    failed = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout) (\d+)", result))
    return rate, latency("50"), latency("99"), failed


def load(pages: list[Page], cached: bool) -> list[float]:
    mode = "cached" if cached else "uncached"
    server, base = serve(cached)
    try:
        for page in pages:
            if not page.loadable(cached):
                continue
            for _ in range(WORKERS * 3):  # every worker renders (and caches) the page once
                urllib.request.urlopen(base + page.url, timeout=60).read()
            page.load[mode] = wrk(base + page.url)
            print(f"  {mode:8} {page.name}: {page.load[mode][0]:.0f} requests/s", flush=True)
        return worker_rss_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=60)


def report(pages: list[Page], figures: dict, rss: dict[str, list[float]]) -> None:
    print(
        f"\n## {SIZE} data: {CLAIMS} claims / {STATEMENTS} statements"
        if SIZE != "seed"
        else "\n## seed data"
    )
    print(
        f"gunicorn {WORKERS} sync workers, DEBUG off, PostgreSQL; wrk {CONNECTIONS} "
        f"connections, {SECONDS} s per page; cache: {CACHE_URL or 'local memory'}\n"
    )
    print(
        "| page | in-process ms | queries | KB | uncached req/s | × bare | p50 ms | p99 ms "
        "| cached req/s | × bare | p50 ms | p99 ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    bare = {mode: pages[0].load.get(mode, (float("nan"),))[0] for mode in ("uncached", "cached")}
    for page in pages:
        cells = [
            page.name,
            f"{page.in_process_ms:.1f}",
            str(page.queries),
            f"{page.size / 1024:.0f}",
        ]
        for mode in ("uncached", "cached"):
            if mode in page.load:
                rate, p50, p99, failed = page.load[mode]
                note = f" ({failed} failed)" if failed else ""
                cells += [
                    f"{rate:.0f}{note}",
                    f"{rate / bare[mode]:.3f}",
                    f"{p50:.1f}",
                    f"{p99:.1f}",
                ]
            else:
                cells += ["not loaded", "", "", ""]
        print("| " + " | ".join(cells) + " |")
    print(
        "\nSearch over 200 words (in-process, uncached): "
        f"median {figures['search_median']:.0f} ms, p99 {figures['search_p99']:.0f} ms"
    )
    print(
        f"Admin claim changelist ?q=iskakov: {figures['admin_ms']:.0f} ms, "
        f"{figures['admin_queries']} queries"
    )
    for mode, sizes in rss.items():
        print(f"Worker RSS after the {mode} run: " + ", ".join(f"{mb:.0f} MB" for mb in sizes))
    targets(pages, figures, rss, bare)


def targets(pages: list[Page], figures: dict, rss: dict[str, list[float]], bare: dict) -> None:
    readers = [p for p in pages[1:] if not p.url.startswith("/static/")]
    claim = pages[2]

    def ratio(page: Page, mode: str) -> float:
        return page.load[mode][0] / bare[mode] if mode in page.load else 0.0

    checks = [
        ("cached reader pages ≥ 0.5 × bare", all(ratio(p, "cached") >= 0.5 for p in readers)),
        ("uncached claim page ≥ 0.2 × bare", ratio(claim, "uncached") >= 0.2),
        (
            "p99 < 100 ms at 32 connections, every page",
            all(len(p.load) == 2 and all(run[2] < 100 for run in p.load.values()) for p in pages),
        ),
        ("search median < 50 ms", figures["search_median"] < 50),
        ("search p99 < 150 ms", figures["search_p99"] < 150),
        ("every page < 50 queries", all(p.queries < 50 for p in readers)),
        ("every page < 1 MB", all(p.size < 1024 * 1024 for p in readers)),
        ("admin changelist search < 300 ms", figures["admin_ms"] < 300),
        (
            "worker memory < 150 MB after the benchmark",
            all(mb < 150 for sizes in rss.values() for mb in sizes),
        ),
    ]
    print("\n| target | result |\n| --- | --- |")
    for label, passed in checks:
        print(f"| {label} | {'pass' if passed else 'FAIL'} |")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it (apt-get install wrk).")
    prepare()
    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    sys.path.insert(0, str(ROOT))
    # Loaded as a gunicorn worker loads it, so that the in-process figures are taken in the
    # same state (tracker.wsgi freezes what loading made, out of the garbage collector's way).
    import tracker.wsgi  # noqa: F401

    pages, search_words, admin_search = pages_to_measure()
    figures = measure_in_process(pages, search_words, admin_search)
    print("In-process figures taken; loading with wrk.", flush=True)
    rss = {}
    for cached in (False, True):
        rss["cached" if cached else "uncached"] = load(pages, cached)
    report(pages, figures, rss)
    shutil.rmtree(STATIC_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
