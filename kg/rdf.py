"""The only module that imports rdflib: parse graphs and query them (views, ``kg view``, tests).

Builds do not go through rdflib: ``kg.mapping`` writes N-Triples strings and ``kg.store``
loads them into Oxigraph. rdflib is used where a small graph is read as a whole.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import rdflib

from kg.store import PREFIXES, Row, Store

Graph = rdflib.Graph | Store  # anything the views can query


def load(paths: Iterable[Path]) -> rdflib.Graph:
    """Parse Turtle/TriG files into one graph."""
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        if str(path).endswith(".trig"):
            dataset = rdflib.Dataset()
            with warnings.catch_warnings():  # rdflib's TriG parser uses its own deprecated API
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset.parse(data=text, format="trig")
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=text, format="turtle")
    return graph


def rows(graph: Graph, sparql: str) -> list[Row]:
    """Run a SELECT query (on an rdflib graph or a build's store); values as plain strings."""
    return list(each(graph, sparql))


def each(graph: Graph, sparql: str) -> Iterator[Row]:
    """The rows of :func:`rows` one at a time (the store's as it answers them)."""
    if isinstance(graph, Store):
        yield from graph.each(sparql)
        return
    for row in graph.query(sparql, initNs=PREFIXES):
        yield tuple(None if v is None else str(v) for v in row)  # type: ignore[union-attr]
