"""Clicks and page loads to log the seed article's statements through the source workbench.

The seed case is loaded into a database of its own (a temporary folder, never the tracker's),
its 15 statements are removed, and a researcher logs them again in Chromium: reading the
source in text order, selecting each quote, and in the panel choosing only what differs from
what the panel holds already (its claim, party, stance and kind stay from the last save, and
the party is suggested from the sentence's speaker). A claim's first statement writes the
claim as a new draft. Then every logged quote is checked against the source at its offsets.

Counted: a selection (one drag) and each click; choosing from a drop-down is two clicks (open,
choose); typing is counted apart, in keystrokes. Page loads are the browser's load events.
Run: ``.venv/bin/python bench/workbench_clicks.py`` (needs /usr/bin/chromium).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SELECT_WORDS = (ROOT / "tests" / "browser" / "test_workbench.py").read_text(encoding="utf-8")
SELECT_WORDS = SELECT_WORDS.split('SELECT_WORDS = """', 1)[1].split('"""', 1)[0]


@dataclass
class Tally:
    clicks: int = 0
    keystrokes: int = 0
    page_loads: int = 0
    per_statement: list[int] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(environment: dict[str, str]) -> list[dict]:
    """The seed case without its statements, a researcher, and the statements to log."""
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from tracker.models import Statement

    call_command("migrate", verbosity=0)
    call_command("load_seed_case", verbosity=0)
    Statement.objects.all().delete()
    rita = User.objects.create_user("rita", password="pw-rita", is_staff=True)
    rita.groups.add(Group.objects.get(name="Researchers"))
    fixture = json.loads((ROOT / "fixtures" / "almaty_trial.json").read_text(encoding="utf-8"))
    claims = {
        row["pk"]: row["fields"]["text"] for row in fixture if row["model"] == "tracker.claim"
    }
    statements = [
        {**row["fields"], "claim_text": claims[row["fields"]["claim"]]}
        for row in fixture
        if row["model"] == "tracker.statement"
    ]
    return sorted(statements, key=lambda s: (s["quote_start"], s["quote_end"]))


def choose(page, selector: str, value: str, tally: Tally) -> None:
    if page.input_value(selector) != value:
        page.select_option(selector, value)
        tally.clicks += 2


def log_statement(page, statement: dict, claim_ids: dict[str, str], tally: Tally) -> None:
    before = tally.clicks
    page.evaluate(SELECT_WORDS, statement["quote"])
    tally.clicks += 1
    quote = page.locator("#panel-quote").inner_text()
    assert quote == statement["quote"], (quote, statement["quote"])
    claim_id = claim_ids.get(statement["claim_text"], "")
    choose(page, "#panel-claim", claim_id, tally)
    if not claim_id:
        page.click("#panel-new-claim-text")
        page.fill("#panel-new-claim-text", statement["claim_text"])
        tally.clicks += 1
        tally.keystrokes += len(statement["claim_text"])
        choose(
            page,
            "#id_new_claim_case",
            page.locator("#id_new_claim_case option").nth(1).get_attribute("value"),
            tally,
        )
    choose(page, "#id_party", str(statement["party"]), tally)
    stance = page.locator(f"input[name=stance][value={statement['stance']}]")
    if not stance.is_checked():
        stance.check()
        tally.clicks += 1
    choose(page, "#id_kind", statement["kind"], tally)
    page.click("#panel-save")
    tally.clicks += 1
    page.locator("#workbench-status", has_text="Saved").wait_for()
    claim_ids[statement["claim_text"]] = page.input_value("#panel-claim")
    tally.per_statement.append(tally.clicks - before)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="tracker-bench-")
    port = free_port()
    environment = {
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
    }
    statements = prepare(environment)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run(f"http://127.0.0.1:{port}", statements)
    finally:
        server.terminate()
        server.wait()


def run(url: str, statements: list[dict]) -> None:
    from playwright.sync_api import sync_playwright

    from tracker.models import Source, Statement

    for _ in range(100):
        try:
            socket.create_connection(
                (url.split("//")[1].split(":")[0], int(url.rsplit(":", 1)[1])), 1
            ).close()
            break
        except OSError:
            time.sleep(0.1)
    tally = Tally()
    began = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("load", lambda _: setattr(tally, "page_loads", tally.page_loads + 1))
        page.goto(f"{url}/admin/login/")
        page.fill("#id_username", "rita")
        page.fill("#id_password", "pw-rita")
        page.click("input[type=submit]")
        tally.clicks += 3
        tally.keystrokes += len("rita") + len("pw-rita")
        page.wait_for_url(f"{url}/admin/")
        page.click('#content-main a[href$="/tracker/source/"]')
        page.click("td.field-workbench_link a")
        tally.clicks += 2
        page.wait_for_selector("#workbench-text")
        claim_ids: dict[str, str] = {}
        for statement in statements:
            log_statement(page, statement, claim_ids, tally)
        browser.close()
    took = time.perf_counter() - began
    source = Source.objects.get()
    logged = list(Statement.objects.filter(source=source))
    exact = all(source.text[s.quote_start : s.quote_end] == s.quote for s in logged)
    print(f"statements logged:     {len(logged)} of {len(statements)} (quotes exact: {exact})")
    print(f"new draft claims:      {len(claim_ids)}")
    print(f"clicks:                {tally.clicks} (login and navigation included: 5)")
    print(f"clicks per statement:  {tally.per_statement}")
    print(f"keystrokes:            {tally.keystrokes} (claim texts, login)")
    print(f"page loads:            {tally.page_loads}")
    print(f"wall time (automated): {took:.1f} s")


if __name__ == "__main__":
    main()
