import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

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


@pytest.fixture(scope="session")
def shared_context(browser):
    """The browser context that each test's first page opens in. A context of its own for each
    test, or a context left with no page open, has Chromium make a new window for the test's
    first page, which costs it about as much as the rest of the test; a blank page kept open
    here holds the window, and each test's page is a new tab in it."""
    context = browser.new_context()
    context.new_page()
    yield context
    context.close()


@pytest.fixture
def open_page(browser, shared_context):
    """Opens pages at a given viewport width; closes them afterwards. The first page is a new
    page in the shared context, which the test leaves without cookies or local storage; each
    further page (another user's, signed in beside the first) gets a context of its own."""
    pages = []
    contexts = []

    def open_at(width, height=900):
        if pages:
            context = browser.new_context()
            contexts.append(context)
            page = context.new_page()
        else:
            page = shared_context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        pages.append(page)
        return page

    yield open_at
    try:
        if pages:
            # A page that has left the live server for about:blank has no storage to clear.
            pages[0].evaluate("() => { try { localStorage.clear(); } catch {} }")
    finally:
        for page in pages:
            page.close()
        for context in contexts:
            context.close()
        shared_context.clear_cookies()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
