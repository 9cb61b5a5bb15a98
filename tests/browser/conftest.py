import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the ORM calls the fixtures make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server listens on 127.0.0.1; addressed as "localhost", every request of Chromium's
# first tried ::1 and took a quarter of a second longer.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# An admin save that redirects to a page can take longer than expect's 5 s when both cores are
# busy (seen at a load average of 15): a longer wait changes no assertion, only how long a
# failing one takes to say so.
expect.set_options(timeout=15_000)
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "artifacts"


@pytest.fixture
def seeded_live_server(transactional_db, live_server, seed_case_rows):
    """The live server with the seed case, loaded in a way live_server's thread can see."""
    seed_case_rows.restore()
    return live_server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}; run `make chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright runs, asgiref sees an event loop in this thread and Django keeps the
        # connections that tests open then apart from the thread's own. Closed here, or the
        # test database, dropped after Playwright stops, is still in use on PostgreSQL.
        connections.close_all()


class FirstPage:
    """The tab that each test's first page is, kept from test to test and left between tests as
    a new tab would be. Opening and closing a tab took Chromium 110 ms of wall time and 125 ms
    of processor time, against 40 ms to load a page in a tab kept open; kept, the browser tests
    run alone took 1 to 2 s less of some 32."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()

    def take(self) -> Page:
        if self.page.is_closed():
            self.page = self.context.new_page()
        return self.page

    def leave_as_new(self) -> None:
        """No trace of the test: its storage, cookies, page, media emulation and mouse go."""
        page = self.page
        try:
            if not page.is_closed():
                # A page that has left the live server for about:blank has no storage to clear.
                page.evaluate(
                    "() => { try { localStorage.clear(); sessionStorage.clear(); } catch {} }"
                )
                page.goto("about:blank")
                page.emulate_media(media="null", color_scheme="light")
                page.mouse.move(0, 0)
        except PlaywrightError:
            # Left in a state it cannot be brought back from (a crash, a dialog): a new tab.
            page.close()
        finally:
            self.context.clear_cookies()


@pytest.fixture(scope="session")
def first_page(browser):
    first = FirstPage(browser)
    yield first
    first.context.close()


@pytest.fixture
def open_page(browser, first_page):
    """Opens pages at a given viewport width; closes them afterwards. The first is the tab kept
    from test to test, left as a new tab; each further page (another user's, signed in beside
    the first) gets a context of its own. A test that listens to a page's events stops
    listening before it ends."""
    pages = []
    contexts = []

    def open_at(width, height=900):
        if pages:
            context = browser.new_context()
            contexts.append(context)
            page = context.new_page()
        else:
            page = first_page.take()
        page.set_viewport_size({"width": width, "height": height})
        pages.append(page)
        return page

    yield open_at
    try:
        if pages:
            first_page.leave_as_new()
    finally:
        for page in pages[1:]:
            page.close()
        for context in contexts:
            context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
