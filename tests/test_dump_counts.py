"""The dumps read the same in three parsers: rdflib, pyoxigraph and rapper (raptor2-utils).

graph.ttl holds the union of the graphs; graph.trig the same statements, one named graph per
article plus the merged graph. rapper and pyoxigraph count TriG statements graph by graph
(quads), so their count is that of the store; the union of those quads is graph.ttl.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
import rdflib
from servers import build_sample

from kg import query, store

Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


def rapper(path: Path, syntax: str) -> int:
    if shutil.which("rapper") is None:
        pytest.skip("rapper is not installed (Debian package raptor2-utils; scripts/run test installs it)")
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stderr.split("returned")[1].split()[0])


def test_turtle_counts_agree(out: Path) -> None:
    graph = rdflib.Graph().parse(data=(out / "graph.ttl").read_text(encoding="utf-8"), format="turtle")
    ours = store.count_file(out / "graph.ttl")
    assert len(graph) == ours == rapper(out / "graph.ttl", "turtle") > 100


def rdflib_graphs(path: Path) -> dict[str, set[Triple]]:
    """The named graphs of a TriG file, read by rdflib (whose Dataset warns about its own internals)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = rdflib.Dataset()
        dataset.parse(data=path.read_text(encoding="utf-8"), format="trig")
        return {str(g.identifier): set(g) for g in dataset.graphs()
                if g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID}


def test_trig_counts_agree(out: Path) -> None:
    graphs = rdflib_graphs(out / "graph.trig")
    quads = sum(len(triples) for triples in graphs.values())
    db = query.open_store(out)
    assert quads == store.count_file(out / "graph.trig") == rapper(out / "graph.trig", "trig") == len(db)
    assert set(graphs) == set(db.graphs())


def test_the_union_of_the_trig_is_the_turtle(out: Path) -> None:
    union = set().union(*rdflib_graphs(out / "graph.trig").values())
    turtle = set(rdflib.Graph().parse(data=(out / "graph.ttl").read_text(encoding="utf-8"), format="turtle"))
    assert union == turtle
    assert len(union) <= rapper(out / "graph.trig", "trig")  # equal while no statement is in two graphs


def test_unreadable_rdf_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(store.OutputError, match="bad.ttl: not readable RDF"):
        store.count_file(bad)


def test_the_report_counts_the_statements_of_the_store(out: Path) -> None:
    """report.json's count of statements is the one the dumps made as they wrote, not a scan of the store."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["triples"] == len(query.open_store(out)) == store.count_file(out / "graph.trig") > 100
