"""The build bench runs end to end on a small corpus and prints every figure it promises.

Its figures are measured, not checked here (tests check behaviour, not timings): this only
keeps the script that makes the README's figures from rotting as the build changes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 80  # more than the build's threshold for worker processes


def test_the_build_bench_prints_each_stage_each_process_and_the_disk(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "scripts/bench_build.py", str(ARTICLES), "--jobs", "2", "--keep",
                           str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    printed = done.stdout
    corpus = tmp_path / f"corpus-{ARTICLES}"
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) for p in corpus.glob("*.jsonl")) == ARTICLES
    for label in ("read + normalise (floor)", "extraction, 1 core (sample)", "N-Quads mapping (sample)",
                  "extraction, 2 workers", "extract + map, 2 workers", "whole build, fresh process",
                  "no-change rebuild"):
        assert re.search(rf"^  {re.escape(label)} +\d+\.\d\d s +\d+ articles/s", printed, re.MULTILINE), label
    assert re.search(r"extraction rate = [\d.]+% of the read floor \([\d.]+ MB/s per core\); with the mapping",
                     printed)
    build, rebuild = printed.split("no-change rebuild")
    peaks = re.search(r"\n\s+by process: (.+) MiB\n", build)  # largest first: the order moves with the run
    assert peaks is not None and re.search(r"\bkg extract \d+", peaks[1])
    assert re.search(r"\bkg (store|views \d/2) \d+", peaks[1])  # the build's stages, each by its name
    assert re.search(r"cpu by process: .*kg extract [\d.]+.*cpu-s", build)
    assert re.search(r"disk: [\d.]+ GB used at most during the build, [\d.]+ GB in out-80/ after it", build)
    assert re.search(r"Stages: read \+ extract [\d.]+ s, identity", build)
    assert "Up to date: nothing changed since the last build." in rebuild
    statements = re.search(r"store: (\d+) statements; graph.ttl \d+ MB", rebuild)
    assert statements and int(statements.group(1)) > 10_000
