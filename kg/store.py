"""The embedded triplestore: the only module that imports pyoxigraph.

A build bulk-loads its N-Quads into ``OUT/store`` (an Oxigraph database on disk), writes
``graph.ttl`` and ``graph.trig`` from it, and leaves it for ``kg query``, ``kg serve`` and
the views. Queries see the union of all named graphs as their default graph.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import OutputError

PREFIXES = {
    "vnpol": "https://w3id.org/vnpol/ontology#", "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/", "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "time": "http://www.w3.org/2006/time#",
}
_SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
Row = tuple[str | None, ...]


class Store:
    """A read-only view of a build's store, queried with SPARQL over the union of its graphs."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    @classmethod
    def open(cls, path: Path) -> Store:
        if not path.is_dir():
            raise OutputError(f"{path}: no store here (run kg build first)")
        return cls(ox.Store.read_only(str(path)))

    @classmethod
    def in_memory(cls, nquads: str) -> Store:
        store = ox.Store()
        store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        return cls(store)

    def rows(self, sparql: str) -> list[Row]:
        """SELECT results as plain strings (IRIs and lexical forms), None where unbound."""
        result = self._store.query(_with_prefixes(sparql), use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions), "rows() takes a SELECT query"
        names = [v.value for v in result.variables]
        return [tuple(_text(solution[name]) for name in names) for solution in result]

    def ask(self, sparql: str) -> bool:
        result = self._store.query(_with_prefixes(sparql), use_default_graph_as_union=True)
        return bool(result)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def dump_graph(self, graph: str, output: IO[bytes]) -> None:
        self._store.dump(output, ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)


def _with_prefixes(sparql: str) -> str:
    return sparql if "PREFIX vnpol:" in sparql else _SPARQL_PREFIXES + sparql


def _text(term: object) -> str | None:
    if term is None:
        return None
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def build(dest: Path, nquads_files: Iterable[Path]) -> None:
    """Bulk-load N-Quads files into a new store at ``dest``, replacing the old one only at the end."""
    staging = Path(tempfile.mkdtemp(prefix=".store-", dir=dest.parent))
    try:
        store = ox.Store(str(staging))
        for path in nquads_files:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        _swap(staging, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, dest: Path) -> None:
    old = dest.with_name(f".{dest.name}-old-{os.getpid()}")
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def _body_lines(store: Store, graph: str, scratch: Path) -> Iterator[bytes]:
    """The statements of one graph as Turtle lines, without the prefix lines."""
    with open(scratch, "wb") as fh:
        store.dump_graph(graph, fh)
    with open(scratch, "rb") as fh:
        for line in fh:
            if not line.startswith((b"@prefix", b"PREFIX")):
                yield line


def _header() -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())).encode() + b"\n"


def write_turtle(store: Store, output: IO[bytes], scratch: Path) -> None:
    """Every graph's statements as one Turtle document (the graphs share no statement)."""
    output.write(_header())
    for graph in store.graphs():
        output.writelines(_body_lines(store, graph, scratch))


def write_trig(store: Store, output: IO[bytes], scratch: Path) -> None:
    """TriG: the prefixes once, then each named graph in IRI order."""
    output.write(_header())
    for graph in store.graphs():
        output.write(f"<{graph}> {{\n".encode())
        for line in _body_lines(store, graph, scratch):
            output.write(b"    " + line if line.strip() else line)
        output.write(b"}\n\n")
