"""Lint and types are part of the test run: ruff on everything, mypy --strict on the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(args[0], path=str(Path(sys.executable).parent)) is None:
        pytest.skip(f"{args[0]} is not installed (pip install -e '.[test]')")
    return subprocess.run([str(Path(sys.executable).parent / args[0]), *args[1:]], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def test_ruff() -> None:
    proc = run_tool("ruff", "check", "kg", "tests", "scripts")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict() -> None:
    proc = run_tool("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr
