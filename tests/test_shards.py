"""Extraction is a pure function of one article: shards extracted apart give the same quads."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "sample"


def corpus_lines() -> list[str]:
    return [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}, ensure_ascii=False)
            for p in sorted(SAMPLE.glob("*.txt"))]


def extract(lines: list[str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "kg", "extract", "-", "--nquads"], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc, "\n".join(lines) + "\n"


def output(started: tuple[subprocess.Popen[str], str]) -> list[str]:
    proc, given = started
    out, err = proc.communicate(given, timeout=300)
    assert proc.returncode == 0, err
    return out.splitlines()


def test_two_shards_in_parallel_equal_one_run(tmp_path: Path) -> None:
    lines = corpus_lines()
    whole = output(extract(lines))
    shards = [extract(lines[:3]), extract(lines[3:])]  # two processes at once, as on two machines
    union = [line for proc in shards for line in output(proc)]
    assert sorted(set(union)) == sorted(set(whole)) and whole
    (tmp_path / "union.nq").write_text("\n".join(union) + "\n", encoding="utf-8")
    store.build(tmp_path / "store", [tmp_path / "union.nq"])  # what a server's bulk loader is given
    assert len(store.Store.open(tmp_path / "store")) == len(set(whole))


def test_gnu_parallel_pipes_shards_through_kg_extract(tmp_path: Path) -> None:
    if shutil.which("parallel") is None:
        pytest.skip("GNU parallel is not installed (Debian package parallel)")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(corpus_lines()) + "\n", encoding="utf-8")
    command = f"parallel --pipe -N 2 {sys.executable} -m kg extract - --nquads < {corpus}"
    proc = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert sorted(set(proc.stdout.splitlines())) == sorted(set(output(extract(corpus_lines()))))
