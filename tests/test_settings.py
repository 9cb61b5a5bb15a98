import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracker.settings import envbool, envlist

ROOT = Path(__file__).resolve().parent.parent


def import_settings(printed="s.DEBUG, s.ALLOWED_HOSTS", **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import tracker.settings as s; print({printed})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_start_with_a_secret_key_and_hosts():
    result = import_settings(
        DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="claims.example, a.b"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['claims.example', 'a.b']"


def test_debug_gives_a_development_key():
    result = import_settings(DEBUG="yes")
    assert result.returncode == 0, result.stderr


def test_envbool_rejects_junk(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        envbool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_FLAG", "On")
    assert envbool("SOME_FLAG", False) is True


def test_envlist_splits_and_trims(monkeypatch):
    monkeypatch.setenv("SOME_LIST", " a , ,b ")
    assert envlist("SOME_LIST", []) == ["a", "b"]
    monkeypatch.delenv("SOME_LIST")
    assert envlist("SOME_LIST", ["d"]) == ["d"]


def test_the_api_trusts_x_forwarded_for_only_from_the_proxies_it_is_told_of():
    proxies = 's.REST_FRAMEWORK["NUM_PROXIES"]'
    assert import_settings(proxies, DEBUG="1").stdout.strip() == "0"
    behind_one = import_settings(proxies, DEBUG="1", API_TRUSTED_PROXIES="1")
    assert behind_one.stdout.strip() == "1"
    junk = import_settings(proxies, DEBUG="1", API_TRUSTED_PROXIES="all")
    assert "API_TRUSTED_PROXIES must be a whole number" in junk.stderr


def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    printed = "s.DATABASES['default']['OPTIONS']"
    database = {"DEBUG": "1", "DATABASE_URL": "postgres://reader@db.example:5432/tracker"}
    prepared = import_settings(printed, **database)
    assert prepared.returncode == 0, prepared.stderr
    assert "'server_side_binding': True, 'prepare_threshold': 2" in prepared.stdout
    unprepared = import_settings(printed, DATABASE_PREPARED_STATEMENTS="0", **database)
    assert unprepared.returncode == 0, unprepared.stderr
    assert "server_side_binding" not in unprepared.stdout
    assert "prepare_threshold" not in unprepared.stdout
