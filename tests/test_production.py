"""The tracker as it runs in production: gunicorn, DEBUG off, collected static files, HTTPS."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from tests.helpers import ROOT, environment, fetch, free_port


def test_check_deploy_is_clean_with_https_switched_on():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment(HTTPS="1"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_worker_freezes_what_loading_the_tracker_made_out_of_the_garbage_collectors_way():
    loaded = "import gc, tracker.wsgi; print(gc.get_freeze_count())"
    result = subprocess.run(
        [sys.executable, "-c", loaded],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000


def test_check_deploy_warns_without_https():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment(HTTPS="0"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


@pytest.fixture
def production_server(tmp_path, seeded_sqlite_copy):
    """`make production` on a database already migrated and seeded (its migrate and seed steps
    then find nothing to do, as on every start after the first)."""
    port = free_port()
    log = (tmp_path / "production.log").open("w")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "production", f"HOST_PORT=127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment(
            DATABASE_URL=f"sqlite:///{seeded_sqlite_copy}",
            STATIC_ROOT=str(tmp_path / "static"),
            WEB_CONCURRENCY="1",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(2400):
            if server.poll() is not None:
                pytest.fail(f"make production stopped:\n{log_text(tmp_path)}")
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"make production did not answer in two minutes:\n{log_text(tmp_path)}")
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def log_text(folder: Path) -> str:
    return (folder / "production.log").read_text()


def test_make_production_serves_pages_and_static_files_with_debug_off(production_server):
    status, headers, home = fetch(production_server + "/")
    assert status == 200
    assert "Almaty" in home
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "private" not in headers.get("Cache-Control", "")
    stylesheet = re.search(r'href="(/static/tracker/site\.[0-9a-f]+\.css)"', home)
    assert stylesheet, "the stylesheet is served under its hashed, collected name"
    status, headers, css = fetch(production_server + stylesheet[1])
    assert status == 200 and "max-age" in headers["Cache-Control"] and css
    status, _, claims = fetch(production_server + "/claims/?q=wild+arman")
    assert status == 200 and "Dzhumageldiev" in claims


@pytest.mark.django_db
def test_every_page_sends_a_content_security_policy(client, seed_case):
    for url in [reverse("tracker:home"), reverse("tracker:claim-list"), "/admin/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_pages_for_signed_in_staff_are_private(client, seed_case, researcher):
    url = reverse("tracker:claim-list")
    assert "private" not in client.get(url).get("Cache-Control", "")
    client.force_login(researcher)
    assert "private" in client.get(url)["Cache-Control"]
