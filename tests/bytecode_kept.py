"""Loaded before anything else of the suite's (``-p tests.bytecode_kept`` in pyproject.toml's
addopts), so before pytest-django starts Django.

With PYTHONDONTWRITEBYTECODE set, as on the machines this suite runs on, each test process
compiled the tracker's modules afresh and pytest rewrote the asserts of every test module afresh:
2.5 s of a worker's 4 s collection, and a fifth of a second more in each of the twenty-odd
processes the tests start (gunicorn, manage.py, `make production`). Kept in __pycache__ (which
git ignores), they are read back by every later run, as wherever the variable is not set."""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
