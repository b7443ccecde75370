"""A second real triplestore: Virtuoso (Debian virtuoso-opensource), started here on loopback.

The server gets its own ini and database in a temporary folder; the build's TriG dump is loaded
with Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run``, through ``isql-vt``), and then the
triple counts of every graph and the answers of every canned question are compared with
the embedded store. ``kg push`` is checked against its Graph Store endpoint too. The server is
stopped by its PID.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from servers import answers, build_sample, free_port, graph_counts, select, stop, wait_until

from kg import push, query
from kg.ids import DEFAULT_BASE

DATA = DEFAULT_BASE + "graph/"
INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}, {dumps}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True)
class Virtuoso:
    sql: str  # host:port for isql-vt
    http: str  # http://host:port

    def isql(self, statements: str) -> str:
        proc = subprocess.run(["isql-vt", self.sql, "dba", "dba", f"exec={statements}"], capture_output=True,
                              text=True, timeout=300)
        output = proc.stdout + proc.stderr
        assert proc.returncode == 0 and "*** Error" not in output, output
        return output


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, out: Path) -> Iterator[Virtuoso]:
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource; scripts/run test installs it)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(dir=folder, dumps=out, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    with open(folder / "console.txt", "wb") as console:
        proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(ini)], cwd=folder, stdout=console,
                                stderr=subprocess.STDOUT)
    server = Virtuoso(f"127.0.0.1:{sql_port}", f"http://127.0.0.1:{http_port}")
    try:
        wait_until(lambda: answers(f"{server.http}/sparql?query=ASK%7B%7D"), "virtuoso-t", timeout=120, proc=proc)
        yield server
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def loaded(virtuoso: Virtuoso, out: Path) -> Virtuoso:
    """The TriG dump bulk-loaded: each named graph keeps its IRI."""
    virtuoso.isql(f"ld_dir('{out}', 'graph.trig', '{DATA}default'); rdf_loader_run(); checkpoint;")
    report = virtuoso.isql("SELECT ll_file, ll_state, ll_error FROM DB.DBA.LOAD_LIST;")
    assert "graph.trig" in report and "NULL" in report.split("graph.trig", 1)[1].splitlines()[0], report
    return virtuoso


def local_counts(out: Path) -> dict[str, int]:
    db = query.open_store(out)
    return {g: int(db.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")[0][0] or 0)
            for g in db.graphs()}


def test_bulk_loaded_counts_match_the_store(loaded: Virtuoso, out: Path) -> None:
    counts = graph_counts(f"{loaded.http}/sparql", DATA)
    assert counts == local_counts(out)
    assert sum(counts.values()) == len(query.open_store(out))


ASKED = {"attended": {"who": "Ban Thường vụ Thành ủy Bắc Kạn"}, "reported": {"who": "Triệu Thị Thu Hoài"},
         "events-of-body": {"body": "Tỉnh ủy Bắc Kạn"},
         "holder": {"post": "Bí thư Thành ủy Bắc Kạn", "date": "2023-06-26"}}  # else "Hoàng Duy Chinh"
BOOLEAN_COLUMNS = ("former", "spans")  # Virtuoso 7.2 writes every boolean as 1 or 0


@pytest.mark.parametrize("name", sorted(query.canned()))
def test_canned_answers_match_the_store(loaded: Virtuoso, out: Path, name: str) -> None:
    """Virtuoso's default graph is the union of its graphs, as the store's is."""
    db = query.open_store(out)
    question = query.canned()[name]
    one = ASKED.get(name, {question.params[0].name: "Hoàng Duy Chinh"})
    whole = {"article": str(query.run(db, question, one).rows[0][6])} if question.needs else {}  # evidence
    for values in (whole, one):
        sparql = query.bind(question, values)
        local = query.run(db, question, values)
        remote = [_booleans(local.variables, row) for row in select(f"{loaded.http}/sparql", sparql)]
        assert local.rows, (name, values)
        assert sorted(map(str, remote)) == sorted(map(str, local.rows)), (name, values)


def _booleans(columns: tuple[str, ...], row: tuple[str | None, ...]) -> tuple[str | None, ...]:
    return tuple({"1": "true", "0": "false"}.get(v or "", v) if c in BOOLEAN_COLUMNS else v
                 for c, v in zip(columns, row, strict=True))


def test_push_to_the_graph_store_endpoint(loaded: Virtuoso, out: Path) -> None:
    """kg push to /sparql-graph-crud-auth (digest authentication) replaces each graph: same counts after it."""
    options = push.PushOptions(f"{loaded.http}/sparql-graph-crud-auth", user="dba", password="dba")
    report = push.push(out, options)
    assert report.graphs == len(local_counts(out))
    assert graph_counts(f"{loaded.http}/sparql", DATA) == local_counts(out)
    refused = push.PushOptions(f"{loaded.http}/sparql-graph-crud-auth", user="dba", password="wrong", retries=0)
    with pytest.raises(push.PushError, match="HTTP 401 .*wants credentials"):
        push.push(out, refused)
