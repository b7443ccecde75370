"""The dumps are read alike by rdflib and by an independent parser (rapper, raptor2-utils)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib

from kg import pipeline

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out, views=False))
    return out


def rapper_count(path: Path, syntax: str) -> int:
    if shutil.which("rapper") is None:
        pytest.skip("rapper is not installed (Debian package raptor2-utils; scripts/run test installs it)")
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stderr.split("returned")[1].split()[0])


def test_turtle_counts_agree(sample_build: Path) -> None:
    graph = rdflib.Graph().parse(sample_build / "graph.ttl")
    assert len(graph) > 100
    assert rapper_count(sample_build / "graph.ttl", "turtle") == len(graph)


def test_trig_counts_agree(sample_build: Path) -> None:
    graph = rdflib.Graph().parse(sample_build / "graph.ttl")
    quads = rapper_count(sample_build / "graph.trig", "trig")
    assert quads >= len(graph)  # an entity's triple may be stated in more than one graph
