"""The only module that imports rdflib: facts → rdflib graphs, serialisation, queries."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rdflib

Graph = rdflib.Graph


def load(paths: Iterable[Path]) -> rdflib.Graph:
    """Parse Turtle/TriG files into one graph (used by views and tests)."""
    graph = rdflib.Graph()
    for path in paths:
        fmt = "trig" if str(path).endswith(".trig") else "turtle"
        graph.parse(path, format=fmt)
    return graph


def rows(graph: rdflib.Graph, sparql: str) -> list[tuple[str | None, ...]]:
    """Run a SELECT query and return each row as plain strings (None where unbound)."""
    result = graph.query(sparql)
    return [tuple(None if v is None else str(v) for v in row) for row in result]  # type: ignore[union-attr]
