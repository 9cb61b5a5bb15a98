"""The test suite's wall time against the day issue 8 was filed (commit 395dcb2), on SQLite.

Run: ``.venv/bin/python bench/suite_time.py`` (after ``make install``). It checks the baseline
commit out into a git worktree of its own beside this checkout (``SUITE_BASELINE_DIR``, made
and installed once, with the baseline's own ``make install``), then times, back to back and
taking turns so that a noisy machine slows each alike:

- the baseline's whole suite, as its ``make test`` ran it;
- today's whole suite;
- today's runs of the tests the baseline had: every test function whose module and name are
  the same today (parametrised or not), so the same checks with today's code and fixtures.

It prints each run's wall time, the medians and the ratios to the baseline (issue 8's target:
a third or less). ``SUITE_RUNS`` sets the number of turns (default 2).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "395dcb2"
BASELINE_DIR = Path(os.environ.get("SUITE_BASELINE_DIR", ROOT.parent / "suite-baseline-395dcb2"))
RUNS = int(os.environ.get("SUITE_RUNS", "2"))
ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_ADDOPTS"}},
    "DEBUG": "1",
}


def baseline_checkout() -> Path:
    if not (BASELINE_DIR / "manage.py").exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(BASELINE_DIR), BASELINE],
            check=True,
        )
    subprocess.run(["make", "--silent", "install"], cwd=BASELINE_DIR, check=True)
    return BASELINE_DIR


def test_functions(checkout: Path) -> set[str]:
    """``module::function`` of every test the checkout's suite collects, parameters dropped."""
    listed = subprocess.run(
        [".venv/bin/python", "-m", "pytest", "--collect-only", "-q", "-o", "addopts="],
        cwd=checkout,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split("[")[0] for line in listed.splitlines() if "::" in line}


def timed_run(checkout: Path, *tests: str) -> float:
    began = time.perf_counter()
    result = subprocess.run(
        [".venv/bin/python", "-m", "pytest", "-q", *tests],
        cwd=checkout,
        env=ENV,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - began
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    if result.returncode != 0:
        sys.exit(f"{checkout}: the suite failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    which = "the baseline's tests" if tests else "whole suite"
    print(f"  {checkout.name}, {which}: {took:.1f} s — {summary}")
    return took


def main() -> None:
    baseline = baseline_checkout()
    shared = sorted(test_functions(baseline) & test_functions(ROOT))
    print(f"The baseline's tests still here by module and name: {len(shared)}.")
    timings: dict[str, list[float]] = {"baseline": [], "today": [], "today, same tests": []}
    for turn in range(1, RUNS + 1):
        print(f"Turn {turn} of {RUNS}:")
        timings["baseline"].append(timed_run(baseline))
        timings["today"].append(timed_run(ROOT))
        timings["today, same tests"].append(timed_run(ROOT, *shared))
    reference = statistics.median(timings["baseline"])
    print("\n| suite | runs (s) | median (s) | × baseline |\n| --- | --- | ---: | ---: |")
    for name, runs in timings.items():
        median = statistics.median(runs)
        listed = ", ".join(f"{run:.1f}" for run in runs)
        print(f"| {name} | {listed} | {median:.1f} | {median / reference:.2f} |")


if __name__ == "__main__":
    main()
