"""The embedded triplestore: the only module that imports pyoxigraph.

A build bulk-loads its N-Quads into ``OUT/store`` (an Oxigraph database on disk) and
leaves it for ``kg query``, ``kg serve`` and the views: the own graphs as staged while the
identity pass runs (``load_into``), then, the statements the pass renamed replaced, the rest,
and the store is compacted and moved into place (``finish``). ``graph.ttl`` and ``graph.trig`` are
streamed by Oxigraph from the settled N-Quads files, which hold the same statements
(``write_files``). Queries see the union of all named graphs as their default graph.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from sys import intern
from typing import IO, Final, TypeVar

import pyoxigraph as ox

from kg import memory
from kg.errors import KgError, OutputError
from kg.folders import replace_dir

if sys.platform != "win32":
    import resource

PREFIXES = {
    "vnpol": "https://w3id.org/vnpol/ontology#", "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/", "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "time": "http://www.w3.org/2006/time#",
}
_SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
Row = tuple[str | None, ...]


class Store:
    """A read-only view of a build's store, queried with SPARQL over the union of its graphs.

    Opened with a ``cache_budget``, it holds the store's caches to about that many bytes. The
    caches of RocksDB, which Oxigraph uses, have sizes pyoxigraph does not let a caller set
    (128 MB for the strings of the terms, 32 MB for each index) and fill with every term a
    query touches: ~4 KB a term not met before, whose string is looked up on its own block.
    A reader of many terms (the views of a big build) grew so to the caches' sizes: at
    100,000 articles, the strings of the agents of 250 events (25,069) took a process from
    97 to 192 MiB (to 87, the store closed and the memory given back). So, before a query,
    where the process has grown by more than the budget since the store was opened, the store
    is closed, what its caches held given back to the system (:func:`kg.memory.give_back`),
    and opened again (19 ms both, on average, in the views of that build); a query under way
    reads on from the store it began with."""

    def __init__(self, store: ox.Store, path: Path | None = None, cache_budget: int | None = None) -> None:
        self._store = store
        self._path, self._budget = path, cache_budget
        self._opened_at = memory.resident() if cache_budget is not None else None
        self.reopened = 0  # times the store was opened afresh (``cache_budget``)

    @classmethod
    def open(cls, path: Path, *, cache_budget: int | None = None) -> Store:
        if not path.is_dir():
            raise OutputError(f"{path}: no store here (run kg build first)")
        return cls(ox.Store.read_only(str(path)), path, cache_budget)

    @classmethod
    def in_memory(cls, nquads: str) -> Store:
        store = ox.Store()
        store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        return cls(store)

    def rows(self, sparql: str) -> list[Row]:
        """SELECT results as plain strings (IRIs and lexical forms), None where unbound."""
        return list(self.each(sparql))

    def each(self, sparql: str) -> Iterator[Row]:
        """The rows of :meth:`rows` one at a time, as the store answers them (for a caller
        that keeps a few of many)."""
        self._within_budget()
        result = self._store.query(_with_prefixes(sparql), use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions), "each() takes a SELECT query"
        for solution in result:  # its values in the order of the variables, None where unbound
            yield tuple(map(_text, solution))

    def _within_budget(self) -> None:
        """Open the store afresh where the process grew by more than the budget since it was
        opened (see the class)."""
        if self._budget is None or self._path is None or self._opened_at is None:
            return
        now = memory.resident()
        if now is None or now <= self._opened_at + self._budget:
            return
        del self._store
        memory.give_back()
        self._store = ox.Store.read_only(str(self._path))
        self._opened_at = memory.resident()
        self.reopened += 1

    def ask(self, sparql: str) -> bool:
        result = self._store.query(_with_prefixes(sparql), use_default_graph_as_union=True)
        return bool(result)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump_graph(self, graph: str, output: IO[bytes]) -> None:
        """One named graph as Turtle (``kg push`` uploads graph by graph)."""
        self._store.dump(output, ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)

    def __len__(self) -> int:
        return len(self._store)

def _with_prefixes(sparql: str) -> str:
    return sparql if "PREFIX vnpol:" in sparql else _SPARQL_PREFIXES + sparql


def _text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):  # one string an IRI, however many rows name it
        return intern(term.value)
    try:
        return str(term.value)  # type: ignore[attr-defined]  # IRIs, literals and blank nodes
    except AttributeError:
        return str(term)  # a quoted triple


def build(dest: Path, nquads_files: Iterable[Path]) -> None:
    """Bulk-load N-Quads files written by kg into a new store at ``dest``, replacing the old one
    only at the end (:func:`load_into`, then :func:`finish`)."""
    folder = Path(tempfile.mkdtemp(prefix=".store-", dir=dest.parent))
    try:
        load_into(folder, nquads_files)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finish(folder, dest)


def load_into(folder: Path, nquads_files: Iterable[Path], replaced: Path | None = None) -> None:
    """Bulk-load N-Quads files into the store being made in ``folder`` (new, or left by an earlier
    call), first removing from it the statements of the file ``replaced``. kg wrote the files,
    so the loader skips its checks of IRIs (``lenient``)."""
    store = _writable(folder)
    if replaced is not None:
        _remove(store, replaced)
    for path in nquads_files:
        for chunk in _chunks(path):
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS, lenient=True)  # kg wrote it: valid
    store.flush()


# RocksDB keeps open each table file it has opened, the file's index in memory, up to a
# number Oxigraph sets when it opens a store: the process's limit on open files, less 48.
# Under the usual limits (20,000 on this machine) that is every file a store has, so a
# process loading a store grew with it: in slices as a build loads them, 15 million lines of
# a 100,000-article build took it to 240 MiB, then removing 300,000 of them to 222 and the
# compaction to 198; with at most 64 files open, to 226, 205 and 175, in the same times.
# In the bench's builds of 100,000 and 200,000 articles, the loader 291 and 364 MiB → 265 and 283.
_TABLES_OPEN: Final = 64
_OXIGRAPH_OWN_FILES: Final = 48


def _writable(folder: Path) -> ox.Store:
    """The store in ``folder`` opened for writing, keeping at most ``_TABLES_OPEN`` of its
    table files open."""
    with _open_files_at_most(_TABLES_OPEN + _OXIGRAPH_OWN_FILES):
        return ox.Store(str(folder))


@contextlib.contextmanager
def _open_files_at_most(limit: int) -> Iterator[None]:
    """The process's limit on open files lowered to ``limit`` for the block, then put back. It is
    left alone where it is lower already, or where the process has many files open (or the
    system cannot tell how many), which a lower limit could make fail."""
    if sys.platform == "win32" or not _few_files_open(limit // 2):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft <= limit or hard != resource.RLIM_INFINITY and hard < limit:
        yield
        return
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _few_files_open(at_most: int) -> bool:
    try:
        return len(os.listdir("/proc/self/fd")) <= at_most
    except OSError:
        return False


def _remove(store: ox.Store, replaced: Path) -> None:
    """Remove the statements of ``replaced`` from ``store``, flushed to disk every ``_CHUNK_LINES``.

    A removal waits in RocksDB's memory until flushed: at 100,000 articles the identity pass
    replaced 448,505 statements, and the process removing them grew by 257 MiB, kept through
    the load that followed. Removing 450,000 statements from that build's store took it to
    274 MiB in 9.0 s unflushed, to 87 MiB in 6.2 s flushed every 100,000."""
    with open(replaced, "rb") as fh:
        for count, quad in enumerate(ox.parse(fh, format=ox.RdfFormat.N_QUADS, lenient=True), start=1):
            store.remove(quad)
            if count % _CHUNK_LINES == 0:
                store.flush()
    store.flush()


def finish(folder: Path, dest: Path) -> None:
    """Compact the store made in ``folder`` and move it to ``dest`` (``folder`` is gone either way).

    The slices of the bulk load leave many overlapping files on disk, and a lookup opens each
    of them. Compacted, the queries of the views ran 3-4 times faster (a 10,000-article
    build: 6 s of compaction, the views' queries 48 s → 18 s).
    """
    try:
        store = _writable(folder)
        store.optimize()
        store.flush()
        del store
        replace_dir(folder, dest)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# One bulk load holds its whole input in memory: the files are fed in slices, and each
# slice leaves its own files in the store for RocksDB to merge. Smaller slices, to a point,
# cost less on a big store as well as less memory: the staged files of 100,000 articles
# loaded as a build loads them (the own graphs, 4.0 GB of N-Quads; then the statements the
# renames changed removed, and the rest, 2.6 GB), each step in a fresh process, took
# 114.6 + 96.8 s, 203 + 158 cpu-s and at most 233 and 244 MiB in slices of 100,000 lines;
# 93.2 + 96.9 s, 155 + 148 cpu-s and 133 and 128 MiB in slices of 25,000 (the compaction
# after them 55.1 s against 52.6). The own graphs of 10,000 articles: 10.6, 7.9, 8.4 and
# 9.3 s (72, 90, 128 and 196 MiB) in slices of 10,000, 25,000, 50,000 and 100,000 lines;
# slices of 500,000 took more time and memory again at 100,000 articles.
_CHUNK_LINES = 25_000


def _chunks(path: Path) -> Iterator[bytes]:
    """The file in slices of whole lines (N-Quads is line-based), so memory stays flat."""
    with open(path, "rb") as fh:
        while chunk := b"".join(islice(fh, _CHUNK_LINES)):
            yield chunk


def write_files(paths: Sequence[Path], output: IO[bytes], *, graphs: bool) -> int:
    """N-Quads files in which no statement appears twice, streamed by Oxigraph as one TriG
    document (``graphs``) or, graphs left out, one Turtle document; prefixes bound. Returns
    how many statements were read (a store that loaded the files holds as many)."""
    prefixes = dict(sorted(PREFIXES.items()))
    read = 0

    def counted() -> Iterator[ox.Quad]:
        nonlocal read
        for quad in _parsed(paths):
            read += 1
            yield quad

    if graphs:
        ox.serialize(counted(), output, ox.RdfFormat.TRIG, prefixes=prefixes)
    else:
        ox.serialize((quad.triple for quad in counted()), output, ox.RdfFormat.TURTLE, prefixes=prefixes)
    return read


def _parsed(paths: Sequence[Path]) -> Iterator[ox.Quad]:
    for path in paths:
        with open(path, "rb") as fh:
            yield from ox.parse(fh, format=ox.RdfFormat.N_QUADS, lenient=True)


# SPARQL for kg query, kg serve and notebooks: any query form, results in the W3C formats,
# parameter values written as terms by pyoxigraph itself (so they are always escaped).

_XSD = "http://www.w3.org/2001/XMLSchema#"
_F = TypeVar("_F", ox.RdfFormat, ox.QueryResultsFormat)
RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or run, or a parameter value of the wrong kind."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What a query returned: a table (SELECT), a boolean (ASK) or Turtle (CONSTRUCT, DESCRIBE)."""

    variables: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    turtle: bytes | None = None


def term(kind: str, value: str) -> str:
    """The SPARQL syntax of a parameter value: ``term("vi", 'A "B"')`` → ``"A \\"B\\""@vi``."""
    try:
        if kind == "iri":
            return str(ox.NamedNode(value))
        if kind == "vi":
            return str(ox.Literal(value, language="vi"))
        if kind in ("date", "integer"):
            return str(ox.Literal(value, datatype=ox.NamedNode(_XSD + kind)))
        return str(ox.Literal(value))
    except ValueError as exc:
        raise QueryError(f"{value!r} is not a valid {kind}: {exc}") from exc


def _run(db: Store, sparql: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
         prefixes: bool = True) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query; the default graph is the union of the named graphs unless ``default_graphs`` are given."""
    try:
        return db._store.query(
            sparql, prefixes=PREFIXES if prefixes else None, use_default_graph_as_union=not default_graphs,
            default_graph=[ox.NamedNode(g) for g in default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in named_graphs] or None)
    except (SyntaxError, ValueError) as exc:
        message = str(exc).splitlines()[0]
        raise QueryError(f"bad SPARQL: {message[:200]}{'…' if len(message) > 200 else ''}") from exc
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def answer(db: Store, sparql: str) -> Answer:
    """Run any query form (standard prefixes predeclared) and return its result as plain values."""
    result = _run(db, sparql)
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        return Answer(names, tuple(tuple(map(_text, solution)) for solution in result))  # terms in column order
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    return Answer(turtle=_turtle(result))


def _turtle(triples: ox.QueryTriples) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(PREFIXES.items()))) or b""
    return data if not data or data.endswith(b"\n") else data + b"\n"


def results(db: Store, sparql: str, fmt: str) -> bytes:
    """A query's results in a W3C results format (csv, tsv, json, xml); graphs come back as Turtle."""
    result = _run(db, sparql)
    if isinstance(result, ox.QueryTriples):
        return _turtle(result)
    if isinstance(result, ox.QueryBoolean) and fmt in ("csv", "tsv"):
        return b"true\n" if result else b"false\n"
    return result.serialize(format=RESULT_FORMATS[fmt]) or b""


def respond(db: Store, sparql: str, accept: Sequence[str], default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = ()) -> tuple[bytes, str]:
    """For the SPARQL protocol: the body and media type of the first acceptable format.

    The query runs exactly as given (no predeclared prefixes), like any SPARQL endpoint.
    """
    result = _run(db, sparql, default_graphs, named_graphs, prefixes=False)
    if isinstance(result, ox.QueryTriples):
        rdf = _first_format(accept, ox.RdfFormat.from_media_type) or ox.RdfFormat.TURTLE
        return result.serialize(format=rdf) or b"", rdf.media_type
    fmt = _first_format(accept, ox.QueryResultsFormat.from_media_type) or ox.QueryResultsFormat.JSON
    return result.serialize(format=fmt) or b"", fmt.media_type


def _first_format(accept: Sequence[str], lookup: Callable[[str], _F | None]) -> _F | None:
    for media_type in accept:
        found = lookup(media_type)
        if found is not None:
            return found
    return None


def count_file(path: Path) -> int:
    """How many statements pyoxigraph's own parser reads from an RDF file (quads for TriG, N-Quads)."""
    try:
        with open(path, "rb") as fh:
            return sum(1 for _quad in ox.parse(fh, format=ox.RdfFormat.from_extension(path.suffix.lstrip("."))))
    except (SyntaxError, ValueError) as exc:
        raise OutputError(f"{path}: not readable RDF ({exc})") from exc
