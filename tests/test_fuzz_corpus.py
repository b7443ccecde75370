"""The fuzz corpus (scripts/fuzz_corpus.py): every messy-input case mixed with good articles.

One real ``kg build`` over it, a folder of 100,000 files included: no crash, every good
article built with all its facts in its own graph, every bad input reported with its reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import EXIT_SOME_SKIPPED

ROOT = Path(__file__).resolve().parents[1]
MANY = 100_000


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, object], Path]]:
    folder = tmp_path_factory.mktemp("fuzz")
    proc = subprocess.run([sys.executable, "scripts/fuzz_corpus.py", str(folder), "--many", str(MANY), "--check",
                           "--jobs", "2"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode in (0, 1), proc.stderr
    summary = json.loads(proc.stdout[proc.stdout.index("{"):])
    yield summary, folder
    shutil.rmtree(folder / "corpus", ignore_errors=True)  # 100,000 files: not kept for pytest's last three runs


def test_no_crash_and_nothing_unexpected(fuzz: tuple[dict[str, object], Path]) -> None:
    summary, _folder = fuzz
    assert summary["crashes"] == 0
    assert summary["exit_code"] == EXIT_SOME_SKIPPED
    assert summary["mismatches"] == []


def test_every_good_article_is_built_with_its_facts(fuzz: tuple[dict[str, object], Path]) -> None:
    summary, _folder = fuzz
    assert summary["built"] == summary["good_articles"] >= 90
    assert summary["facts_found"] == summary["facts_expected"] > 400


def test_every_bad_input_is_reported(fuzz: tuple[dict[str, object], Path]) -> None:
    summary, folder = fuzz
    assert summary["skipped"] == summary["bad_inputs"] > 30
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    report = json.loads((folder / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["inputs"]) == len(manifest) == summary["inputs"]
    assert all(row["problem"] for row in report["inputs"] if row["status"] == "skipped")
