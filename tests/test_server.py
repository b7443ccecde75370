"""kg serve: a real read-only SPARQL endpoint on loopback, by both engines, checked against the store."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import answers, build_sample, free_port, select, stop, wait_until

from kg import query, server
from kg.store import Store

CHINH = "Hoàng Duy Chinh"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


def engines() -> list[str]:
    return ["python", "oxigraph"]


@pytest.fixture(scope="module", params=engines())
def endpoint(request: pytest.FixtureRequest, out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kg serve`` started as its own process on a free loopback port, stopped by PID."""
    engine = str(request.param)
    if engine == "oxigraph" and server.oxigraph_binary() is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph; it is in the test extra)")
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "out.txt"
    with open(log, "wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", str(out), "--port", str(port),
                                 "--engine", engine], stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/"), f"kg serve --engine {engine}", proc=proc)
        yield url
    finally:
        stop(proc)
    shown = "Oxigraph server" if engine == "oxigraph" else "pyoxigraph"
    assert f"SPARQL endpoint (read-only, {shown}): {url}" in log.read_text(encoding="utf-8")


def test_counts_match_the_store(endpoint: str, out: Path) -> None:
    db = query.open_store(out)
    (total,) = select(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(str(total[0])) == len(db)
    graphs = select(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(str(g[0]) for g in graphs) == db.graphs()


def test_the_default_graph_is_the_union(endpoint: str, out: Path) -> None:
    db = query.open_store(out)
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/vnpol/ontology#Person> }"
    assert select(endpoint, sparql, method="GET") == db.rows(sparql)


@pytest.mark.parametrize("name", ["chaired", "posts", "met-most", "evidence"])
def test_canned_questions_over_http(endpoint: str, out: Path, name: str) -> None:
    db = query.open_store(out)
    question = query.canned()[name]
    values = {question.params[0].name: CHINH}
    sparql = query.bind(question, values)
    assert sorted(map(str, select(endpoint, sparql))) == sorted(map(str, query.run(db, question, values).rows))


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
            method: str | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_formats_by_accept_header(endpoint: str) -> None:
    query_string = urllib.parse.urlencode({"query": "SELECT ?p WHERE { ?p a vnpol:Person } LIMIT 2".replace(
        "vnpol:", "<https://w3id.org/vnpol/ontology#").replace("Person", "Person>")})
    status, media, body = request(f"{endpoint}?{query_string}", headers={"Accept": "text/csv"})
    assert status == 200 and media.startswith("text/csv") and body.splitlines()[0] == b"p"
    status, media, body = request(f"{endpoint}?{query_string}", headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and b"<sparql" in body
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    status, media, body = request(endpoint, construct.encode(), {"Content-Type": "application/sparql-query",
                                                                 "Accept": "application/n-triples"})
    assert status == 200 and media.startswith("application/n-triples") and len(body.splitlines()) == 3


def test_updates_and_bad_queries_are_refused(endpoint: str, out: Path) -> None:
    before = len(query.open_store(out))
    update = b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    status, _media, _body = request(endpoint, update, {"Content-Type": "application/sparql-update"})
    assert status in (400, 403, 405, 415)
    form = urllib.parse.urlencode({"update": update.decode()}).encode()
    status, _media, _body = request(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status in (400, 403, 405)
    assert len(query.open_store(out)) == before
    status, _media, body = request(f"{endpoint}?{urllib.parse.urlencode({'query': 'SELECT ?x WHERE {'})}")
    assert status == 400 and body


def test_python_engine_in_process(out: Path) -> None:
    """The http.server layer itself: protocol details that the subprocess tests do not reach."""
    import threading

    db = Store.open(out / "store")
    httpd = server.make_server(db, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        assert request(f"{base}/nowhere")[0] == 404
        assert request(f"{base}/query")[0] == 400  # no query
        assert request(f"{base}/query", b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, method="PUT")[0] == 405
        one = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"
        graph = select(f"{base}/query", one)[0][0]
        scoped = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                         "default-graph-uri": graph})
        counted = request(f"{base}/sparql?{scoped}", headers={"Accept": "text/csv"})[2].split()[1]
        assert int(counted) == int(db.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0][0]
                                   or 0)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_protocol_helpers() -> None:
    assert server.accepted("text/csv;q=0.5, application/sparql-results+json, */*;q=0") == [
        "application/sparql-results+json", "text/csv"]
    request_ = server.parse_request("POST", "/query?default-graph-uri=urn:g", "application/x-www-form-urlencoded",
                                    b"query=ASK%7B%7D&named-graph-uri=urn:n")
    assert request_ == server.Request("ASK{}", False, ("urn:g",), ("urn:n",))
    assert server.parse_request("POST", "/query", "application/sparql-update", b"CLEAR ALL").update
    assert server.is_loopback("127.0.0.1") and server.is_loopback("::1") and server.is_loopback("localhost")
    assert not server.is_loopback("0.0.0.0")
    assert server.endpoint_url("::1", 7878) == "http://[::1]:7878/query"


def test_serve_errors(tmp_path: Path, out: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no store here (run kg build first)" in result.output
    port = free_port()
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        taken = CliRunner().invoke(cli, ["serve", "--out", str(out), "--port", str(port), "--engine", "python"])
    assert taken.exit_code == 1 and "pick another --port" in taken.output
